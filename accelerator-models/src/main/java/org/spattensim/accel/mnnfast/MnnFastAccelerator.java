package org.spattensim.accel.mnnfast;

import java.util.List;
import org.spattensim.accel.kvstream.KvStreamAccelerator;
import org.spattensim.accel.AcceleratorRun;
import org.spattensim.accel.RunRequest;
import org.spattensim.accel.fetch.MatrixKind;
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
 * MNNFast (Jang et al., ISCA 2019) as its paper describes it [MNNF], on the engine and DRAM model. Column-based
 * streaming: each group's keys and values stream from DRAM in chunks of {@code chunkRows} rows into a buffer
 * that holds two chunks' worth (one computed on while the next arrives); for every query of the group the chunk's
 * keys are scored ({@code ceil(D / dotProductMultipliers)} cycles a row), exponentiated (one a cycle) and the
 * value rows whose probability clears the zero-skipping threshold are accumulated into the query's partial output
 * ({@code ceil(D / outputMultipliers)} cycles a row); the lazy softmax divides once at the end. Every key and value
 * is fetched: zero-skipping saves computation, not DRAM traffic [KR]. MNNFast's embedding cache serves the input
 * embedding lookups of memory networks, which an attention trace does not contain: it is not modelled.
 */
public final class MnnFastAccelerator extends KvStreamAccelerator {
    /** Priced at SpAtten's node: the comparison scales MNNFast (an FPGA design) to SpAtten-1/8's chip [KR]. */
    static final int NODE_NM = 40;
    public MnnFastAccelerator(String name, String preset, String description) {
        super(name, preset, description);
    }

    @Override
    public AcceleratorRun run(RunRequest request) {
        Presets.Loaded<MnnFastConfig> loaded = MnnFastConfig.presets().load(preset(), request.overrides());
        MnnFastConfig c = loaded.value();
        SetUp up = setUp(request, c.memory(), c.clockGhz(), c.dataBits(), c.chunkRows(), c.buffers());
        AttentionSource src = up.source();
        List<AttentionGroup> groups = up.groups();
        KvStreamEngine.Shape shape = up.shape();
        KvStreamEngine engine = up.engine();
        int d = src.headDim();
        int row = up.rowBytes();

        Decisions dec = decide(src, groups, c);

        int dpRow = (d + c.dotProductMultipliers() - 1) / c.dotProductMultipliers();
        int outRow = (d + c.outputMultipliers() - 1) / c.outputMultipliers();
        PipelinedUnit dot = new PipelinedUnit("dot_product", c.latency().dotProduct(), 1);
        PipelinedUnit exp = new PipelinedUnit("exponent", c.latency().exponent(), 1);
        PipelinedUnit out = new PipelinedUnit("output", c.latency().output(), 1);
        long[] scored = {0};
        KvStreamEngine.Result r = engine.run(groups, shape, src.layers(), src.queryHeads(), src.sequenceLength(),
                (g, chunk, firstRow, rows, qReady, kReady, vReady) -> {
                    long ready = Math.max(qReady, kReady);
                    long last = Math.max(ready, vReady);
                    int chunks = dec.chunks[g.index()];
                    for (int i = 0; i < g.queries(); i++) {
                        int seen = Math.max(0, Math.min(rows, g.context(i) - firstRow));
                        if (seen == 0) {
                            continue;
                        }
                        scored[0] += seen;
                        long dp = dot.issueBatch(ready, (long) seen * dpRow);
                        long ex = exp.issueBatch(dp, seen);
                        int computed = dec.computed[dec.offset[g.index()] + i * chunks + chunk];
                        last = Math.max(last, out.issueBatch(Math.max(ex, vReady), (long) computed * outRow));
                    }
                    return last;
                }, request.onDram());

        ActionCounts a = new ActionCounts();
        long macs = (dec.totalContext + dec.totalComputed) * d;
        a.add("qk", "mac", dec.totalContext * d);
        a.add("pv", "mac", dec.totalComputed * d);
        a.add("softmax", "element", dec.totalContext);
        a.add("topk", "comparator_cycle", dec.totalContext);
        a.add("key_buffer", "access_byte", r.bytes(MatrixKind.KEY) + dec.totalContext * row);
        a.add("value_buffer", "access_byte", r.bytes(MatrixKind.VALUE) + dec.totalComputed * row);

        StatsRegistry s = new StatsRegistry();
        s.counter("mnnfast.queries", "queries", "queries run").set(dec.queries);
        s.counter("mnnfast.keys_scored", "keys", "keys scored (every key in each query's context)").set(dec.totalContext);
        s.counter("mnnfast.values_computed", "rows", "value rows accumulated (not zero-skipped)").set(dec.totalComputed);
        s.scalar("mnnfast.value_share", "ratio", "value rows computed / keys scored")
                .set((double) dec.totalComputed / dec.totalContext);
        dec.error.register(s);
        return KvStreamReport.summarise(name(), c.name(), src.name(), c.clockGhz(), r, engine.dramConfig(),
                List.of(dot, exp, out), a, macs, EnergyPreset.defaultPreset().at(NODE_NM), c.published(), s,
                "# effective configuration of " + loaded.source() + "\n" + loaded.toYaml(),
                "spatten-sim cycle-level MNNFast model (paper-based), " + c.name());
    }

    /** Value rows computed per query and chunk, in group order. */
    static final class Decisions {
        int[] offset;
        int[] chunks;
        int[] computed;
        long queries;
        long totalContext;
        long totalComputed;
        OutputError error;
    }

    static Decisions decide(AttentionSource src, List<AttentionGroup> groups, MnnFastConfig c) {
        Decisions dec = new Decisions();
        dec.offset = new int[groups.size()];
        dec.error = new OutputError(src.layers());
        dec.chunks = new int[groups.size()];
        long total = 0;
        for (AttentionGroup g : groups) {
            dec.offset[g.index()] = (int) total;
            dec.chunks[g.index()] = (g.contextLength() + c.chunkRows() - 1) / c.chunkRows();
            total += (long) g.queries() * dec.chunks[g.index()];
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw org.spattensim.common.InvalidInputException.of(src.name(), "chunkRows", "is " + c.chunkRows()
                    + ": " + total + " query-chunk pairs", "a larger chunk for a workload this long");
        }
        dec.computed = new int[(int) total];
        int d = src.headDim();
        ZeroSkipping zs = new ZeroSkipping(d, c.zeroSkipThreshold());
        double[] o = new double[d];
        double[] ref = new double[d];
        int[] perChunk = new int[Math.max(1, (src.sequenceLength() + c.chunkRows() - 1) / c.chunkRows())];
        QueryWalk.run(src, groups, (l, kh, keys, values) -> { }, (g, i, q, keys, values) -> {
            int chunks = dec.chunks[g.index()];
            java.util.Arrays.fill(perChunk, 0);
            int ctx = g.context(i);
            int computed = zs.query(q, ctx, keys, values, c.chunkRows(), perChunk, o, ref);
            System.arraycopy(perChunk, 0, dec.computed, dec.offset[g.index()] + i * chunks, chunks);
            dec.queries++;
            dec.totalContext += ctx;
            dec.totalComputed += computed;
            dec.error.add(g.layer(), o, ref, d);
        });
        return dec;
    }
}
