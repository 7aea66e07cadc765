#!/usr/bin/python3
"""The border effect isolated from the photo: a picture's edge pixels against the same pixels
painted inside a larger picture.

The photo is resized to OUTER px (longest side) and stylized whole; its inner part, INSET px in
from every edge, is stylized on its own at the same pixel scale (the painting's size kept the
same through --style-scale). Away from its edges the inner result paints what the whole one
paints there; along its edges it differs only by what the edge does. Per side, the band's
(3 px) mean luminance difference (inner result minus the whole result at the same pixels) against
the ring's just inside (the next 8 px), and the outermost line's alone.

  scripts/border_inset.py PHOTO [--padding P ...] [--outer 288] [--inset 16] [--iters 40]
Needs build/bin/gramstudio-cli, GRAMSTUDIO_WEIGHTS, python3-numpy and python3-pil.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.path.join(ROOT, "build", "bin", "gramstudio-cli")
STYLE = os.path.join(ROOT, "..", "shared", "images", "starry_night.jpg")


def luminance(image):
    return np.asarray(image.convert("RGB"), dtype=float) @ np.array([0.299, 0.587, 0.114])


def stylize(content, size, style_scale, padding, iters, out):
    subprocess.run([CLI, "--content", content, "--style", STYLE, "--size", str(size), "--iters", str(iters),
                    "--seed", "1", "--padding", padding, "--style-scale", repr(style_scale), "--out", out,
                    "--quiet"], check=True)
    return luminance(Image.open(out))


def sides(difference, band=3, ring=8, offset=0):
    """Per side: band mean, ring mean, outermost line mean of a difference map (corners left out),
    the band starting `offset` lines in (offset > 0: the same statistic inside, where no edge is)."""
    h, w = difference.shape
    c = band + offset
    views = {"left": difference[c:h - c, :].T, "top": difference[:, c:w - c],
             "right": difference[c:h - c, ::-1].T, "bottom": difference[::-1, c:w - c]}
    return {name: (v[offset:offset + band].mean(), v[offset + band:offset + band + ring].mean(), v[offset].mean())
            for name, v in views.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("photo")
    parser.add_argument("--padding", nargs="+", default=["bleed", "reflect", "zero"])
    parser.add_argument("--outer", type=int, default=288)
    parser.add_argument("--inset", type=int, default=16)
    parser.add_argument("--iters", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        photo = Image.open(args.photo).convert("RGB")
        scale = args.outer / max(photo.size)
        whole = photo.resize((round(photo.size[0] * scale), round(photo.size[1] * scale)), Image.BOX)
        i = args.inset
        inner = whole.crop((i, i, whole.size[0] - i, whole.size[1] - i))
        whole.save(os.path.join(work, "whole.png"))
        inner.save(os.path.join(work, "inner.png"))
        inner_size = max(inner.size)
        results = {}
        for padding in args.padding:
            big = stylize(os.path.join(work, "whole.png"), max(whole.size), 1.0, padding, args.iters,
                          os.path.join(work, f"whole_{padding}.png"))
            small = stylize(os.path.join(work, "inner.png"), inner_size, max(whole.size) / inner_size, padding,
                            args.iters, os.path.join(work, f"inner_{padding}.png"))
            measured = sides(small - big[i:-i, i:-i])
            inside = [abs(band - ring) for offset in (12, 20, 28, 36) for band, ring, _ in
                      sides(small - big[i:-i, i:-i], offset=offset).values()]
            excess = {name: band - ring for name, (band, ring, _) in measured.items()}
            line = {name: outer - ring for name, (_, ring, outer) in measured.items()}
            results[padding] = {"band_minus_ring": excess, "outer_line_minus_ring": line,
                                "mean_abs": float(np.mean(np.abs(list(excess.values())))),
                                "worst": max(excess.values(), key=abs),
                                "worst_line": max(line.values(), key=abs),
                                "inside_mean_abs": float(np.mean(inside)), "inside_p90": float(np.percentile(inside, 90))}
            print(f"{os.path.basename(args.photo)} {padding}: band minus ring, mean |.| {results[padding]['mean_abs']:.1f}, "
                  f"worst {results[padding]['worst']:+.1f} (the same 12-36 px inside: mean |.| "
                  f"{results[padding]['inside_mean_abs']:.1f}, 90th percentile {results[padding]['inside_p90']:.1f}); outer line worst {results[padding]['worst_line']:+.1f} (" +
                  ", ".join(f"{k} {v:+.1f}/{line[k]:+.1f}" for k, v in excess.items()) + ")", flush=True)


if __name__ == "__main__":
    main()
