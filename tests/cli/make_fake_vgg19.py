#!/usr/bin/env python3
"""Builds a stand-in for timm's full VGG-19 model.safetensors for the fetch-weights tests.

The shared file's conv1_1..conv3_4 tensors are copied as they are; conv4_1..conv5_4 are
zero-filled; a large dummy classifier tensor lies between conv3_4 and conv4_1 in the data, so a
download of the conv layers alone must skip it. Zeros are written as holes (a sparse file).

usage: make_fake_vgg19.py SHARED_WEIGHTS OUT [--classifier-mb N]
"""
import argparse
import json
import struct

CONVS = [  # (feature index, out channels, in channels) of VGG-19's 16 conv layers
    (0, 64, 3), (2, 64, 64), (5, 128, 64), (7, 128, 128),
    (10, 256, 128), (12, 256, 256), (14, 256, 256), (16, 256, 256),
    (19, 512, 256), (21, 512, 512), (23, 512, 512), (25, 512, 512),
    (28, 512, 512), (30, 512, 512), (32, 512, 512), (34, 512, 512),
]


def read_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        return header, f.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("shared")
    parser.add_argument("out")
    parser.add_argument("--classifier-mb", type=int, default=32)
    args = parser.parse_args()

    source, source_data = read_safetensors(args.shared)
    header = {"__metadata__": dict(source.get("__metadata__", {}), format="pt")}
    chunks = []  # (bytes or a count of zero bytes)
    offset = 0

    def add(name, shape, data=None):
        nonlocal offset
        size = 4
        for extent in shape:
            size *= extent
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + size]}
        chunks.append(data if data is not None else size)
        offset += size

    for index, out, inp in CONVS:
        for suffix, shape in (("weight", [out, inp, 3, 3]), ("bias", [out])):
            name = "features.%d.%s" % (index, suffix)
            if name in source:
                begin, end = source[name]["data_offsets"]
                add(name, shape, source_data[begin:end])
            else:
                add(name, shape)
        if index == 16:
            add("pre_logits.fc1.weight", [args.classifier_mb * 1024 * 256])
    add("head.fc.bias", [1000])

    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(args.out, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            if isinstance(chunk, int):
                f.seek(chunk, 1)
            else:
                f.write(chunk)
        f.truncate()


if __name__ == "__main__":
    main()
