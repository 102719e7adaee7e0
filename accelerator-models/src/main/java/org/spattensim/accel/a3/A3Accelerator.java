package org.spattensim.accel.a3;

import java.util.List;
import org.spattensim.accel.kvstream.KvStreamAccelerator;
import org.spattensim.accel.AcceleratorRun;
import org.spattensim.accel.RunRequest;
import org.spattensim.accel.kvstream.AttentionGroup;
import org.spattensim.accel.kvstream.KvStreamEngine;
import org.spattensim.accel.kvstream.KvStreamReport;
import org.spattensim.accel.kvstream.OutputError;
import org.spattensim.accel.kvstream.QueryWalk;
import org.spattensim.accel.spatten.energy.EnergyPreset;
import org.spattensim.accel.spatten.functional.AttentionSource;
import org.spattensim.config.Presets;
import org.spattensim.energy.ActionCounts;
import org.spattensim.engine.unit.PipelinedUnit;
import org.spattensim.stats.StatsRegistry;

/**
 * A3 (Ham et al., HPCA 2020) as its paper describes it [A3], on the engine and DRAM model: per attention group the
 * fetcher brings every query, key and value in from DRAM (A3 decides on chip, after fetching [KR]); the keys are
 * sorted per column ({@link A3Config.Preprocessing}); then each query flows through the candidate-selection module
 * (M greedy iterations, one per cycle), the dot-product module (one candidate key row per
 * {@code ceil(D / dotProductMultipliers)} cycles), the exponent module (one candidate per cycle) and the output
 * module (one kept value row per {@code ceil(D / outputMultipliers)} cycles), the modules pipelined across
 * queries. The candidates and kept rows come from running A3's approximation on the trace's data
 * ({@link A3Approximation}); the output error against exact attention is reported as the accuracy cost.
 */
public final class A3Accelerator extends KvStreamAccelerator {
    /** A3's test chip is TSMC 40 nm [SOFA]; its on-chip actions are priced with SpAtten's table at that node. */
    static final int NODE_NM = 40;
    public A3Accelerator(String name, String preset, String description) {
        super(name, preset, description);
    }

    @Override
    public AcceleratorRun run(RunRequest request) {
        Presets.Loaded<A3Config> loaded = A3Config.presets().load(preset(), request.overrides());
        A3Config c = loaded.value();
        // A3 sorts a group's whole key matrix, so a group's context is one chunk.
        SetUp up = setUp(request, c.memory(), c.clockGhz(), c.dataBits(), Integer.MAX_VALUE, c.buffers());
        AttentionSource src = up.source();
        List<AttentionGroup> groups = up.groups();
        KvStreamEngine.Shape shape = up.shape();
        KvStreamEngine engine = up.engine();
        int d = src.headDim();
        int dataRow = up.rowBytes();

        Decisions dec = decide(src, groups, c);

        StatsRegistry s = new StatsRegistry();
        int dpRow = (d + c.dotProductMultipliers() - 1) / c.dotProductMultipliers();
        int outRow = (d + c.outputMultipliers() - 1) / c.outputMultipliers();
        int sortPasses = 0;
        PipelinedUnit sorter = new PipelinedUnit("sorter", 1, 1);
        PipelinedUnit select = new PipelinedUnit("candidate_selection", c.latency().candidateSelection(), 1);
        PipelinedUnit dot = new PipelinedUnit("dot_product", c.latency().dotProduct(), 1);
        PipelinedUnit exp = new PipelinedUnit("exponent", c.latency().exponent(), 1);
        PipelinedUnit out = new PipelinedUnit("output", c.latency().output(), 1);
        long[] sortCycles = {0};
        KvStreamEngine.Result r = engine.run(groups, shape, src.layers(), src.queryHeads(), src.sequenceLength(),
                (g, chunk, firstRow, rows, qReady, kReady, vReady) -> {
                    long sorted = kReady;
                    if (c.preprocessing() == A3Config.Preprocessing.ON_CHIP_SORT) {
                        long cycles = sortCycles(rows, d, c.sorterLanes());
                        sortCycles[0] += cycles;
                        sorted = cycles == 0 ? kReady : sorter.issueBatch(kReady, cycles);
                    }
                    long ready = Math.max(sorted, qReady);
                    long last = ready;
                    int base = dec.offset[g.index()];
                    for (int i = 0; i < g.queries(); i++) {
                        long cs = select.issueBatch(ready, dec.iterations[base + i]);
                        long dp = dot.issueBatch(cs, (long) dec.candidates[base + i] * dpRow);
                        long ex = exp.issueBatch(dp, dec.candidates[base + i]);
                        last = out.issueBatch(Math.max(ex, vReady), (long) dec.kept[base + i] * outRow);
                    }
                    return last;
                }, request.onDram());

        ActionCounts a = new ActionCounts();
        long macs = (dec.totalCandidates + dec.totalKept) * d;
        a.add("qk", "mac", dec.totalCandidates * d);
        a.add("pv", "mac", dec.totalKept * d);
        a.add("softmax", "element", dec.totalCandidates);
        // Comparator trees of D inputs pick one largest and one smallest product per iteration; the sorter compares
        // once per element per merge pass.
        long sortCompares = 0;
        long sortEntries = 0;
        int entryBytes = (c.dataBits() + indexBits(src.sequenceLength()) + 7) / 8;
        for (AttentionGroup g : groups) {
            if (c.preprocessing() == A3Config.Preprocessing.ON_CHIP_SORT) {
                long passes = passes(g.contextLength());
                sortCompares += passes * g.contextLength() * d;
                sortEntries += 2 * passes * g.contextLength() * d;
            }
        }
        a.add("topk", "comparator_cycle", dec.totalIterations * 2L * (d - 1) + sortCompares);
        long keyBytes = r.bytes(org.spattensim.accel.fetch.MatrixKind.KEY);
        long valueBytes = r.bytes(org.spattensim.accel.fetch.MatrixKind.VALUE);
        a.add("key_buffer", "access_byte", keyBytes + sortEntries * entryBytes + dec.totalIterations * 2L * entryBytes
                + dec.totalCandidates * dataRow);
        a.add("value_buffer", "access_byte", valueBytes + dec.totalKept * dataRow);

        s.counter("a3.queries", "queries", "queries run").set(dec.queries);
        s.counter("a3.keys_seen", "keys", "keys in the queries' contexts (dense work)").set(dec.totalContext);
        s.counter("a3.iterations", "iterations", "greedy candidate-search iterations").set(dec.totalIterations);
        s.counter("a3.candidates", "keys", "candidate keys scored exactly").set(dec.totalCandidates);
        s.counter("a3.kept", "keys", "candidates kept by post-scoring selection (values weighted)").set(dec.totalKept);
        s.scalar("a3.candidate_share", "ratio", "candidates / keys seen").set((double) dec.totalCandidates / dec.totalContext);
        s.scalar("a3.kept_share", "ratio", "kept / keys seen").set((double) dec.totalKept / dec.totalContext);
        s.counter("a3.sort_cycles", "cycles", "preprocessing sorter cycles (all groups)").set(sortCycles[0]);
        dec.error.register(s);
        return KvStreamReport.summarise(name(), c.name(), src.name(), c.clockGhz(), r, engine.dramConfig(),
                List.of(sorter, select, dot, exp, out), a, macs, EnergyPreset.defaultPreset().at(NODE_NM),
                c.published(), s, "# effective configuration of " + loaded.source() + "\n" + loaded.toYaml(),
                "spatten-sim cycle-level A3 model (paper-based), " + c.name());
    }

    /** Merge passes to sort n elements. */
    static long passes(int n) {
        return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1L);
    }

    /** Cycles of the sorter: each lane merges one column, one element per cycle per pass. */
    static long sortCycles(int n, int d, int lanes) {
        long rounds = (d + lanes - 1) / lanes;
        return rounds * passes(n) * n;
    }

    static int indexBits(int n) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
    }

    /** A3's decisions for every query, in group order. */
    static final class Decisions {
        int[] offset;
        int[] iterations;
        int[] candidates;
        int[] kept;
        long queries;
        long totalContext;
        long totalIterations;
        long totalCandidates;
        long totalKept;
        OutputError error;
    }

    static Decisions decide(AttentionSource src, List<AttentionGroup> groups, A3Config c) {
        Decisions dec = new Decisions();
        dec.offset = new int[groups.size()];
        dec.error = new OutputError(src.layers());
        int total = 0;
        for (AttentionGroup g : groups) {
            dec.offset[g.index()] = total;
            total += g.queries();
        }
        dec.iterations = new int[total];
        dec.candidates = new int[total];
        dec.kept = new int[total];
        int d = src.headDim();
        A3Approximation approx = new A3Approximation(d, c.iterationFraction(), c.postScoringThreshold());
        double[] o = new double[d];
        double[] ref = new double[d];
        // One sort of all T rows serves every group of a head: a prefix's order is the full order with later rows
        // masked, which is what the candidate search's causal masking does.
        QueryWalk.run(src, groups, (l, kh, keys, values) -> approx.prepare(keys, src.sequenceLength()),
                (g, i, q, keys, values) -> {
                    A3Approximation.Outcome oc = approx.query(q, g.context(i), values, o, ref);
                    int at = dec.offset[g.index()] + i;
                    dec.iterations[at] = oc.iterations();
                    dec.candidates[at] = oc.candidates();
                    dec.kept[at] = oc.kept();
                    dec.queries++;
                    dec.totalContext += oc.context();
                    dec.totalIterations += oc.iterations();
                    dec.totalCandidates += oc.candidates();
                    dec.totalKept += oc.kept();
                    dec.error.add(g.layer(), o, ref, d);
                });
        return dec;
    }
}
