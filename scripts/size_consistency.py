#!/usr/bin/python3
"""Does a large result keep the preview's look? (issue 16, part 2)

Runs gramstudio-cli on one photo and painting at the preview's size and at a large size, the large
one with the default scales (coarse to fine from near 512 px) and with one scale, every other
setting at its default. Each large result is downscaled to the preview's size (Lanczos) and
compared with the preview by
  - texture scale: the centroid of the luminance power spectrum, in octaves (log2 of cycles per
    pixel, weighted by power, Hann window, DC left out); a painting whose strokes are half the size
    sits one octave higher;
  - band distance: the L1 distance between the fractions of power in each octave band (0: the same
    mix of coarse and fine texture, 2: nothing in common);
  - SSIM of the luminance (defaults_study.py's), for the picture as a whole.
The yardstick is two previews that differ only by chance: noise starts with seeds 1 and 2.
Writes size_consistency.md (the table) and size_consistency.png (preview, large default and large
one-scale side by side, downscaled; below them a 100% crop of each large result).

Needs python3-numpy and python3-pil (Debian packages).

usage: size_consistency.py --cli build/bin/gramstudio-cli --images ../shared/images --out DIR
                           [--preview 512] [--large 1024] [--iters 100]
"""
import argparse
import os
import subprocess
import sys

import numpy as np
from PIL import Image

from defaults_study import luminance, ssim


def run(cli, photo, painting, size, iters, out, extra):
    if os.path.exists(out):
        return
    args = [cli, "--content", photo, "--style", painting, "--size", str(size), "--iters", str(iters),
            "--out", out, "--quiet"] + extra
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("gramstudio-cli failed (%d): %s" % (done.returncode, done.stderr))


def octave_power(grey):
    """Fractions of the (windowed) luminance power in octave bands, and the centroid in octaves."""
    h, w = grey.shape
    window = np.outer(np.hanning(h), np.hanning(w))
    spectrum = np.abs(np.fft.fft2((grey - grey.mean()) * window)) ** 2
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.fftfreq(w)[None, :]
    radius = np.sqrt(fy ** 2 + fx ** 2)  # cycles per pixel, up to about 0.7
    keep = radius >= 1.0 / max(h, w)
    octave = np.log2(radius[keep])
    power = spectrum[keep]
    centroid = float((octave * power).sum() / power.sum())
    edges = np.arange(np.floor(octave.min()), 0.0 + 1e-9, 1.0)
    bands, _ = np.histogram(octave, bins=edges, weights=power)
    return bands / bands.sum(), centroid


def compare(reference, other):
    ref_bands, ref_centroid = octave_power(luminance(reference))
    bands, centroid = octave_power(luminance(other))
    return {"octaves": centroid - ref_centroid,
            "bands": float(np.abs(bands - ref_bands).sum()),
            "ssim": ssim(luminance(reference), luminance(other))}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cli", required=True)
    p.add_argument("--images", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--photo", default="building.jpg")
    p.add_argument("--painting", default="starry_night.jpg")
    p.add_argument("--preview", type=int, default=512)
    p.add_argument("--large", type=int, default=1024)
    p.add_argument("--iters", type=int, default=100)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    photo, painting = os.path.join(a.images, a.photo), os.path.join(a.images, a.painting)
    path = lambda name: os.path.join(a.out, name + ".png")
    runs = {
        "preview": (a.preview, []),
        "noise1": (a.preview, ["--init", "noise", "--seed", "1"]),
        "noise2": (a.preview, ["--init", "noise", "--seed", "2"]),
        "large_default": (a.large, []),
        "large_one_scale": (a.large, ["--scales", "1"]),
    }
    for name, (size, extra) in runs.items():
        run(a.cli, photo, painting, size, a.iters, path(name), extra)
    preview = Image.open(path("preview")).convert("RGB")
    down = {name: Image.open(path(name)).convert("RGB").resize(preview.size, Image.LANCZOS)
            for name in ("large_default", "large_one_scale")}
    rows = [("two previews, noise starts (seeds 1, 2): the yardstick",
             compare(Image.open(path("noise1")).convert("RGB"), Image.open(path("noise2")).convert("RGB"))),
            ("%d px, default scales, downscaled, against the preview" % a.large, compare(preview, down["large_default"])),
            ("%d px, one scale, downscaled, against the preview" % a.large, compare(preview, down["large_one_scale"]))]
    lines = ["| pair | texture scale (octaves finer) | band distance | SSIM |", "|---|---|---|---|"]
    for label, m in rows:
        lines.append("| %s | %+.3f | %.3f | %.3f |" % (label, m["octaves"], m["bands"], m["ssim"]))
    table = "\n".join(lines)
    header = ("%s and %s, %d iterations, everything else at its default; the preview %d px, the large "
              "results %d px.\n\n" % (a.photo, a.painting, a.iters, a.preview, a.large))
    with open(os.path.join(a.out, "size_consistency.md"), "w") as f:
        f.write(header + table + "\n")
    print(table)

    # The picture: three at the preview's size, then a 100% crop of each large result's centre.
    w, h = preview.size
    crop = min(w, h) // 2
    sheet = Image.new("RGB", (3 * w, h + crop), "white")
    for i, image in enumerate([preview, down["large_default"], down["large_one_scale"]]):
        sheet.paste(image, (i * w, 0))
    for i, name in enumerate(("large_default", "large_one_scale")):
        full = Image.open(path(name)).convert("RGB")
        cx, cy = full.size[0] // 2, full.size[1] // 2
        sheet.paste(full.crop((cx - crop // 2, cy - crop // 2, cx + crop // 2, cy + crop // 2)),
                    ((i + 1) * w + (w - crop) // 2, h))
    sheet.save(os.path.join(a.out, "size_consistency.png"))


if __name__ == "__main__":
    main()
