package org.spattensim.accel.kvstream;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.accel.spatten.functional.AttentionSource;

/** The groups of a recorded sequence in execution order: step, then layer, then query head. */
public final class AttentionGroups {
    private AttentionGroups() {}

    public static List<AttentionGroup> of(AttentionSource src) {
        List<AttentionGroup> out = new ArrayList<>();
        int hq = src.queryHeads();
        int group = hq / src.kvHeads();
        int t = src.sequenceLength();
        int p0 = src.promptLength();
        int steps = src.decode() ? t - p0 : 1;
        for (int s = 0; s < steps; s++) {
            int first = src.decode() ? p0 + s : 0;
            int queries = src.decode() ? 1 : t;
            int context = src.decode() ? p0 + s + 1 : t;
            for (int l = 0; l < src.layers(); l++) {
                for (int h = 0; h < hq; h++) {
                    out.add(new AttentionGroup(out.size(), s, l, h, h / group, first, queries, context,
                            !src.decode() && src.bidirectional()));
                }
            }
        }
        return out;
    }
}
