#!/usr/bin/env python3
"""Read and write spatten-sim attention traces (schema v1) with numpy only.

A trace is a safetensors file (docs/trace-format.md); this module needs neither torch nor the
safetensors package. Library use:

    from trace_numpy import write_trace, read_trace
    write_trace("t.safetensors", model="gpt2", mode="prefill", q=[...], k=[...], v=[...])
    meta, tensors = read_trace("t.safetensors")

Command line (used by the Java interop test):
    trace_numpy.py selftest-write OUT [--mode prefill|decode] [--dtype F32|F16|BF16]
        writes a deterministic trace and prints the JSON digest of what it wrote
    trace_numpy.py digest IN
        reads IN and prints the JSON digest: decoded metadata and, per tensor, dtype, shape and
        the SHA-256 of its little-endian bytes
"""
import hashlib
import json
import struct
import sys

import numpy as np

SCHEMA_VERSION = 1
PREFIX = "spatten_trace."
MAX_HEADER_BYTES = 100_000_000

_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "U8": "u1", "BOOL": "?"}
_NAMES = {np.dtype(v).str if k != "BOOL" else "|b1": k for k, v in _DTYPES.items()}


class BF16:
    """A tensor stored as bfloat16 (numpy has none): the upper 16 bits of float32. Built from floats it rounds
    to nearest, ties to even, as torch does; np.asarray() gives the exact float32 values."""

    def __init__(self, values=None, bits=None):
        if bits is None:
            a = np.ascontiguousarray(values, dtype=np.float32)
            if not np.isfinite(a).all():
                raise ValueError("BF16 tensor holds NaN or infinity")
            u = a.view(np.uint32).astype(np.uint64)
            bits = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
        self.bits = np.ascontiguousarray(bits, dtype="<u2")
        self.shape = self.bits.shape

    def __array__(self, dtype=None, copy=None):
        f = (self.bits.astype(np.uint32) << 16).view(np.float32)
        return f if dtype is None else f.astype(dtype)


def _dtype_name(arr):
    key = "|b1" if arr.dtype == np.bool_ else arr.dtype.newbyteorder("<").str
    if key not in _NAMES:
        raise ValueError(f"unsupported dtype {arr.dtype}; use one of {sorted(_DTYPES)}")
    return _NAMES[key]


def write_safetensors(path, tensors, metadata=None):
    """Writes {name: ndarray} (in dict order) and a {str: str} metadata map as safetensors."""
    header, offset, arrays = {}, 0, []
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, arr in tensors.items():
        if isinstance(arr, BF16):
            data = arr.bits.tobytes()
            header[name] = {"dtype": "BF16", "shape": list(arr.shape), "data_offsets": [offset, offset + len(data)]}
            offset += len(data)
            arrays.append(data)
            continue
        arr = np.ascontiguousarray(arr)
        dt = _dtype_name(arr)
        if dt in ("F16", "F32", "F64") and not np.isfinite(arr).all():
            raise ValueError(f"tensor {name!r} holds NaN or infinity")
        data = arr.astype(_DTYPES[dt], copy=False).tobytes()
        header[name] = {"dtype": dt, "shape": list(arr.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        arrays.append(data)
    raw = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    raw += b" " * (-(8 + len(raw)) % 8)  # data section 8-byte aligned, as the reference writer pads
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for data in arrays:
            f.write(data)


def read_safetensors(path):
    """Returns ({name: read-only memory-mapped ndarray, or BF16 for bfloat16 tensors}, metadata); nothing is
    loaded eagerly."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        if n > MAX_HEADER_BYTES:
            raise ValueError(f"{path}: header length {n} exceeds {MAX_HEADER_BYTES}")
        header = json.loads(f.read(n).decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        dt = np.dtype("<u2" if e["dtype"] == "BF16" else _DTYPES[e["dtype"]])
        count = int(np.prod(e["shape"], dtype=np.int64))
        if end - begin != count * dt.itemsize:
            raise ValueError(f"{path}: tensor {name!r}: byte length {end - begin} != {count} x {dt.itemsize}")
        if count == 0:
            tensors[name] = np.zeros(e["shape"], dt)
        else:
            tensors[name] = np.memmap(path, dtype=dt, mode="r", offset=8 + n + begin, shape=tuple(e["shape"]))
        if e["dtype"] == "BF16":
            tensors[name] = BF16(bits=tensors[name])
    return tensors, metadata


def write_trace(path, *, model, q=None, k=None, v=None, probs=None, mode="prefill", prompt_length=None,
                tokens=None, prompt="", source="", dtype="F32", extras=None, kv_heads=None, head_dim=None):
    """Writes a trace and returns its metadata (decoded). q/k/v: per-layer arrays [T, Hq, D] and
    [T, Hkv, D]; probs: per-layer arrays [rows, Hq, T] (rows = T for prefill, T - prompt_length for
    decode); either group may be None (without q/k/v, pass kv_heads and head_dim)."""
    if q is None and probs is None:
        raise ValueError("need q/k/v, probs or both")
    np_dtype = {"F32": np.float32, "F16": np.float16, "BF16": np.float32}[dtype]
    store = BF16 if dtype == "BF16" else (lambda a: np.asarray(a, np_dtype))
    if q is not None:
        layers, (t, hq, d), hkv = len(q), q[0].shape, k[0].shape[1]
    else:
        layers, (_, hq, t) = len(probs), probs[0].shape
        hkv, d = kv_heads, head_dim
    if prompt_length is None:
        prompt_length = t
    meta = {
        "schema_version": SCHEMA_VERSION, "model": model, "layers": layers, "query_heads": hq, "kv_heads": hkv,
        "head_dim": d, "mode": mode, "dtype": dtype, "sequence_length": t, "prompt_length": prompt_length,
        "prompt": prompt, "source": source, "has_qkv": q is not None, "has_probabilities": probs is not None,
    }
    if extras:
        meta["extras"] = {str(a): str(b) for a, b in extras.items()}
    metadata = {PREFIX + key: json.dumps(val, ensure_ascii=False) for key, val in meta.items()}
    tensors = {}
    if tokens is not None:
        tensors["tokens"] = np.asarray(tokens, dtype=np.int32)
    for layer in range(layers):
        if q is not None:
            tensors[f"layer.{layer}.q"] = store(q[layer])
            tensors[f"layer.{layer}.k"] = store(k[layer])
            tensors[f"layer.{layer}.v"] = store(v[layer])
        if probs is not None:
            tensors[f"layer.{layer}.probs"] = store(probs[layer])
    write_safetensors(path, tensors, metadata)
    return meta


def read_trace(path):
    """Returns (metadata dict with decoded values, {name: memory-mapped ndarray})."""
    tensors, raw = read_safetensors(path)
    if raw.get(PREFIX + "schema_version") != str(SCHEMA_VERSION):
        raise ValueError(f"{path}: not a spatten trace of schema version {SCHEMA_VERSION}")
    meta = {key[len(PREFIX):]: json.loads(val) for key, val in raw.items() if key.startswith(PREFIX)}
    return meta, tensors


def digest(meta, tensors):
    """JSON-able summary: metadata and, per tensor, dtype, shape and SHA-256 of its little-endian bytes."""
    out = {}
    for name, arr in tensors.items():
        if isinstance(arr, BF16):
            out[name] = {"dtype": "BF16", "shape": list(arr.shape), "sha256": hashlib.sha256(arr.bits.tobytes()).hexdigest()}
            continue
        dt = _dtype_name(np.asarray(arr))
        out[name] = {"dtype": dt, "shape": list(arr.shape),
                     "sha256": hashlib.sha256(np.asarray(arr).astype(_DTYPES[dt]).tobytes()).hexdigest()}
    return {"metadata": meta, "tensors": out}


def _selftest_write(path, mode, dtype):
    rng = np.random.default_rng(20210301)
    layers, hq, hkv, d = 2, 4, 2, 8
    prompt_length, steps = (5, 3) if mode == "decode" else (9, 0)
    t = prompt_length + steps
    np_dtype = {"F32": np.float32, "F16": np.float16, "BF16": np.float32}[dtype]
    q = [rng.standard_normal((t, hq, d)).astype(np_dtype) for _ in range(layers)]
    k = [rng.standard_normal((t, hkv, d)).astype(np_dtype) for _ in range(layers)]
    v = [rng.standard_normal((t, hkv, d)).astype(np_dtype) for _ in range(layers)]
    first = prompt_length if mode == "decode" else 0
    probs = []
    for layer in range(layers):
        kk = np.repeat(k[layer].astype(np.float32), hq // hkv, axis=1)
        scores = np.einsum("qhd,khd->qhk", q[layer][first:].astype(np.float32), kk) / np.sqrt(d)
        positions = np.arange(first, t)[:, None, None]
        scores = np.where(np.arange(t)[None, None, :] <= positions, scores, -np.inf)
        p = np.exp(scores - scores.max(axis=-1, keepdims=True))
        probs.append((p / p.sum(axis=-1, keepdims=True)).astype(np_dtype))
    if dtype == "BF16":
        q, k, v, probs = ([BF16(a) for a in x] for x in (q, k, v, probs))
    tokens = rng.integers(0, 512, size=t, dtype=np.int32)
    meta = write_trace(path, model="numpy-selftest", q=q, k=k, v=v, probs=probs, mode=mode, prompt_length=prompt_length,
                tokens=tokens, prompt="Once upon a time \u2014 \u00fcn\u00efc\u00f8de \"quoted\"",
                source="tools/trace_numpy.py selftest-write", dtype=dtype, extras={"seed": "20210301"})
    return digest(meta, {"tokens": tokens, **{f"layer.{l}.{n}": a for l in range(layers)
                                             for n, a in (("q", q[l]), ("k", k[l]), ("v", v[l]), ("probs", probs[l]))}})


def main(argv):
    if len(argv) >= 2 and argv[0] == "selftest-write":
        mode = argv[argv.index("--mode") + 1] if "--mode" in argv else "decode"
        dtype = argv[argv.index("--dtype") + 1] if "--dtype" in argv else "F32"
        print(json.dumps(_selftest_write(argv[1], mode, dtype)))
        return 0
    if len(argv) == 2 and argv[0] == "digest":
        meta, tensors = read_trace(argv[1])
        print(json.dumps(digest(meta, tensors)))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
