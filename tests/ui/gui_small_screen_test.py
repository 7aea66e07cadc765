#!/usr/bin/env python3
"""The real gramstudio binary on a laptop-sized screen: under Xvfb at 1366x768 a fresh profile's
window, grabbed mid-run, must lie inside the screen with its status bar, loss plot and snapshot
strip on screen (where the window says they are, and the grab's own size)."""
import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui_e2e_test import read_png  # noqa: E402

SCREEN = (1366, 768)


def rect(text):
    x, y, w, h = map(int, re.match(r"(-?\d+),(-?\d+) (\d+)x(\d+)", text).groups())
    return x, y, w, h


def inside(r, screen):
    x, y, w, h = r
    return x >= screen[0] and y >= screen[1] and x + w <= screen[0] + screen[2] and y + h <= screen[1] + screen[3]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--images", required=True)
    parser.add_argument("--xvfb-run", default="xvfb-run")
    parser.add_argument("--keep", help="copy the screenshot here (to look at it)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GRAMSTUDIO_WEIGHTS=args.weights, XDG_CONFIG_HOME=f"{tmp}/config",
                   XDG_CACHE_HOME=f"{tmp}/cache", XDG_RUNTIME_DIR=tmp)
        env.pop("QT_QPA_PLATFORM", None)
        command = [args.xvfb_run, "-a", "-s", f"-screen 0 {SCREEN[0]}x{SCREEN[1]}x24", args.binary,
                   "--content", f"{args.images}/building.jpg", "--style", f"{args.images}/starry_night.jpg",
                   "--size", "64", "--start", "--screenshot", f"{tmp}/shot.png", "--screenshot-after", "3"]
        result = subprocess.run(command, env=env, timeout=200, capture_output=True, text=True)
        output = result.stdout + result.stderr
        print(output)
        if result.returncode != 0:
            sys.exit(f"gramstudio exited with {result.returncode}")
        match = re.search(r"geometry: frame (\S+ \S+); screen (\S+ \S+); status bar (\S+ \S+)( hidden)?; "
                          r"loss plot (\S+ \S+)( hidden)?; snapshot strip (\S+ \S+)( hidden)?", output)
        if not match:
            sys.exit("the window did not report its geometry")
        frame, screen = rect(match.group(1)), rect(match.group(2))
        parts = {"status bar": (match.group(3), match.group(4)), "loss plot": (match.group(5), match.group(6)),
                 "snapshot strip": (match.group(7), match.group(8))}
        print(f"frame {frame} on screen {screen}")
        if screen[2:] != SCREEN:
            sys.exit(f"the screen is {screen[2]}x{screen[3]}, not {SCREEN[0]}x{SCREEN[1]}")
        failures = []
        if not inside(frame, screen):
            failures.append(f"the window's frame {frame} does not fit the screen {screen}")
        for name, (where, hidden) in parts.items():
            if hidden or not inside(rect(where), screen) or rect(where)[3] < 10:
                failures.append(f"the {name} ({where}{hidden or ''}) is not on screen")
        shot = read_png(f"{tmp}/shot.png")
        width, height = len(shot[0]), len(shot)
        print(f"window grab {width}x{height}")
        if width > SCREEN[0] or height > SCREEN[1]:
            failures.append(f"the window ({width}x{height}) is larger than the screen")
        # The status bar shows the iteration: its bottom rows are not one flat colour.
        status = [p for row in shot[-18:-4] for p in row[: width // 2]]
        if len(set(status)) < 3:
            failures.append("the status bar's row of the grab is blank")
        if args.keep:
            with open(f"{tmp}/shot.png", "rb") as src, open(args.keep, "wb") as dst:
                dst.write(src.read())
        if failures:
            sys.exit("\n".join(failures))
    print("ok")


if __name__ == "__main__":
    main()
