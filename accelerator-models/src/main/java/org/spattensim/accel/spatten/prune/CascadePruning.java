package org.spattensim.accel.spatten.prune;

import org.spattensim.accel.spatten.topk.TopKEngine;
import org.spattensim.accel.spatten.topk.TopKResult;

/**
 * SpAtten's pruning decisions, the one implementation both the timing path ({@code SpattenFunctionalModel}) and
 * the quality path ({@code SpattenAttentionPolicy}) call [KR], [RTL]:
 * <ul>
 *   <li>cascade token pruning: the {@link #pinned} most recent alive tokens stay; the top-k engine ranks the
 *       others by accumulated importance and keeps the rest of the layer's budget; pruned tokens never return;</li>
 *   <li>cascade head pruning: the top-k engine keeps the layer's head budget by accumulated Σ|head output|;</li>
 *   <li>local value pruning: per query, the {@link #valueTarget} largest probabilities keep their value rows.</li>
 * </ul>
 */
public final class CascadePruning {
    private CascadePruning() {}

    /** What one selection kept: {@code count} entries written to the output array, in {@code cycles}. */
    public record Selection(int count, long cycles) {}

    /**
     * Tokens pinned ahead of the ranking: the {@code keepRecent} most recent alive ones, and in decode at least
     * the step's own token (it has no importance history yet); never more than the budget.
     */
    public static int pinned(int kept, int keepRecent, boolean decode) {
        return Math.min(kept, Math.max(decode ? 1 : 0, keepRecent));
    }

    /**
     * Cascade token pruning of one layer: keeps {@code kept} of the {@code aliveCount} alive positions
     * ({@code alive}, ascending; the last {@code pinned} stay), ranking the others by
     * {@code importance[position]}. Writes the survivors to {@code out}: the ranked ones in the engine's order, then
     * the pinned ones. {@code scratch} holds at least {@code aliveCount} values.
     */
    public static Selection tokens(int[] alive, int aliveCount, double[] importance, int kept, int pinned,
                                   TopKEngine engine, double[] scratch, int[] out) {
        int candidates = aliveCount - pinned;
        for (int i = 0; i < candidates; i++) {
            scratch[i] = importance[alive[i]];
        }
        TopKResult r = engine.select(scratch, candidates, kept - pinned);
        int[] idx = r.kept();
        int m = 0;
        for (int i : idx) {
            out[m++] = alive[i];
        }
        for (int i = 0; i < pinned; i++) {
            out[m++] = alive[candidates + i];
        }
        return new Selection(m, r.cycles());
    }

    /**
     * Cascade head pruning of one layer: keeps {@code keptHeads} of the {@code headCount} alive heads, ranked by
     * {@code headImportance[head]}; writes them to {@code out} in the engine's order.
     */
    public static Selection heads(int[] heads, int headCount, double[] headImportance, int keptHeads,
                                  TopKEngine engine, double[] scratch, int[] out) {
        for (int i = 0; i < headCount; i++) {
            scratch[i] = headImportance[heads[i]];
        }
        TopKResult r = engine.select(scratch, headCount, keptHeads);
        int m = 0;
        for (int i : r.kept()) {
            out[m++] = heads[i];
        }
        return new Selection(m, r.cycles());
    }

    /** Value rows local value pruning keeps of {@code n}: the {@code 1 - ratio} share, at least one. */
    public static int valueTarget(int n, double ratio) {
        return Math.max(1, (int) Math.floor(n * (1 - ratio) + 1e-9));
    }
}
