#!/usr/bin/env python3
"""Honesty check for the CPU baseline: the same dense attention as
org.spattensim.results.baseline.cpu.CpuBaseline, in numpy (float32, OpenBLAS), timed the same way
(warm-up runs, timed runs, mean after dropping 15% at each end), printing GFLOP/s with the same
flop count (4 * d per (query, key) pair computed, softmax not counted).

    python3 tools/cpu_attention_numpy.py gpt2-small-decode bert-base-512 [--runs 20] [--warmup 3] [--json]

OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, when set, can pin OpenBLAS to a slower kernel; the script
removes both from its environment (re-executing itself) before numpy is imported, and says so.
Shapes use the grammar of AttentionShape.parse: a preset or
<prefill|decode>:<layers>x<heads>x<headDim>:<context>[:<queries>][,kv=<kvHeads>][,causal].
"""
import os
import sys

_DROPPED = [k for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ]
if _DROPPED:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env["CPU_ATTENTION_NUMPY_UNSET"] = ",".join(_DROPPED)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from attention_shapes import parse_shape  # noqa: E402



def dense_flops(s):
    p = s["context"] - s["queries"]
    n = s["queries"]
    if s["mode"] == "prefill":
        pairs = n * s["context"]
    else:
        pairs = n * p + n * (n + 1) // 2
    return 4.0 * s["d"] * pairs * s["layers"] * s["heads"]


def softmax_rows(x):
    x -= x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)
    return x


def make_data(s, rng, max_bytes):
    g = s["heads"] // s["kv"]
    kv = s["context"] * s["d"]
    per_layer = 4 * (2 * kv * s["kv"] + 2 * s["queries"] * s["d"] * s["heads"])
    distinct = max(1, min(s["layers"], max_bytes // per_layer))
    layers = []
    for _ in range(distinct):
        k = rng.uniform(-1, 1, (s["kv"], s["context"], s["d"])).astype(np.float32)
        v = rng.uniform(-1, 1, (s["kv"], s["context"], s["d"])).astype(np.float32)
        # queries of the heads sharing one K/V head are stacked: (kv, g * queries, d)
        q = rng.uniform(-1, 1, (s["kv"], g * s["queries"], s["d"])).astype(np.float32)
        layers.append((q, k, v))
    return layers, distinct


def run_once(s, layers):
    scale = np.float32(1.0 / np.sqrt(s["d"]))
    g = s["heads"] // s["kv"]
    n = s["queries"]
    p = s["context"] - n
    out = None
    if s["mode"] == "prefill":
        mask = None
        if s["causal"]:
            rows = np.arange(n)[:, None] + p
            cols = np.arange(s["context"])[None, :]
            mask = np.where(cols > rows, np.float32(-np.inf), np.float32(0)).astype(np.float32)
            mask = np.tile(mask, (g, 1))
        for layer in range(s["layers"]):
            q, k, v = layers[layer % len(layers)]
            sc = np.matmul(q, k.transpose(0, 2, 1))
            sc *= scale
            if mask is not None:
                sc += mask
            softmax_rows(sc)
            out = np.matmul(sc, v)
    else:
        for step in range(n):
            keys = p + step + 1
            for layer in range(s["layers"]):
                q, k, v = layers[layer % len(layers)]
                qs = q.reshape(s["kv"], g, n, s["d"])[:, :, step, :]          # (kv, g, d)
                sc = np.matmul(qs, k[:, :keys, :].transpose(0, 2, 1))        # (kv, g, keys)
                sc *= scale
                softmax_rows(sc)
                out = np.matmul(sc, v[:, :keys, :])                           # (kv, g, d)
    return out


def trimmed_mean(samples, fraction=0.15):
    xs = sorted(samples)
    drop = min(int(fraction * len(xs) + 1e-9), (len(xs) - 1) // 2)
    kept = xs[drop:len(xs) - drop]
    return sum(kept) / len(kept)


def check(s, layers):
    """float64 reference on the first layer's first head before timing (as the Java side does)."""
    q, k, v = layers[0]
    n = s["queries"]
    p = s["context"] - n
    qs = q[0, :n].astype(np.float64)
    sc = qs @ k[0].astype(np.float64).T / np.sqrt(s["d"])
    if s["causal"]:
        sc[np.arange(s["context"])[None, :] > (np.arange(n)[:, None] + p)] = -np.inf
    ref = softmax_rows(sc) @ v[0].astype(np.float64)
    sc32 = (q[0, :n] @ k[0].T) * np.float32(1.0 / np.sqrt(s["d"]))
    if s["causal"]:
        sc32[np.arange(s["context"])[None, :] > (np.arange(n)[:, None] + p)] = -np.inf
    got = softmax_rows(sc32) @ v[0]
    err = float(np.max(np.abs(got - ref)))
    if err > 1e-4:
        raise SystemExit(f"numpy attention disagrees with float64 reference: {err}")
    return err


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        b = cfg["Build Dependencies"]["blas"]
        return f'{b.get("name")} {b.get("version")}'
    except Exception:  # older numpy: no dict mode
        return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shapes", nargs="+")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--max-data-bytes", type=int, default=512 << 20)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    unset = os.environ.get("CPU_ATTENTION_NUMPY_UNSET", "")
    results = []
    for text in a.shapes:
        s = parse_shape(text)
        rng = np.random.default_rng(a.seed)
        layers, distinct = make_data(s, rng, a.max_data_bytes)
        err = check(s, layers)
        for _ in range(a.warmup):
            run_once(s, layers)
        samples = []
        for _ in range(a.runs):
            t0 = time.perf_counter()
            run_once(s, layers)
            samples.append(time.perf_counter() - t0)
        sec = trimmed_mean(samples)
        r = dict(shape=text, seconds=sec, gflops=dense_flops(s) / sec / 1e9, samples=samples, max_abs_error=err,
                 distinct_layers=distinct, numpy=np.__version__, blas=blas_name(), cpus=os.cpu_count(),
                 unset_env=unset)
        results.append(r)
        if not a.json:
            print(f"{text}: {sec * 1e3:.3f} ms, {r['gflops']:.2f} GFLOP/s (numpy {np.__version__}, {r['blas']}, "
                  f"{os.cpu_count()} cpus; min {min(samples) * 1e3:.3f} ms, max {max(samples) * 1e3:.3f} ms)")
    if unset and not a.json:
        print(f"note: unset {unset} for this run")
    if a.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
