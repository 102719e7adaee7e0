package org.spattensim.trace.record.llama;

/**
 * The weights of a Llama-2-architecture model, in llama2.c layout: every matrix row-major
 * {@code [out][in]} (so {@code y = W x}), layers stacked along the first axis. The arrays are owned by this
 * object and never written after loading; the forward pass reads them directly.
 */
public final class LlamaWeights {
    final float[] tokenEmbedding; // [vocab][dim]
    final float[] rmsAtt;         // [layer][dim]
    final float[] wq;             // [layer][dim][dim]
    final float[] wk;             // [layer][kvDim][dim]
    final float[] wv;             // [layer][kvDim][dim]
    final float[] wo;             // [layer][dim][dim]
    final float[] rmsFfn;         // [layer][dim]
    final float[] w1;             // [layer][hidden][dim]
    final float[] w2;             // [layer][dim][hidden]
    final float[] w3;             // [layer][hidden][dim]
    final float[] rmsFinal;       // [dim]
    final float[] wcls;           // [vocab][dim]; the same array as tokenEmbedding when shared

    LlamaWeights(float[] tokenEmbedding, float[] rmsAtt, float[] wq, float[] wk, float[] wv, float[] wo,
                 float[] rmsFfn, float[] w1, float[] w2, float[] w3, float[] rmsFinal, float[] wcls) {
        this.tokenEmbedding = tokenEmbedding;
        this.rmsAtt = rmsAtt;
        this.wq = wq;
        this.wk = wk;
        this.wv = wv;
        this.wo = wo;
        this.rmsFfn = rmsFfn;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
        this.rmsFinal = rmsFinal;
        this.wcls = wcls;
    }

    /** Total number of weight values held (the shared classifier counted once). */
    public long parameterCount() {
        long n = (long) tokenEmbedding.length + rmsAtt.length + wq.length + wk.length + wv.length + wo.length
                + rmsFfn.length + w1.length + w2.length + w3.length + rmsFinal.length;
        return wcls == tokenEmbedding ? n : n + wcls.length;
    }
}
