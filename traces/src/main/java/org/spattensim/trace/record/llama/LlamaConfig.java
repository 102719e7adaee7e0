package org.spattensim.trace.record.llama;

import org.spattensim.common.InvalidInputException;

/**
 * Shape of a Llama-2-architecture model, as stored in the 7-int32 header of a llama2.c checkpoint.
 *
 * @param dim              model (residual stream) width
 * @param hiddenDim        SwiGLU FFN hidden width
 * @param nLayers          number of transformer layers
 * @param nHeads           number of query heads
 * @param nKvHeads         number of key/value heads (grouped-query attention: query head h uses KV head
 *                         {@code h / (nHeads / nKvHeads)})
 * @param vocabSize        vocabulary size (always positive here; the sign in the file is in {@code sharedClassifier})
 * @param seqLen           maximum context length (positions 0..seqLen-1)
 * @param sharedClassifier true when the output classifier is the token embedding (llama2.c: positive vocab_size
 *                         in the header); false when a separate {@code wcls} follows the other weights
 */
public record LlamaConfig(int dim, int hiddenDim, int nLayers, int nHeads, int nKvHeads, int vocabSize, int seqLen,
                          boolean sharedClassifier) {

    /** RMSNorm epsilon used by llama2.c (run.c) and Llama 2. */
    public static final float RMS_EPS = 1e-5f;
    /** RoPE base frequency of Llama 2 and llama2.c. */
    public static final double ROPE_THETA = 10000.0;

    /** Hard cap on any header dimension: far above any model we could hold in a Java heap; catches garbage headers. */
    static final int MAX_DIMENSION = 1 << 20;

    public LlamaConfig {
        positive("dim", dim);
        positive("hidden_dim", hiddenDim);
        positive("n_layers", nLayers);
        positive("n_heads", nHeads);
        positive("n_kv_heads", nKvHeads);
        positive("vocab_size", vocabSize);
        positive("seq_len", seqLen);
        if (nKvHeads > nHeads || nHeads % nKvHeads != 0) {
            throw InvalidInputException.of("llama2.c checkpoint header", "n_kv_heads", "is " + nKvHeads + " with n_heads " + nHeads,
                    "a divisor of n_heads (grouped-query attention)");
        }
        if (dim % nHeads != 0) {
            throw InvalidInputException.of("llama2.c checkpoint header", "dim", "is " + dim + " with n_heads " + nHeads,
                    "a multiple of n_heads");
        }
        if ((dim / nHeads) % 2 != 0) {
            throw InvalidInputException.of("llama2.c checkpoint header", "dim", "gives odd head size " + dim / nHeads,
                    "an even head size (RoPE rotates pairs)");
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0 || value > MAX_DIMENSION) {
            throw InvalidInputException.of("llama2.c checkpoint header", field, "is " + value, "an integer in 1.." + MAX_DIMENSION);
        }
    }

    public int headSize() {
        return dim / nHeads;
    }

    /** Width of the key and value vectors of one position: nKvHeads * headSize. */
    public int kvDim() {
        return nKvHeads * headSize();
    }

    /** Query heads that share one KV head. */
    public int kvGroupSize() {
        return nHeads / nKvHeads;
    }

    /** KV head that query head {@code head} reads. */
    public int kvHeadOf(int head) {
        return head / kvGroupSize();
    }

    /** Number of float32 values after the header in a llama2.c legacy checkpoint of this shape. */
    public long checkpointFloatCount() {
        long d = dim;
        long kv = kvDim();
        long l = nLayers;
        long n = (long) vocabSize * d            // token_embedding
                + l * d                         // rms_att
                + l * d * d                     // wq
                + 2 * l * kv * d                // wk, wv
                + l * d * d                     // wo
                + l * d                         // rms_ffn
                + 3 * l * hiddenDim * d         // w1, w2, w3
                + d                             // rms_final
                + 2L * seqLen * (headSize() / 2); // freq_cis_real, freq_cis_imag
        if (!sharedClassifier) {
            n += (long) vocabSize * d;          // wcls
        }
        return n;
    }
}
