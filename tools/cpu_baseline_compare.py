#!/usr/bin/env python3
"""Compares the CPU baseline's throughput with numpy + OpenBLAS on the same shapes, interleaving the
two so that both see the same machine load (the host may be shared):

    python3 tools/cpu_baseline_compare.py gpt2-small-decode bert-base-512 [--rounds 3] [--runs 10]

Needs the CLI jar (./spatten builds it). Prints, per shape and round, both GFLOP/s and the ratio
Java / numpy, then the median ratio per shape. numpy runs without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def java(shape, runs, warmup, threads):
    cmd = [os.path.join(ROOT, "spatten"), "baseline", "--shape", shape, "--baselines", "cpu", "--json",
           "--runs", str(runs), "--warmup", str(warmup)]
    if threads:
        cmd += ["--threads", str(threads)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    r = json.loads(out)["results"][0]
    return r["gflops"], r["method"]


def numpy(shape, runs, warmup):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    cmd = [sys.executable, os.path.join(ROOT, "tools", "cpu_attention_numpy.py"), shape, "--json",
           "--runs", str(runs), "--warmup", str(warmup)]
    r = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout)[0]
    return r["gflops"], f'numpy {r["numpy"]}, {r["blas"]}, {r["cpus"]} cpus'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shapes", nargs="+")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0, help="Java worker threads (default: all cores)")
    a = ap.parse_args()
    for shape in a.shapes:
        ratios = []
        for rnd in range(a.rounds):
            jg, jm = java(shape, a.runs, a.warmup, a.threads)
            ng, nm = numpy(shape, a.runs, a.warmup)
            ratios.append(jg / ng)
            print(f"{shape} round {rnd + 1}: java {jg:.2f} GFLOP/s, numpy {ng:.2f} GFLOP/s, ratio {jg / ng:.2f}")
            if rnd == 0:
                print(f"  java: {jm}\n  numpy: {nm}")
        print(f"{shape}: median ratio java/numpy {statistics.median(ratios):.2f} "
              f"(min {min(ratios):.2f}, max {max(ratios):.2f}, {a.rounds} rounds)")


if __name__ == "__main__":
    main()
