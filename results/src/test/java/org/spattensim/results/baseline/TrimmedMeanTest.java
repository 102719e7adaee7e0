package org.spattensim.results.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;

class TrimmedMeanTest {

    @Test
    void dropsFifteenPercentAtEachEnd() {
        assertEquals(1, TrimmedMean.dropped(10, 0.15));
        assertEquals(3, TrimmedMean.dropped(20, 0.15));
        assertEquals(150, TrimmedMean.dropped(1000, 0.15));   // the paper: 1000 runs, middle 70% kept
        assertEquals(0, TrimmedMean.dropped(6, 0.15));
        assertEquals(0, TrimmedMean.dropped(1, 0.15));
    }

    @Test
    void averagesTheMiddleOfTheSortedSamples() {
        // 20 samples 1..20, shuffled, with two outliers at the ends; drop 3 each side -> mean of 4..17 = 10.5
        double[] s = {20, 3, 1, 17, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 2, 18, 19};
        s[0] = 1e9;
        s[2] = -1e9;
        assertEquals(10.5, TrimmedMean.of(s, 0.15), 1e-12);
        assertEquals(2.5, TrimmedMean.of(new double[] {4, 1, 3, 2}, 0.0), 1e-12);
        double[] ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 100};
        assertEquals((3 + 4 + 5 + 6 + 7 + 8 + 9 + 10) / 8.0, TrimmedMean.of(ten, 0.15), 1e-12);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(InvalidInputException.class, () -> TrimmedMean.of(new double[0], 0.15));
        assertThrows(InvalidInputException.class, () -> TrimmedMean.of(new double[] {1}, 0.5));
        assertThrows(InvalidInputException.class, () -> TrimmedMean.of(new double[] {1, Double.NaN, 2}, 0.0));
    }
}
