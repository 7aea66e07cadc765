#!/usr/bin/python3
"""The defaults study (issue 19): how much of the photo's structure each style weight keeps.

Runs gramstudio-cli on photo/painting pairs at a small and at the default size for several style
weights (same seed, everything else at its default), then measures the structure kept: SSIM of the
result's luminance against the photo's (Wang et al. 2004, 7x7 Gaussian window, on 0..255 grey), and
how much of the style it took: the final style loss relative to the photo's own (1 = no style taken,
0 = the painting's statistics). Writes a contact sheet (rows: pairs and sizes; columns: photo,
style weights) and a Markdown table.

Needs python3-numpy and python3-pil (Debian packages).

usage: defaults_study.py --cli build/bin/gramstudio-cli --images ../shared/images --out docs/study
                         [--weights 100,300,1000] [--sizes 192,512] [--iters 100[,60]]
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
from PIL import Image, ImageDraw

PAIRS = [
    ("building.jpg", "starry_night.jpg"),
    ("butterfly.jpg", "starry_night.jpg"),
    ("chelsea.png", "starry_night.jpg"),
    ("fruits.jpg", "starry_night.jpg"),
    ("home.jpg", "starry_night.jpg"),
    ("chelsea.png", "grass.png"),
]


def luminance(img):
    a = np.asarray(img.convert("RGB"), dtype=np.float64)
    return 0.299 * a[..., 0] + 0.587 * a[..., 1] + 0.114 * a[..., 2]


def gaussian_blur(a, sigma=1.5, radius=3):
    x = np.arange(-radius, radius + 1)
    k = np.exp(-(x ** 2) / (2 * sigma ** 2))
    k /= k.sum()
    a = np.apply_along_axis(lambda r: np.convolve(r, k, mode="valid"), 1, a)
    return np.apply_along_axis(lambda c: np.convolve(c, k, mode="valid"), 0, a)


def ssim(a, b):
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mu_a, mu_b = gaussian_blur(a), gaussian_blur(b)
    saa = gaussian_blur(a * a) - mu_a ** 2
    sbb = gaussian_blur(b * b) - mu_b ** 2
    sab = gaussian_blur(a * b) - mu_a * mu_b
    m = ((2 * mu_a * mu_b + c1) * (2 * sab + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (saa + sbb + c2))
    return float(m.mean())


def run(cli, photo, painting, size, weight, iters, out):
    """Runs one cell, or reads its summary back when an earlier study already made it."""
    summary_path = out + ".json"
    if os.path.exists(summary_path) and os.path.exists(out):
        with open(summary_path) as f:
            return json.load(f)
    args = [cli, "--content", photo, "--style", painting, "--size", str(size), "--iters", str(iters),
            "--style-weight", str(weight), "--seed", "1", "--out", out, "--json", "--quiet"]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("gramstudio-cli failed (%d): %s" % (done.returncode, done.stderr))
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    with open(summary_path, "w") as f:
        json.dump(summary, f)
    return summary


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cli", required=True)
    p.add_argument("--images", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--weights", default="100,300,1000")
    p.add_argument("--sizes", default="192,512")
    p.add_argument("--iters", default="100", help="iterations, one for all sizes or one per size")
    a = p.parse_args()
    weights = [float(w) for w in a.weights.split(",")]
    sizes = [int(s) for s in a.sizes.split(",")]
    iters = [int(i) for i in a.iters.split(",")]
    iters_of = dict(zip(sizes, iters if len(iters) == len(sizes) else iters[:1] * len(sizes)))
    os.makedirs(a.out, exist_ok=True)
    rows, table = [], []
    for size in sizes:
        for photo_name, painting_name in PAIRS:
            photo = os.path.join(a.images, photo_name)
            painting = os.path.join(a.images, painting_name)
            cells = []
            for weight in weights:
                out = os.path.join(a.out, "%s_%s_%d_w%g.png" % (photo_name.split(".")[0], painting_name.split(".")[0],
                                                                size, weight))
                summary = run(a.cli, photo, painting, size, weight, iters_of[size], out)
                result = Image.open(out)
                reference = Image.open(photo).convert("RGB").resize(result.size, Image.LANCZOS)
                s = ssim(luminance(result), luminance(reference))
                style_kept = summary["loss"]["style"] / max(summary["initial_loss"]["style"], 1e-12)
                table.append((photo_name, painting_name, size, weight, s, style_kept))
                print("%-14s %-17s %4d px  style %-6g  SSIM %.3f  style loss left %.3f" %
                      (photo_name, painting_name, size, weight, s, style_kept), flush=True)
                cells.append((result, "w %g  SSIM %.2f" % (weight, s)))
            rows.append((reference_thumb(photo, cells[0][0].size), cells,
                         "%s+%s %dpx %dit" % (photo_name.split(".")[0], painting_name.split(".")[0], size, iters_of[size])))
    contact_sheet(rows, os.path.join(a.out, "contact_sheet.png"))
    with open(os.path.join(a.out, "study.md"), "w") as f:
        f.write("Iterations per size: %s (L-BFGS, seed 1, everything else at its default).\n\n" %
                ", ".join("%d px: %d" % kv for kv in iters_of.items()))
        f.write("| photo | painting | size | style weight | SSIM (luminance) | style loss left |\n|---|---|---|---|---|---|\n")
        for r in table:
            f.write("| %s | %s | %d | %g | %.3f | %.3f |\n" % r)
        f.write("\nMeans over the pairs:\n\n| size | style weight | mean SSIM | mean style loss left |\n|---|---|---|---|\n")
        for size in sizes:
            for weight in weights:
                sel = [r for r in table if r[2] == size and r[3] == weight]
                f.write("| %d | %g | %.3f | %.3f |\n" % (size, weight, np.mean([r[4] for r in sel]),
                                                        np.mean([r[5] for r in sel])))


def reference_thumb(photo, size):
    return Image.open(photo).convert("RGB").resize(size, Image.LANCZOS)


def contact_sheet(rows, path, cell=160):
    cols = 1 + len(rows[0][1])
    sheet = Image.new("RGB", (cols * cell, len(rows) * (cell + 16)), "white")
    draw = ImageDraw.Draw(sheet)
    for r, (photo, cells, label) in enumerate(rows):
        y = r * (cell + 16)
        for c, (img, caption) in enumerate([(photo, label)] + cells):
            thumb = img.copy()
            thumb.thumbnail((cell - 4, cell - 4))
            sheet.paste(thumb, (c * cell + 2, y + 14))
            draw.text((c * cell + 2, y + 1), caption[:26], fill="black")
    sheet.save(path)


if __name__ == "__main__":
    main()
