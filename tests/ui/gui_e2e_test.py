#!/usr/bin/env python3
"""End-to-end: the real gramstudio binary under Xvfb, started from the command line, grabs its
window at two iterations; the canvas must show an image (not blank) that changes over time."""
import argparse
import os
import struct
import subprocess
import sys
import tempfile
import zlib


def read_png(path):
    """Decodes an 8-bit RGB/RGBA, non-interlaced PNG (what Qt writes) into rows of pixel tuples."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour {colour})")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, up_left = previous[i], (previous[i - channels] if i >= channels else 0)
            if kind == 1: line[i] = (line[i] + left) & 255
            elif kind == 2: line[i] = (line[i] + up) & 255
            elif kind == 3: line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return rows


def spread(rows):
    values = [sum(p) / 3 for row in rows[::2] for p in row[::2]]
    mean = sum(values) / len(values)
    return (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5


def mean_difference(a, b):
    total = count = 0
    for row_a, row_b in zip(a, b):
        for p, q in zip(row_a, row_b):
            total += sum(abs(x - y) for x, y in zip(p, q))
            count += 3
    return total / count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--images", required=True)
    parser.add_argument("--xvfb-run", default="xvfb-run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GRAMSTUDIO_WEIGHTS=args.weights, XDG_CONFIG_HOME=f"{tmp}/config",
                   XDG_CACHE_HOME=f"{tmp}/cache", XDG_RUNTIME_DIR=tmp)
        env.pop("QT_QPA_PLATFORM", None)  # the real xcb window, on the virtual display
        command = [args.xvfb_run, "-a", "-s", "-screen 0 1600x1000x24", args.binary,
                   "--content", f"{args.images}/building.jpg", "--style", f"{args.images}/starry_night.jpg",
                   "--size", "128", "--start", "--screenshot", f"{tmp}/shot.png", "--screenshot-after", "1,12"]
        result = subprocess.run(command, env=env, timeout=200, capture_output=True, text=True)
        print(result.stdout, result.stderr, sep="\n")
        if result.returncode != 0:
            sys.exit(f"gramstudio exited with {result.returncode}")
        early, late = read_png(f"{tmp}/shot-1.canvas.png"), read_png(f"{tmp}/shot-12.canvas.png")
        window = read_png(f"{tmp}/shot-12.png")
        print(f"window {len(window[0])}x{len(window)}; canvas spread {spread(early):.1f} -> {spread(late):.1f}; "
              f"mean change {mean_difference(early, late):.2f}")
        if len(window[0]) < 800 or len(window) < 500:
            sys.exit("the window grab is too small")
        if spread(early) < 10 or spread(late) < 10:
            sys.exit("the canvas is blank")
        if mean_difference(early, late) < 0.5:
            sys.exit("the canvas did not change between iteration 1 and 12")
    print("ok")


if __name__ == "__main__":
    main()
