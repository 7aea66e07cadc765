#!/usr/bin/python3
"""The peer of gramstudio-bench: the same Gatys style transfer written plainly in PyTorch.

Same weights file, padding (reflect by default, --padding zero), layers (style conv1_1, conv2_1, conv3_1; content conv3_2 for the shared
file), preprocessing (caffe BGR 0..255 minus the mean when the file says so), normalized losses
(engine/losses.h, engine/objective.cpp), average pooling and optimizer semantics: one iteration
is one forward/backward; Adam lr 0.02; L-BFGS is torch.optim.LBFGS(max_iter=1,
history_size=100, line_search_fn=None) stepped once per iteration. In compare mode the two
variants share one batched forward/backward and each has its own optimizer, as in the engine.

Prints one JSON object: seconds per iteration (median after warm-up) and the losses.
Run with /usr/bin/python3 (Debian's python3-torch); reads images with PIL.
"""
import argparse
import json
import os
import statistics
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

LAYERS = ["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv3_4",
          "conv4_1", "conv4_2", "conv4_3", "conv4_4", "conv5_1", "conv5_2", "conv5_3", "conv5_4"]
FEATURE_INDEX = [0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34]
POOL_AFTER = {"conv1_2", "conv2_2", "conv3_4", "conv4_4"}


def read_safetensors(path):
    """Minimal safetensors reader (F32 only), so no extra module is needed."""
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    if header_len > len(data) - 8:
        raise ValueError(f"{path}: header length {header_len} exceeds the file size")
    header = json.loads(data[8:8 + header_len])
    metadata = header.pop("__metadata__", {}) or {}
    body = memoryview(data)[8 + header_len:]
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} has dtype {entry['dtype']}, expected F32")
        begin, end = entry["data_offsets"]
        array = np.frombuffer(body[begin:end], dtype="<f4").reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors, metadata


class Vgg19Features(torch.nn.Module):
    def __init__(self, path, padding="reflect"):
        super().__init__()
        tensors, metadata = read_safetensors(path)
        self.caffe = metadata.get("input") == "caffe_bgr_255"
        self.available = [n for n, i in zip(LAYERS, FEATURE_INDEX) if f"features.{i}.weight" in tensors]
        self.convs = torch.nn.ModuleDict()
        for name, index in zip(LAYERS, FEATURE_INDEX):
            if name not in self.available:
                break
            weight = tensors[f"features.{index}.weight"]
            # The engine's default mirrors the image beyond its edge (reflect); "zero" is the paper's.
            conv = torch.nn.Conv2d(weight.shape[1], weight.shape[0], 3, padding=1,
                                   padding_mode="reflect" if padding == "reflect" else "zeros")
            conv.weight.data.copy_(weight)
            conv.bias.data.copy_(tensors[f"features.{index}.bias"])
            self.convs[name] = conv
        for p in self.parameters():
            p.requires_grad_(False)
        if self.caffe:
            self.register_buffer("mean", torch.tensor([103.939, 116.779, 123.68]).view(1, 3, 1, 1))
            self.register_buffer("scale", torch.full((1, 3, 1, 1), 255.0))
        else:
            std = torch.tensor([0.229, 0.224, 0.225])
            self.register_buffer("mean", (torch.tensor([0.485, 0.456, 0.406]) / std).view(1, 3, 1, 1))
            self.register_buffer("scale", (1.0 / std).view(1, 3, 1, 1))

    def preprocess(self, rgb01):
        x = rgb01.flip(1) if self.caffe else rgb01
        return x * self.scale - self.mean

    def forward(self, x, wanted):
        deepest = max(LAYERS.index(n) for n in wanted)
        out = {}
        for name in LAYERS[:deepest + 1]:
            x = F.relu(self.convs[name](x), inplace=True)
            if name in wanted:
                out[name] = x
            if name in POOL_AFTER and LAYERS.index(name) < deepest:
                x = F.avg_pool2d(x, 2, 2)  # average pooling, as the engine's default
        return out


def statistics_of(features, mode):
    b, n, h, w = features.shape
    f = features.reshape(b, n, h * w)
    if mode == "full":
        return torch.bmm(f, f.transpose(1, 2)) / (h * w)
    if mode == "diag":
        return f.pow(2).sum(2) / (h * w)
    mean = f.mean(2)
    var = (f - mean.unsqueeze(2)).pow(2).mean(2)
    return torch.stack([mean, (var + 1e-8).sqrt()], 1)


class FusedFullStyleLoss(torch.autograd.Function):
    """Experiment (--fused-gram): the full style loss with its gradient written out,
    dE/dF = 4 c / M (G/M - A) F, one bmm instead of autograd's two plus an add."""

    @staticmethod
    def forward(ctx, f, target, factor):
        m = f.shape[2]
        diff = torch.bmm(f, f.transpose(1, 2)).div_(m).sub_(target)
        ctx.save_for_backward(f, diff)
        ctx.scale = 4.0 * factor / m
        return diff.pow(2).sum() * factor

    @staticmethod
    def backward(ctx, grad):
        f, diff = ctx.saved_tensors
        return torch.bmm(diff, f).mul_(grad * ctx.scale), None, None


def style_factor(n, mode):
    return 1.0 / n if mode == "meanstd" else 1.0 / (4.0 * n * n)


class Objective:
    """Normalized content + style + TV losses (engine/objective.cpp), one image per variant."""

    def __init__(self, model, content, style, modes, args):
        self.model, self.modes, self.args = model, modes, args
        self.style_layers = ["conv1_1", "conv2_1", "conv3_1"] if not args.style_layers else args.style_layers.split(",")
        self.content_layer = args.content_layer
        with torch.no_grad():
            p = model(model.preprocess(content), {self.content_layer})[self.content_layer].clone()
            self.content_target = p
            self.content_zero = 0.5 * p.pow(2).sum().item()
            feats = model(model.preprocess(style), set(self.style_layers))
            self.targets, self.style_zero = {}, {}
            for mode in set(modes):
                zero = 0.0
                for layer in self.style_layers:
                    stats = statistics_of(feats[layer], mode)[0].clone()
                    self.targets[(layer, mode)] = stats
                    zero += style_factor(feats[layer].shape[1], mode) * stats.pow(2).sum().item()
                self.style_zero[mode] = zero

    def __call__(self, x):
        a = self.args
        feats = self.model(self.model.preprocess(x), set(self.style_layers) | {self.content_layer})
        b = x.shape[0]
        content = 0.5 * (feats[self.content_layer] - self.content_target).pow(2).reshape(b, -1).sum(1)
        content = content * (a.content_weight / self.content_zero)
        down = (x[:, :, 1:, :] - x[:, :, :-1, :]).pow(2).reshape(b, -1).mean(1)
        right = (x[:, :, :, 1:] - x[:, :, :, :-1]).pow(2).reshape(b, -1).mean(1)
        tv = (down + right) * a.tv_weight
        totals = []
        for v, mode in enumerate(self.modes):
            style = 0.0
            for layer in self.style_layers:
                f = feats[layer][v:v + 1]
                if mode == "full" and a.fused_gram:
                    flat = f.reshape(1, f.shape[1], -1)
                    style = style + FusedFullStyleLoss.apply(flat, self.targets[(layer, mode)].unsqueeze(0),
                                                             style_factor(f.shape[1], mode))
                    continue
                diff = statistics_of(f, mode) - self.targets[(layer, mode)].unsqueeze(0)
                style = style + diff.pow(2).sum() * style_factor(f.shape[1], mode)
            totals.append(content[v] + tv[v] + style * (a.style_weight / self.style_zero[mode]))
        return totals


def load_rgb(path, size):
    image = Image.open(path).convert("RGB")
    if size and max(image.size) != size:
        scale = size / max(image.size)
        target = (max(1, round(image.size[0] * scale)), max(1, round(image.size[1] * scale)))
        image = image.resize(target, Image.BOX if scale < 1 else Image.BICUBIC)
    array = np.asarray(image, dtype=np.float32) / 255.0
    return torch.from_numpy(array).permute(2, 0, 1).unsqueeze(0).contiguous()


def default_path(*parts):
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", *parts)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--weights", default=os.environ.get("GRAMSTUDIO_WEIGHTS") or
                   default_path("models", "vgg19-imagenet-conv1_1-conv3_4.safetensors"))
    p.add_argument("--content", default=default_path("images", "building.jpg"))
    p.add_argument("--style", default=default_path("images", "starry_night.jpg"))
    p.add_argument("--size", type=int, default=384, help="longest side of content and style")
    p.add_argument("--mode", default="full", choices=["full", "diag", "meanstd"])
    p.add_argument("--compare", default="", choices=["", "full", "diag", "meanstd"],
                   help="second variant batched with the first (compare mode)")
    p.add_argument("--optimizer", default="adam", choices=["lbfgs", "adam"])
    p.add_argument("--iters", type=int, default=10, help="timed iterations")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=0, help="0: all cores")
    p.add_argument("--padding", default="reflect", choices=["reflect", "zero"])
    p.add_argument("--content-weight", type=float, default=1.0)
    p.add_argument("--style-weight", type=float, default=1000.0)
    p.add_argument("--tv-weight", type=float, default=10.0)
    p.add_argument("--style-layers", default="")
    p.add_argument("--content-layer", default="conv3_2")
    p.add_argument("--channels-last", action="store_true", help="experiment: channels-last memory format")
    p.add_argument("--fused-gram", action="store_true", help="experiment: full style loss with a hand-written backward")
    p.add_argument("--profile", action="store_true", help="print the autograd profiler's table of the timed iterations")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    threads = args.threads or os.cpu_count()
    torch.set_num_threads(threads)
    model = Vgg19Features(args.weights, args.padding).eval()
    content = load_rgb(args.content, args.size)
    style = load_rgb(args.style, args.size)
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
    modes = [args.mode] + ([args.compare] if args.compare else [])
    objective = Objective(model, content, style, modes, args)

    # One leaf image per variant, so each optimizer sees only its own image (compare semantics).
    images = [content.clone().requires_grad_(True) for _ in modes]
    if args.optimizer == "adam":
        optimizers = [torch.optim.Adam([x], lr=0.02) for x in images]
    else:
        optimizers = [torch.optim.LBFGS([x], lr=1.0, max_iter=1, history_size=100, line_search_fn=None,
                                        tolerance_grad=0.0, tolerance_change=0.0) for x in images]
    memory_format = torch.channels_last if args.channels_last else torch.contiguous_format

    losses = []

    def iteration():
        for o in optimizers:
            o.zero_grad()
        batch = torch.cat(images).contiguous(memory_format=memory_format) if len(images) > 1 else \
            images[0].contiguous(memory_format=memory_format)
        totals = objective(batch)
        sum(totals).backward()
        losses.append([t.item() for t in totals])
        for o, t in zip(optimizers, totals):
            o.step(lambda t=t: t)  # the gradient is already in x.grad: no second evaluation

    seconds = []
    for i in range(args.warmup + args.iters):
        if args.profile and i == args.warmup:
            profiler = torch.autograd.profiler.profile()
            profiler.__enter__()
        start = time.perf_counter()
        iteration()
        seconds.append(time.perf_counter() - start)
    if args.profile:
        profiler.__exit__(None, None, None)
        print(profiler.key_averages().table(sort_by="self_cpu_time_total", row_limit=30), file=sys.stderr)
    timed = seconds[args.warmup:]
    print(json.dumps({
        "implementation": "pytorch", "torch": torch.__version__, "size": args.size,
        "height": content.shape[2], "width": content.shape[3], "mode": args.mode, "padding": args.padding,
        "compare": args.compare, "optimizer": args.optimizer, "threads": torch.get_num_threads(),
        "iterations": args.iters, "warmup": args.warmup, "channels_last": args.channels_last,
        "fused_gram": args.fused_gram,
        "seconds_per_iteration": statistics.median(timed), "seconds": timed,
        "initial_loss": losses[0], "final_loss": losses[-1],
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
