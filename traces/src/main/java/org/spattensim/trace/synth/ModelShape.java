package org.spattensim.trace.synth;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.common.InvalidInputException;

/**
 * The attention geometry of a model: layers, query heads, KV heads (grouped-query when fewer than
 * the query heads), head dimension, and whether attention is causal (decoders) or bidirectional
 * (encoders, which have no decode mode).
 *
 * @param name       preset name, e.g. {@code gpt2-small}
 * @param layers     transformer layers
 * @param queryHeads query heads per layer
 * @param kvHeads    key/value heads per layer (a divisor of queryHeads)
 * @param headDim    head dimension
 * @param causal     true for decoders (causal mask; prefill and decode), false for encoders (prefill only)
 * @param source     where the numbers come from
 */
public record ModelShape(String name, int layers, int queryHeads, int kvHeads, int headDim, boolean causal,
                         String source) {

    /** BERT-base: L=12, H=768, A=12 (Devlin et al., "BERT", NAACL 2019, §3) -> head dim 768/12 = 64. */
    public static final ModelShape BERT_BASE = new ModelShape("bert-base", 12, 12, 12, 64, false,
            "Devlin et al., BERT, NAACL 2019, Sec. 3: L=12, H=768, A=12");
    /** BERT-large: L=24, H=1024, A=16 (same source) -> head dim 64. */
    public static final ModelShape BERT_LARGE = new ModelShape("bert-large", 24, 16, 16, 64, false,
            "Devlin et al., BERT, NAACL 2019, Sec. 3: L=24, H=1024, A=16");
    /**
     * GPT-2 small (117M/124M): 12 layers, d_model 768 (Radford et al. 2019, Table 2), 12 heads (released
     * hparams, n_head = 12) -> head dim 64; the SpAtten workloads use the same (docs/reference/spatten-facts.md §8.2).
     */
    public static final ModelShape GPT2_SMALL = new ModelShape("gpt2-small", 12, 12, 12, 64, true,
            "Radford et al. 2019 Table 2 (12 layers, d_model 768); released hparams n_head 12");
    /** GPT-2 medium (345M/355M): 24 layers, d_model 1024 (Table 2), 16 heads (released hparams) -> 64. */
    public static final ModelShape GPT2_MEDIUM = new ModelShape("gpt2-medium", 24, 16, 16, 64, true,
            "Radford et al. 2019 Table 2 (24 layers, d_model 1024); released hparams n_head 16");
    /**
     * A Llama-style grouped-query model, shaped as Llama-3-8B: 32 layers, 32 query heads, 8 KV heads,
     * hidden 4096 -> head dim 128 (Meta Llama 3 8B model card / config.json: num_hidden_layers 32,
     * num_attention_heads 32, num_key_value_heads 8, hidden_size 4096).
     */
    public static final ModelShape LLAMA3_8B = new ModelShape("llama3-8b", 32, 32, 8, 128, true,
            "Meta Llama 3 8B config: 32 layers, 32 heads, 8 KV heads, hidden 4096");
    /** The bundled real model stories260K (llama2.c): 5 layers, 8 query heads, 4 KV heads, head size 8. */
    public static final ModelShape STORIES260K = new ModelShape("stories260k", 5, 8, 4, 8, true,
            "llama2.c stories260K checkpoint header (dim 64, n_heads 8, n_kv_heads 4, n_layers 5)");

    private static final List<ModelShape> PRESETS =
            List.of(BERT_BASE, BERT_LARGE, GPT2_SMALL, GPT2_MEDIUM, LLAMA3_8B, STORIES260K);

    public ModelShape {
        if (name == null || name.isBlank()) {
            throw InvalidInputException.of("model shape", "name", "empty", "a name");
        }
        positive(name, "layers", layers);
        positive(name, "queryHeads", queryHeads);
        positive(name, "kvHeads", kvHeads);
        positive(name, "headDim", headDim);
        if (queryHeads % kvHeads != 0) {
            throw InvalidInputException.of("model shape " + name, "kvHeads", kvHeads + " does not divide queryHeads "
                    + queryHeads, "a divisor of queryHeads");
        }
        source = source == null ? "" : source;
    }

    private static void positive(String shape, String field, int v) {
        if (v < 1) {
            throw InvalidInputException.of("model shape " + shape, field, "is " + v, "a positive integer");
        }
    }

    /** Query heads sharing one KV head. */
    public int groupSize() {
        return queryHeads / kvHeads;
    }

    /** The preset names, in the order listed. */
    public static List<String> names() {
        List<String> n = new ArrayList<>();
        for (ModelShape s : PRESETS) {
            n.add(s.name);
        }
        return n;
    }

    public static List<ModelShape> presets() {
        return PRESETS;
    }

    /** The preset called {@code name}; InvalidInputException listing the names otherwise. */
    public static ModelShape byName(String name) {
        for (ModelShape s : PRESETS) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        throw InvalidInputException.of(null, "shape", "unknown model shape '" + name + "'", "one of " + names());
    }
}
