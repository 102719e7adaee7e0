package org.spattensim.accel.spatten.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ProgressiveKeyQuantizerTest {
    @Test
    void msbOnlyIsCoarserAndFullMatchesTheTotalWidthGrid() {
        Random r = new Random(2);
        double[][] k = new double[50][16];
        for (double[] row : k) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextGaussian();
            }
        }
        double[][] msb = new double[50][16];
        double[][] full = new double[50][16];
        new ProgressiveKeyQuantizer(6, 4).quantize(k, 50, msb, full);
        double maxAbs = LinearQuantizer.maxAbs(k, 50);
        double scale = maxAbs / 511; // 10-bit symmetric
        double errMsb = 0;
        double errFull = 0;
        for (int i = 0; i < 50; i++) {
            for (int e = 0; e < 16; e++) {
                errFull = Math.max(errFull, Math.abs(full[i][e] - k[i][e]));
                errMsb = Math.max(errMsb, Math.abs(msb[i][e] - k[i][e]));
                double steps = msb[i][e] / (scale * 16);
                assertEquals(Math.rint(steps), steps, 1e-9, "MSB values lie on the 16x coarser grid");
            }
        }
        assertTrue(errFull <= scale / 2 + 1e-12, "full: within half a 10-bit step");
        // half a 6-bit step (8 codes) + the 10-bit rounding, or up to 15 codes where the top MSB level saturates
        assertTrue(errMsb <= scale * 15.5 + 1e-12, "MSB-only error " + errMsb / scale + " codes");
        assertTrue(errMsb > errFull);
    }
}
