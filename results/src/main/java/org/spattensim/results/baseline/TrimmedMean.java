package org.spattensim.results.baseline;

import java.util.Arrays;
import org.spattensim.common.InvalidInputException;

/**
 * Trimmed mean as the SpAtten paper reports CPU/GPU latency: sort the samples, drop the top and the
 * bottom {@code fraction} of them and average the rest ([KR] in docs/reference/spatten-facts.md, section 11: "run
 * 1000 times, drop the top and bottom 15%, average the middle 70%").
 */
public final class TrimmedMean {
    /** The paper's trim fraction on each side. */
    public static final double PAPER_FRACTION = 0.15;

    private TrimmedMean() {
    }

    /** Samples dropped from each end: {@code floor(fraction * n)}, never so many that nothing is left. */
    public static int dropped(int n, double fraction) {
        check(n, fraction);
        int drop = (int) Math.floor(fraction * n + 1e-9);
        return Math.min(drop, (n - 1) / 2);
    }

    /** Mean of the samples left after dropping {@link #dropped} from each end of the sorted samples. */
    public static double of(double[] samples, double fraction) {
        check(samples.length, fraction);
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int drop = dropped(sorted.length, fraction);
        double sum = 0;
        for (int i = drop; i < sorted.length - drop; i++) {
            if (!Double.isFinite(sorted[i])) {
                throw InvalidInputException.of("trimmed mean", "samples", "non-finite sample " + sorted[i], "finite numbers");
            }
            sum += sorted[i];
        }
        return sum / (sorted.length - 2 * drop);
    }

    private static void check(int n, double fraction) {
        if (n <= 0) {
            throw InvalidInputException.of("trimmed mean", "samples", "none", "at least one sample");
        }
        if (!(fraction >= 0 && fraction < 0.5)) {
            throw InvalidInputException.of("trimmed mean", "fraction", "got " + fraction, "0 <= fraction < 0.5");
        }
    }
}
