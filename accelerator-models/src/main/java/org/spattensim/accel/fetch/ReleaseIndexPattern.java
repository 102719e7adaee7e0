package org.spattensim.accel.fetch;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kept-row indices the released RTL simulation fetches when a workload gives only counts
 * [RTL SpAttenController.scala {@code score_buf.init}]: score-buffer line i holds {@code F} indices (one per
 * fetcher channel), {@code F} distinct values drawn from {@code [0, 2F)} by Scala's {@code Random.shuffle} (seed 1),
 * sorted, plus {@code i * F}, modulo the largest key count {@code maxNumKey}. Every request reads the lines from 0,
 * so its k-th fetched row is entry k of the flattened table: nearly contiguous, about half the rows of a window
 * of 2F. The top-k keeps the first value rows of the same list, so values use it too. Scala's {@code Random}
 * delegates to {@link java.util.Random}, and its shuffle swaps {@code (n-1, nextInt(n))} for n from the length
 * down to 2, so the table is the release's exactly.
 */
public final class ReleaseIndexPattern {
    private static final Map<String, int[]> CACHE = new ConcurrentHashMap<>();

    private ReleaseIndexPattern() {
    }

    /**
     * @param fetcherChannels F: indices per score-buffer line
     * @param lines           score-buffer lines (the RTL's numBufferLines)
     * @param maxNumKey       indices wrap modulo this (numMultipliers / minD x numBufferLines in the RTL)
     * @param rowsNeeded      the most rows one block fetches: only the first lines covering them are built (the
     *                        same entries as the full table; a longer block wraps, as the RTL's line counter does)
     * @return the flattened table (do not modify): entry k is the k-th row a request fetches
     */
    public static int[] table(int fetcherChannels, int lines, int maxNumKey, int rowsNeeded) {
        int built = (int) Math.min(lines, ((long) Math.max(1, rowsNeeded) + fetcherChannels - 1) / fetcherChannels);
        return CACHE.computeIfAbsent(fetcherChannels + "/" + built + "/" + maxNumKey,
                k -> build(fetcherChannels, built, maxNumKey));
    }

    private static int[] build(int f, int lines, int maxNumKey) {
        Random rng = new Random(1);
        int[] out = new int[Math.multiplyExact(f, lines)];
        int[] buf = new int[2 * f];
        for (int i = 0; i < lines; i++) {
            for (int x = 0; x < buf.length; x++) {
                buf[x] = x;
            }
            for (int n = buf.length; n >= 2; n--) {
                int k = rng.nextInt(n);
                int t = buf[n - 1];
                buf[n - 1] = buf[k];
                buf[k] = t;
            }
            int[] picked = java.util.Arrays.copyOf(buf, f);
            java.util.Arrays.sort(picked);
            for (int x = 0; x < f; x++) {
                out[i * f + x] = (int) (((long) picked[x] + (long) i * f) % maxNumKey);
            }
        }
        return out;
    }
}
