#!/usr/bin/env python3
"""Checks models/manifest.json: every entry is complete and well formed, and the development entry
matches the real file in the shared models folder (size, sha256, tensors, input convention).

Usage: manifest_test.py MANIFEST_JSON SHARED_MODELS_DIR
Exit 0: pass, 1: fail, 77 (CTest: skipped): the shared development file is absent.
"""
import hashlib
import json
import os
import re
import struct
import sys

CONV_LAYERS = ["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv3_4",
               "conv4_1", "conv4_2", "conv4_3", "conv4_4", "conv5_1", "conv5_2", "conv5_3", "conv5_4"]
FEATURE_INDEX = dict(zip(CONV_LAYERS, [0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34]))
CONVENTIONS = {"caffe_bgr_255", "torch_rgb_normalized"}
REQUIRED = ["id", "name", "file_name", "url", "size_bytes", "sha256", "format", "layers",
            "input_convention", "licence", "notes"]
DEV_ID = "vgg19-imagenet-conv1_1-conv3_4"

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def check_entry(entry):
    where = "entry " + str(entry.get("id", "?"))
    for key in REQUIRED:
        check(key in entry, f"{where}: missing '{key}'")
    url = entry.get("url")
    check(url is None or re.fullmatch(r"https://\S+", url or ""), f"{where}: url must be https or null: {url}")
    sha = entry.get("sha256")
    check(sha is None or re.fullmatch(r"[0-9a-f]{64}", sha or ""), f"{where}: sha256 must be 64 hex digits or null")
    size = entry.get("size_bytes")
    check(size is None or (isinstance(size, int) and size > 0), f"{where}: size_bytes must be a positive integer or null")
    check(entry.get("format") == "safetensors", f"{where}: format must be safetensors")
    check(entry.get("input_convention") in CONVENTIONS, f"{where}: unknown input_convention")
    check(entry.get("file_name", "").endswith(".safetensors"), f"{where}: file_name must end in .safetensors")
    convs = [layer for layer in entry.get("layers", []) if layer != "classifier"]
    # Files hold a prefix of the network (conv1_1 first), which is what the engine loads.
    check(convs and convs == CONV_LAYERS[:len(convs)], f"{where}: layers must be a prefix of conv1_1..conv5_4: {convs}")


def read_safetensors_header(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        check(length < os.path.getsize(path), f"{path}: header length {length} exceeds the file")
        return json.loads(f.read(length))


def check_dev_file(entry, models_dir):
    path = os.path.join(models_dir, entry["file_name"])
    if not os.path.isfile(path):
        print(f"SKIP: {path} not present (no shared development tree)")
        sys.exit(77)
    check(os.path.getsize(path) == entry["size_bytes"],
          f"{path}: size {os.path.getsize(path)} != manifest {entry['size_bytes']}")
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    check(digest.hexdigest() == entry["sha256"], f"{path}: sha256 {digest.hexdigest()} != manifest {entry['sha256']}")
    header = read_safetensors_header(path)
    expected = {f"features.{FEATURE_INDEX[l]}.{kind}" for l in entry["layers"] for kind in ("weight", "bias")}
    actual = {name for name in header if name != "__metadata__"}
    check(actual == expected, f"{path}: tensors {sorted(actual ^ expected)} differ from the manifest's layers")
    check(header.get("__metadata__", {}).get("input") == entry["input_convention"],
          f"{path}: __metadata__.input differs from the manifest's input_convention")


def main():
    manifest_path, models_dir = sys.argv[1], sys.argv[2]
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    models = manifest.get("models", [])
    check(manifest.get("schema_version") == 1, "schema_version must be 1")
    ids = [m.get("id") for m in models]
    check(len(ids) == len(set(ids)), f"duplicate ids: {ids}")
    check({DEV_ID, "timm-vgg19.tv_in1k", "vgg19-tv_in1k-conv"} <= set(ids), f"expected entries missing: {ids}")
    for entry in models:
        check_entry(entry)
    timm = next((m for m in models if m.get("id") == "timm-vgg19.tv_in1k"), {})
    check(timm.get("url", "").startswith("https://huggingface.co/timm/vgg19.tv_in1k/"), "timm entry: wrong url")
    dev = next((m for m in models if m.get("id") == DEV_ID), None)
    if dev is not None and not failures:
        check_dev_file(dev, models_dir)
    for message in failures:
        print("FAIL:", message)
    print(f"{len(models)} manifest entries checked, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
