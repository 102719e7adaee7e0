package org.spattensim.accel.spatten.functional;

/** Receives every attention output the functional model produces, with the dense reference beside it. */
@FunctionalInterface
public interface OutputSink {
    /** {@code out} and {@code reference} are reused after the call: copy what you keep. */
    void accept(int step, int layer, int head, int query, double[] out, double[] reference);
}
