package org.spattensim.accel.kvstream;

import java.util.List;
import org.spattensim.accel.spatten.functional.AttentionSource;

/**
 * Visits every query of every group with the data it attends to, a layer and KV head at a time (each layer's
 * Q/K/V read once): the functional pass of a design that decides from the data.
 */
public final class QueryWalk {
    /** Called once per (layer, KV head) before its queries, with that head's keys and values (T x D each). */
    public interface HeadStart {
        void begin(int layer, int kvHead, float[] keys, float[] values);
    }

    /** Called per query: query {@code i} of group {@code g}, its row of Q (D values, reused between calls). */
    public interface Visitor {
        void query(AttentionGroup g, int i, double[] q, float[] keys, float[] values);
    }

    private QueryWalk() {}

    public static void run(AttentionSource src, List<AttentionGroup> groups, HeadStart start, Visitor visitor) {
        int d = src.headDim();
        int hq = src.queryHeads();
        int hkv = src.kvHeads();
        int t = src.sequenceLength();
        double[] q = new double[d];
        for (int l = 0; l < src.layers(); l++) {
            float[] ql = src.q(l);
            float[] kl = src.k(l);
            float[] vl = src.v(l);
            for (int kh = 0; kh < hkv; kh++) {
                float[] keys = DataWorkloads.head(kl, t, hkv, d, kh);
                float[] values = DataWorkloads.head(vl, t, hkv, d, kh);
                start.begin(l, kh, keys, values);
                for (AttentionGroup g : groups) {
                    if (g.layer() != l || g.kvHead() != kh) {
                        continue;
                    }
                    for (int i = 0; i < g.queries(); i++) {
                        int base = ((g.firstQuery() + i) * hq + g.head()) * d;
                        for (int e = 0; e < d; e++) {
                            q[e] = ql[base + e];
                        }
                        visitor.query(g, i, q, keys, values);
                    }
                }
            }
        }
    }
}
