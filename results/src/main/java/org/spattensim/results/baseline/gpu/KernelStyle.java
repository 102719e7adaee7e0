package org.spattensim.results.baseline.gpu;

/** How the GPU runs one attention layer. */
public enum KernelStyle {
    /**
     * One fused kernel per layer (FlashAttention / {@code scaled_dot_product_attention}): reads Q, K, V
     * once, writes O, never stores the score matrix; skips fully masked blocks of a causal prefill.
     */
    FUSED,
    /**
     * PyTorch eager ops, as in 2020-era frameworks: matmul, scale, mask (causal prefill only), softmax,
     * matmul; the score matrix goes through DRAM between kernels.
     */
    EAGER
}
