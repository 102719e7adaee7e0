package org.spattensim.results.baseline.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.spattensim.results.baseline.AttentionShape;

class BlasProviderTest {

    /** The bundled binaries are linux-x86_64 only; there, a pure-Java fallback would be a silent 10x slowdown. */
    @Test
    void bundledOpenBlasRunsOnLinuxX86() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64"));
        assumeTrue(System.getProperty("dev.ludovic.netlib.blas.nativeLibPath") == null
                || BlasProvider.description().contains("bundled"));
        assertTrue(BlasProvider.isNative(), BlasProvider.description());
        assertTrue(BlasProvider.description().contains("bundled OpenBLAS 0.3.28"), BlasProvider.description());
    }

    @Test
    void nativeSgemmMatchesAHandLoop() {
        // 3x2 * 2x4 in column-major, checked element by element against the definition.
        int m = 3;
        int n = 4;
        int k = 2;
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {1, -1, 2, 0, 0.5f, 3, -2, 1};
        float[] c = new float[m * n];
        BlasProvider.blas().sgemm("N", "N", m, n, k, 1f, a, 0, m, b, 0, k, 0f, c, 0, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float want = 0;
                for (int p = 0; p < k; p++) {
                    want += a[p * m + i] * b[j * k + p];
                }
                assertEquals(want, c[j * m + i], 1e-6f, "c[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void preparedRunIsCheckedAndRepeatable() {
        AttentionShape s = AttentionShape.prefill(2, 4, 16, 32, true);
        try (CpuBaseline.Prepared run = new CpuBaseline(CpuBaselineConfig.withThreads(2)).prepare(s)) {
            assertTrue(run.maxAbsError() <= CpuBaseline.TOLERANCE, "err " + run.maxAbsError());
            assertEquals(2, run.threads());
            run.runOnce();
            run.runOnce();
        }
    }
}
