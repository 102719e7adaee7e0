package org.spattensim.accel.spatten.topk;

/**
 * The zero eliminator that compacts the kept elements of a top-k pass [KR], [RTL utils/ZeroEliminator.scala]:
 * every slot learns how many dropped slots precede it (a prefix sum), then log2(n) shift stages move it
 * left by 1, 2, 4, ... according to the bits of that count. Stage b shifts only elements whose count has
 * bit b set; as counts are non-decreasing left to right, no two elements collide in any stage.
 */
public final class ZeroEliminator {
    private ZeroEliminator() {}

    /** Shift stages for n slots: ceil(log2 n). */
    public static int stages(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    /**
     * Compacts {@code values[i]} for which {@code keep[i]} is true, keeping their order, through the
     * prefix-sum + shift-stage network. Returns the compacted array (length = number kept).
     */
    public static int[] compact(boolean[] keep, int[] values, int n) {
        int[] data = new int[n];
        int[] shift = new int[n];
        boolean[] valid = new boolean[n];
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            shift[i] = zeros;
            valid[i] = keep[i];
            data[i] = values[i];
            if (!keep[i]) {
                zeros++;
            }
        }
        int stageCount = stages(n);
        int[] nData = new int[n];
        int[] nShift = new int[n];
        boolean[] nValid = new boolean[n];
        for (int b = 0; b < stageCount; b++) {
            java.util.Arrays.fill(nValid, false);
            int step = 1 << b;
            for (int i = 0; i < n; i++) {
                if (!valid[i]) {
                    continue;
                }
                int dst = (shift[i] & step) != 0 ? i - step : i;
                nData[dst] = data[i];
                nShift[dst] = shift[i];
                nValid[dst] = true;
            }
            int[] t = data; data = nData; nData = t;
            t = shift; shift = nShift; nShift = t;
            boolean[] v = valid; valid = nValid; nValid = v;
        }
        int kept = n - zeros;
        return java.util.Arrays.copyOf(data, kept);
    }
}
