#!/usr/bin/env python3
"""Record a spatten-sim attention trace (schema v1, docs/trace-format.md) from a Hugging Face model.

Needs torch and transformers (run it where they are installed; CI does not run this script).

    python tools/export_hf_trace.py --model gpt2 --prompt "The quick brown fox" --steps 16 \
        --mode decode --dtype F16 --probabilities -o gpt2.safetensors

How: load the model with eager attention; in decode mode generate --steps tokens greedily; then
run ONE causal forward pass over the whole sequence with forward hooks capturing Q, K, V per layer
and output_attentions=True for the probabilities (decode: T = P + steps positions, the generated
tokens at P..T-1, each the input of one decode step). Causal attention makes that pass equal to
step-by-step decoding (up to rounding), so decode traces keep probability rows P..T-1.
Supported layouts: GPT-2 style (c_attn -> q|k|v) and Llama style (q_proj/k_proj/v_proj plus the
model's rotary embedding, applied here so the stored Q and K are post-RoPE, as the schema says).
"""
import argparse
import os
import sys

import numpy as np
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trace_numpy import write_trace  # noqa: E402


def shape_of(config):
    layers = getattr(config, "num_hidden_layers", None) or config.n_layer
    hq = getattr(config, "num_attention_heads", None) or config.n_head
    hkv = getattr(config, "num_key_value_heads", None) or hq
    hidden = getattr(config, "hidden_size", None) or config.n_embd
    d = getattr(config, "head_dim", None) or hidden // hq
    return layers, hq, hkv, d


def install_hooks(model, captured):
    """Registers forward hooks that store per-layer q/k/v outputs as [T, heads*D] tensors."""
    handles = []
    for name, module in model.named_modules():
        leaf = name.rsplit(".", 1)[-1]
        layer = next((int(p) for p in name.split(".") if p.isdigit()), None)
        if layer is None or leaf not in ("c_attn", "q_proj", "k_proj", "v_proj"):
            continue

        def hook(_mod, _inp, out, layer=layer, leaf=leaf):
            out = out[0].detach().float()  # batch 0: [T, features]
            if leaf == "c_attn":
                q, k, v = out.chunk(3, dim=-1)
                captured[(layer, "q")], captured[(layer, "k")], captured[(layer, "v")] = q, k, v
            else:
                captured[(layer, leaf[0])] = out

        handles.append(module.register_forward_hook(hook))
    return handles


def apply_rope(model, q, k, positions):
    """Applies the model's rotary embedding to [H, T, D] tensors, if the model has one."""
    inner = getattr(model, "model", None)
    rotary = getattr(inner, "rotary_emb", None) if inner is not None else None
    if rotary is None:
        return q, k
    from transformers.models.llama.modeling_llama import apply_rotary_pos_emb
    cos, sin = rotary(q.unsqueeze(0), positions.unsqueeze(0))
    q2, k2 = apply_rotary_pos_emb(q.unsqueeze(0), k.unsqueeze(0), cos, sin)
    return q2[0], k2[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="Hugging Face model id or local path")
    ap.add_argument("--prompt", required=True)
    ap.add_argument("--steps", type=int, default=0, help="tokens to generate (decode mode)")
    ap.add_argument("--mode", choices=["prefill", "decode"], default="prefill")
    ap.add_argument("--dtype", choices=["F32", "F16", "BF16"], default="F32")
    ap.add_argument("--probabilities", action="store_true", help="also store attention probabilities")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    if args.mode == "decode" and args.steps < 1:
        ap.error("decode mode needs --steps >= 1")

    tok = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForCausalLM.from_pretrained(args.model, attn_implementation="eager",
                                                 torch_dtype=torch.float32)
    model.eval()
    layers, hq, hkv, d = shape_of(model.config)
    ids = tok(args.prompt, return_tensors="pt").input_ids
    prompt_length = ids.shape[1]
    with torch.no_grad():
        if args.mode == "decode":
            ids = model.generate(ids, max_new_tokens=args.steps, do_sample=False,
                                 pad_token_id=tok.eos_token_id)
        seq = ids  # decode: positions P..T-1 process the generated tokens one step each
        t = seq.shape[1]
        captured = {}
        handles = install_hooks(model, captured)
        try:
            out = model(seq, output_attentions=args.probabilities, use_cache=False)
        finally:
            for h in handles:
                h.remove()

    positions = torch.arange(t)
    qs, ks, vs, probs = [], [], [], []
    for layer in range(layers):
        q = captured[(layer, "q")].reshape(t, hq, d).transpose(0, 1)
        k = captured[(layer, "k")].reshape(t, hkv, d).transpose(0, 1)
        q, k = apply_rope(model, q, k, positions)
        qs.append(q.transpose(0, 1).numpy())
        ks.append(k.transpose(0, 1).numpy())
        vs.append(captured[(layer, "v")].reshape(t, hkv, d).numpy())
        if args.probabilities:
            p = out.attentions[layer][0].float().permute(1, 0, 2).numpy()  # [T, Hq, T]
            probs.append(p[prompt_length:] if args.mode == "decode" else p)
    generated = tok.decode(ids[0, prompt_length:]) if args.mode == "decode" else ""
    write_trace(args.output, model=args.model, q=qs, k=ks, v=vs, probs=probs if args.probabilities else None,
                mode=args.mode, prompt_length=prompt_length if args.mode == "decode" else t,
                tokens=seq[0].numpy().astype(np.int32), prompt=args.prompt,
                source=f"tools/export_hf_trace.py, transformers, eager attention, model {args.model}",
                dtype=args.dtype, extras={"generated_text": generated, "sampling": "greedy"})
    print(f"wrote {args.output}: {layers} layers, T={t}, P={prompt_length}, Hq={hq}, Hkv={hkv}, D={d}")


if __name__ == "__main__":
    main()
