"""Attention shapes for the tools, in the grammar of org.spattensim.results.baseline.AttentionShape.parse:
a preset name or <prefill|decode>:<layers>x<heads>x<headDim>:<context>[:<queries>][,kv=<kvHeads>][,causal].
Shared by cpu_attention_numpy.py and gpu_baseline.py so both measure exactly the shapes the Java side names.
"""

PRESETS = {
    "gpt2-small-decode": "decode:12x12x64:1024:32",
    "gpt2-small-prefill": "prefill:12x12x64:992,causal",
    "gpt2-medium-decode": "decode:24x16x64:1024:32",
    "gpt2-medium-prefill": "prefill:24x16x64:992,causal",
    "bert-base-512": "prefill:12x12x64:512",
    "bert-large-512": "prefill:24x16x64:512",
}


def parse_shape(text):
    spec = PRESETS.get(text, text)
    options = spec.split(",")
    parts = options[0].split(":")
    if len(parts) not in (3, 4) or parts[0] not in ("prefill", "decode") or (parts[0] == "decode" and len(parts) != 4):
        raise SystemExit(f"bad shape '{text}': expected a preset {list(PRESETS)} or "
                         "<prefill|decode>:<layers>x<heads>x<headDim>:<context>[:<queries>][,kv=<kvHeads>][,causal]")
    layers, heads, d = (int(x) for x in parts[1].split("x"))
    context = int(parts[2])
    queries = int(parts[3]) if len(parts) == 4 else context
    s = dict(name=text, mode=parts[0], layers=layers, heads=heads, kv=heads, d=d, context=context, queries=queries,
             causal=parts[0] == "decode")
    for o in options[1:]:
        if o == "causal":
            s["causal"] = True
        elif o.startswith("kv="):
            s["kv"] = int(o[3:])
        else:
            raise SystemExit(f"bad option '{o}' in shape '{text}'")
    if s["heads"] % s["kv"] or queries > context or min(layers, heads, d, context, queries) <= 0:
        raise SystemExit(f"impossible shape '{text}'")
    return s
