#!/usr/bin/env python3
"""The masks of the README's regions picture (docs/regions/): chelsea.png (451x300) with its face
protected (an ellipse, soft edge) and the rest split down the middle, starry_night.jpg on the left
and grass.png on the right. Needs python3-numpy and python3-pil.

    scripts/make_region_masks.py [OUT_DIR]   (default docs/regions)
"""
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 451, 300
FACE = (105, 25, 375, 300)  # the cat's face and chest, left top right bottom


def soft(draw_shape, blur):
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw_shape(ImageDraw.Draw(image))
    return np.asarray(image.filter(ImageFilter.GaussianBlur(blur)), dtype=float) / 255


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "docs", "regions")
    os.makedirs(out, exist_ok=True)
    face = soft(lambda d: d.ellipse(FACE, fill=255), 8)
    left = soft(lambda d: d.rectangle((0, 0, WIDTH // 2 - 1, HEIGHT), fill=255), 6)
    for name, mask in (("starry_night", (1 - face) * left), ("grass", (1 - face) * (1 - left))):
        path = os.path.join(out, f"chelsea_mask_{name}.png")
        Image.fromarray((mask * 255).round().astype("uint8")).save(path)
        print("wrote", path)


if __name__ == "__main__":
    main()
