#!/usr/bin/env python3
"""Measures dense attention on a CUDA GPU with PyTorch and writes the CSV that
org.spattensim.results.baseline.gpu.MeasuredGpuTimings imports (./spatten baseline --gpu-csv FILE).

    python3 tools/gpu_baseline.py -o results/gpu/h100.csv                 # default shapes, both kernels
    python3 tools/gpu_baseline.py --shapes gpt2-small-decode --kernels sdpa --dtype fp16 -o out.csv

What one row measures: the whole shape, as the CPU baseline does - every layer (each with its own
Q/K/V tensors) and, for decode, every step over the K/V cache grown so far - timed with CUDA events
around the whole run, after warm-up runs; the CSV holds the median over the timed repeats.
Kernels: "eager" = matmul, scale, [masked_fill], softmax, matmul (the 2020 PyTorch way);
"sdpa" = torch.nn.functional.scaled_dot_product_attention (fused; FlashAttention where available).
Before timing, both kernels are checked against a float64 reference on the first layer.
Shapes use the grammar of AttentionShape.parse (see tools/cpu_attention_numpy.py).
Rows are appended to an existing file with the same header.
"""
import argparse
import csv
import datetime
import math
import os
import statistics
import subprocess
import sys

import torch
import torch.nn.functional as F

from attention_shapes import parse_shape

COLUMNS = ["gpu", "device_name", "layers", "query_heads", "kv_heads", "head_dim", "context_length", "queries",
           "mode", "causal", "kernel", "dtype", "median_latency_s", "repeats", "date", "driver", "torch_version"]

DEFAULT_SHAPES = ["gpt2-small-decode", "gpt2-small-prefill", "gpt2-medium-decode", "bert-base-512", "bert-large-512"]


def gpu_id(name):
    n = name.lower()
    for key, gid in (("h100", "h100"), ("a100", "a100"), ("v100", "v100"), ("titan xp", "titan-xp"),
                     ("tegra x1", "jetson-nano"), ("nano", "jetson-nano")):
        if key in n:
            return gid
    return "".join(c if c.isalnum() else "-" for c in n).strip("-")


def driver_version():
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=30)
        v = out.stdout.strip().splitlines()
        return v[0].strip() if out.returncode == 0 and v else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def make_layers(s, dtype, device, gen):
    layers = []
    for _ in range(s["layers"]):
        q = torch.rand((1, s["heads"], s["queries"], s["d"]), generator=gen, device=device) * 2 - 1
        k = torch.rand((1, s["kv"], s["context"], s["d"]), generator=gen, device=device) * 2 - 1
        v = torch.rand((1, s["kv"], s["context"], s["d"]), generator=gen, device=device) * 2 - 1
        layers.append((q.to(dtype), k.to(dtype), v.to(dtype)))
    return layers


def expand_kv(x, g):
    # grouped-query attention: each K/V head serves g query heads (what HF's repeat_kv does)
    return x if g == 1 else x.repeat_interleave(g, dim=1)


def causal_mask(n, keys, device):
    """True where masked: query i (position keys - n + i) must not see later keys (bottom-right aligned)."""
    rows = torch.arange(n, device=device)[:, None] + (keys - n)
    cols = torch.arange(keys, device=device)[None, :]
    return cols > rows


def attend(kernel, q, k, v, mask, scale):
    if kernel == "eager":
        sc = torch.matmul(q, k.transpose(-2, -1)) * scale
        if mask is not None:
            sc = sc.masked_fill(mask, float("-inf"))
        return torch.matmul(torch.softmax(sc, dim=-1), v)
    if mask is None:
        return F.scaled_dot_product_attention(q, k, v)
    if mask.shape[0] == mask.shape[1]:
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return F.scaled_dot_product_attention(q, k, v, attn_mask=~mask)   # SDPA bool mask: True = attend


def run_once(kernel, s, layers, mask):
    scale = 1.0 / math.sqrt(s["d"])
    g = s["heads"] // s["kv"]
    out = None
    if s["mode"] == "prefill":
        for q, k, v in layers:
            out = attend(kernel, q, expand_kv(k, g), expand_kv(v, g), mask, scale)
    else:
        p = s["context"] - s["queries"]
        for step in range(s["queries"]):
            keys = p + step + 1
            for q, k, v in layers:
                out = attend(kernel, q[:, :, step:step + 1], expand_kv(k[:, :, :keys], g),
                             expand_kv(v[:, :, :keys], g), None, scale)
    return out


def check(kernel, s, layers, mask, tol):
    """First layer (prefill) or first and last step (decode) against a float64 reference."""
    q, k, v = layers[0]
    g = s["heads"] // s["kv"]
    scale = 1.0 / math.sqrt(s["d"])
    if s["mode"] == "prefill":
        cases = [(q, k, v, mask)]
    else:
        p = s["context"] - s["queries"]
        cases = [(q[:, :, st:st + 1], k[:, :, :p + st + 1], v[:, :, :p + st + 1], None) for st in (0, s["queries"] - 1)]
    worst = 0.0
    for qq, kk, vv, m in cases:
        got = attend(kernel, qq, expand_kv(kk, g), expand_kv(vv, g), m, scale).double()
        sc = torch.matmul(qq.double(), expand_kv(kk, g).double().transpose(-2, -1)) * scale
        if m is not None:
            sc = sc.masked_fill(m, float("-inf"))
        ref = torch.matmul(torch.softmax(sc, dim=-1), expand_kv(vv, g).double())
        worst = max(worst, (got - ref).abs().max().item())
    if not worst <= tol:
        raise SystemExit(f"{kernel} attention disagrees with the float64 reference: max error {worst} > {tol}")
    return worst


def measure(kernel, s, layers, mask, warmup, repeats):
    for _ in range(warmup):
        run_once(kernel, s, layers, mask)
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        run_once(kernel, s, layers, mask)
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) / 1e3)
    return statistics.median(times), times


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shapes", nargs="+", default=DEFAULT_SHAPES)
    ap.add_argument("--kernels", default="eager,sdpa", help="comma-separated: eager, sdpa")
    ap.add_argument("--dtype", default="auto", choices=["auto", "fp16", "fp32"],
                    help="auto: fp16 on compute capability >= 7.0 (Tensor Cores), else fp32")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=50)
    ap.add_argument("--gpu-id", help="registry id (titan-xp, v100, a100, h100, jetson-nano); default from the device name")
    ap.add_argument("--device", type=int, default=0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("-o", "--output", required=True, help="CSV file (appended to if it exists)")
    a = ap.parse_args()
    if not torch.cuda.is_available():
        raise SystemExit("no CUDA device visible to PyTorch; this script only measures GPUs")
    if a.warmup < 0 or a.repeats <= 0:
        raise SystemExit("--warmup must be >= 0 and --repeats > 0")
    kernels = [k.strip() for k in a.kernels.split(",") if k.strip()]
    for k in kernels:
        if k not in ("eager", "sdpa"):
            raise SystemExit(f"unknown kernel '{k}': expected eager or sdpa")
    shapes = [(t, parse_shape(t)) for t in a.shapes]
    device = torch.device("cuda", a.device)
    torch.cuda.set_device(device)
    name = torch.cuda.get_device_name(device)
    major, _ = torch.cuda.get_device_capability(device)
    dtype_name = a.dtype if a.dtype != "auto" else ("fp16" if major >= 7 else "fp32")
    dtype = torch.float16 if dtype_name == "fp16" else torch.float32
    tol = 2e-2 if dtype == torch.float16 else 1e-4
    gid = a.gpu_id or gpu_id(name)
    driver = driver_version()
    date = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    gen = torch.Generator(device=device)
    gen.manual_seed(a.seed)

    exists = os.path.exists(a.output) and os.path.getsize(a.output) > 0
    if exists:
        with open(a.output, newline="") as f:
            header = next(csv.reader(f), None)
        if header != COLUMNS:
            raise SystemExit(f"{a.output}: existing header {header} differs from {COLUMNS}")
    print(f"device {name} (id {gid}, cc {major}.x), driver {driver}, torch {torch.__version__}, {dtype_name}",
          file=sys.stderr)
    with open(a.output, "a", newline="") as f:
        w = csv.writer(f)
        if not exists:
            w.writerow(COLUMNS)
        with torch.inference_mode():
            for text, s in shapes:
                layers = make_layers(s, dtype, device, gen)
                mask = None
                if s["mode"] == "prefill" and s["causal"]:
                    mask = causal_mask(s["queries"], s["context"], device)
                for kernel in kernels:
                    err = check(kernel, s, layers, mask, tol)
                    med, times = measure(kernel, s, layers, mask, a.warmup, a.repeats)
                    w.writerow([gid, name, s["layers"], s["heads"], s["kv"], s["d"], s["context"], s["queries"],
                                s["mode"], "true" if s["causal"] else "false", kernel, dtype_name, f"{med:.9g}",
                                a.repeats, date, driver, torch.__version__])
                    f.flush()
                    print(f"{text} {kernel}: median {med * 1e3:.4f} ms (min {min(times) * 1e3:.4f}, "
                          f"max {max(times) * 1e3:.4f}), check err {err:.2e}", file=sys.stderr)
                del layers
                torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
