package org.spattensim.trace.record;

/** Sees the logits after every forward step (for KL divergence or top-1 agreement against a dense run). */
@FunctionalInterface
public interface LogitsListener {
    /**
     * @param position position of the token just fed
     * @param token    the token fed at {@code position}
     * @param logits   the logits for the token at {@code position + 1} (the session's buffer: copy to keep)
     */
    void onLogits(int position, int token, float[] logits);
}
