package org.spattensim.results.baseline.cpu;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Dense float32 attention of one head, the way a framework runs it: {@code S = Q K^T / sqrt(d)} by one
 * BLAS call (sgemm, or sgemv for a single query), mask, row softmax, {@code O = P V} by a second BLAS
 * call. One instance per worker: it owns the score scratch buffer, so a call allocates nothing.
 *
 * <p>Layout: row-major {@code float[]} with the head dimension innermost. BLAS is column-major, so a
 * row-major {@code n x d} matrix is passed as its column-major transpose ({@code d x n}, ld = d).
 */
final class HeadKernel {
    private final BLAS blas;
    private final float[] scores;

    HeadKernel(BLAS blas, int maxScores) {
        this.blas = blas;
        this.scores = new float[maxScores];
    }

    /**
     * Attention for {@code nQ} queries over {@code nK} keys. Query i sees the first
     * {@code keysOfFirst + i * keyStep} keys (capped at nK); the rest of its score row is masked.
     * Writes {@code nQ x d} outputs at {@code out[outOff..]}.
     */
    void attend(float[] q, int qOff, int nQ, float[] k, int kOff, float[] v, int vOff, int nK, int d,
                int keysOfFirst, int keyStep, float[] out, int outOff) {
        float scale = (float) (1.0 / Math.sqrt(d));
        float[] s = scores;
        if (nQ == 1) {
            // s (nK) = K q: K row-major nK x d is column-major d x nK, so transpose it.
            blas.sgemv("T", d, nK, scale, k, kOff, d, q, qOff, 1, 0f, s, 0, 1);
        } else {
            // S^T (column-major nK x nQ) = (K^T)^T Q^T, i.e. S row-major nQ x nK.
            blas.sgemm("T", "N", nK, nQ, d, scale, k, kOff, d, q, qOff, d, 0f, s, 0, nK);
        }
        for (int i = 0; i < nQ; i++) {
            int row = i * nK;
            int valid = Math.min(nK, keysOfFirst + i * keyStep);
            float max = Float.NEGATIVE_INFINITY;
            for (int j = row, end = row + valid; j < end; j++) {
                max = Math.max(max, s[j]);
            }
            float inv = 1f / FastExp.expInPlace(s, row, valid, max);
            for (int j = row, end = row + valid; j < end; j++) {
                s[j] *= inv;
            }
            for (int j = row + valid, end = row + nK; j < end; j++) {
                s[j] = 0f;
            }
        }
        if (nQ == 1) {
            // o (d) = V^T p: V row-major nK x d is column-major d x nK.
            blas.sgemv("N", d, nK, 1f, v, vOff, d, s, 0, 1, 0f, out, outOff, 1);
        } else {
            // O^T (column-major d x nQ) = V^T (d x nK) P^T (nK x nQ).
            blas.sgemm("N", "N", d, nQ, nK, 1f, v, vOff, d, s, 0, nK, 0f, out, outOff, d);
        }
    }
}
