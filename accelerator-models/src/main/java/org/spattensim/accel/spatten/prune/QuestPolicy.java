package org.spattensim.accel.spatten.prune;

import java.util.Arrays;
import org.spattensim.accel.spatten.topk.TopKResult;

/**
 * Quest, query-aware page selection [QUEST]: the cache is cut into pages of {@code kv.pageSize} tokens (16 in the
 * paper); each page keeps the element-wise minimum and maximum of its keys; at each step every query head bounds
 * each page's largest score by {@code sum_i max(q_i min_i, q_i max_i)} and attends to the {@code budget / pageSize}
 * pages with the largest bounds (at least one). Nothing is evicted: another step may pick other pages. The page
 * holding the current token is always kept (our reading: its metadata is still being filled) and the first two
 * layers stay dense as in the paper ({@code kv.denseLayers = -1}).
 *
 * <p>Hardware: per (layer, KV head) and step, the min and max rows of every full page are read from DRAM at the
 * key width (the query heads of a KV group share the read); each query head scores them on the Q×K array (two dot
 * products per page) and ranks the pages on the top-k engine; then only the chosen pages' keys and values are
 * fetched, in runs of whole pages. Page metadata is computed here from the cached keys in their recorded
 * precision; keeping it up to date as keys are written is not timed (SpAtten does not time KV writes either).
 */
final class QuestPolicy extends AbstractKvPolicy {
    static final String NAME = "quest";
    /** [QUEST] Quest is not applied to the first two layers. */
    static final int PUBLISHED_DENSE_LAYERS = 2;

    private final int pageSize;
    private final int d;
    private float[] min = new float[0];
    private float[] max = new float[0];
    private double[] bound = new double[0];
    /** The (layer, KV head) set and position whose page metadata {@link #min}/{@link #max} hold. */
    private int metaSet = -1;
    private int metaPosition = -1;

    QuestPolicy(KvPolicyContext ctx) {
        super(ctx, PUBLISHED_DENSE_LAYERS);
        this.pageSize = ctx.kv().pageSize();
        this.d = ctx.headDim();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KvSelection select(int layer, int head, HeadData data, int[] out) {
        int n = position + 1;
        int budget = ctx.budget(n);
        int pages = (n + pageSize - 1) / pageSize;
        int chosen = Math.max(1, budget / pageSize);
        if (!selecting(layer) || n <= budget || chosen >= pages) {
            return KvSelection.all(KvPolicies.allPositions(n, out));
        }
        int full = pages - 1;
        if (chosen == 1) {
            // Only the current page fits the budget: nothing to rank, no metadata to read.
            int m = 0;
            for (int t = full * pageSize; t < n; t++) {
                out[m++] = t;
            }
            return KvSelection.all(m);
        }
        int set = set(layer, head);
        int rowsRead = 0;
        if (set != metaSet || position != metaPosition) {
            pageMetadata(full, data);
            metaSet = set;
            metaPosition = position;
            rowsRead = 2 * full;
        }
        double[] q = new double[d];
        for (int i = 0; i < d; i++) {
            q[i] = data.query(i);
        }
        for (int p = 0; p < full; p++) {
            double s = 0;
            int b = p * d;
            for (int i = 0; i < d; i++) {
                s += Math.max(q[i] * min[b + i], q[i] * max[b + i]);
            }
            bound[p] = s;
        }
        TopKResult r = ctx.engine().select(bound, full, chosen - 1);
        int[] kept = r.kept().clone();
        Arrays.sort(kept);
        int m = 0;
        for (int p : kept) {
            for (int t = p * pageSize; t < (p + 1) * pageSize; t++) {
                out[m++] = t;
            }
        }
        for (int t = full * pageSize; t < n; t++) {
            out[m++] = t;
        }
        return new KvSelection(m, r.cycles(), rowsRead, 2L * full);
    }

    /** Element-wise min and max of the keys of pages 0..full-1 of this head's KV head. */
    private void pageMetadata(int full, HeadData data) {
        if (min.length < full * d) {
            min = new float[Math.max(full * d, 2 * min.length)];
            max = new float[min.length];
            bound = new double[min.length / d + 1];
        }
        for (int p = 0; p < full; p++) {
            int b = p * d;
            for (int i = 0; i < d; i++) {
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (int t = p * pageSize; t < (p + 1) * pageSize; t++) {
                    float k = (float) data.key(t, i);
                    lo = Math.min(lo, k);
                    hi = Math.max(hi, k);
                }
                min[b + i] = lo;
                max[b + i] = hi;
            }
        }
    }
}
