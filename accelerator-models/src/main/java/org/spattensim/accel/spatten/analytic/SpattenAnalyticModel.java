package org.spattensim.accel.spatten.analytic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.energy.EnergyPreset;
import org.spattensim.accel.spatten.energy.SpattenActions;
import org.spattensim.accel.spatten.energy.SpattenEnergy;
import org.spattensim.accel.spatten.energy.SpattenArea;
import org.spattensim.accel.spatten.fetch.MatrixKind;
import org.spattensim.accel.spatten.fetch.FetchPlan;
import org.spattensim.accel.spatten.fetch.MemoryLayout;
import org.spattensim.accel.spatten.pipeline.SpattenRun;
import org.spattensim.accel.spatten.pipeline.SpattenTimingModel;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.engine.ClockDomain;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramPresets;
import org.spattensim.energy.EnergyTable;
import org.spattensim.memory.dram.power.DramEnergy;
import org.spattensim.memory.dram.power.DramPowerParams;
import org.spattensim.stats.StatsRegistry;

/**
 * A fast, calibrated performance model of the SpAtten pipeline for design-space search:
 * {@code new SpattenAnalyticModel(config).run(workload)} returns a {@link SpattenRun} like the cycle-level
 * {@link SpattenTimingModel}, in well under a millisecond per thousand tasks instead of seconds.
 *
 * <p>It keeps the cycle-level pipeline's structure at the granularity of fetch blocks instead of DRAM
 * transactions and score groups (docs/dse.md "Fast fidelity"):
 * <ul>
 *   <li>the Q/K/V fetcher is one FIFO server: a block of {@code b} bytes enqueued at {@code t} occupies it from
 *       {@code s = max(t, free)} for {@code b / B} cycles; its row {@code r} arrives at
 *       {@code s + L + (r + 1) * stride / B}. {@code B} (sustained bytes per cycle) and {@code L} (latency to
 *       the first row) are measured by {@link FetchCalibration} on the cycle-level fetcher and DRAM model with
 *       a sample of the workload's own blocks;</li>
 *   <li>Q×K, the softmax, the two top-k engines and Prob×V are reservation pipelines with the cycle model's
 *       rates and latencies: a block's score groups issue back to back from the first group's arrival, never
 *       before the last row;</li>
 *   <li>the task order of the cycle model: admission in task order with the key buffer's row reservation,
 *       the cascade top-k gates at layer boundaries, progressive quantization's LSB refetch and recompute,
 *       in-order finalisation, the local value top-k, the value buffer's reservation, fused heads and prefill
 *       queries that reuse their leader's rows.</li>
 * </ul>
 * Action counts (MACs, softmax elements, top-k comparator cycles, SRAM and converter bytes, DRAM bytes and
 * transactions) are the cycle model's closed forms and equal its counts; energy uses the same tables, DRAM
 * activates and refreshes use the calibration's rates; area is {@link SpattenArea}. Only the
 * {@code KEPT_ONLY} fetch policy (SpAtten) is modelled.
 */
public final class SpattenAnalyticModel {
    /** Transactions the calibration streams at most (about 0.1 s of cycle-level DRAM simulation). */
    static final long CALIBRATION_TRANSACTIONS = 150_000;
    private static final int CONVERTER_LATENCY = 1;

    private final SpattenConfig config;
    private final DramConfig dramConfig;
    private final EnergyTable energyTable;
    private final DramPowerParams dramPower;
    private final ClockDomain clocks;

    /** Parsed DRAM presets and the default energy table, so a point costs no YAML parsing. */
    private static final Map<String, DramConfig> DRAM_PRESETS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final EnergyTable DEFAULT_ENERGY = EnergyPreset.defaultPreset().at(SpattenTimingModel.NODE_NM);

    public SpattenAnalyticModel(SpattenConfig config) {
        this(config, DEFAULT_ENERGY);
    }

    public SpattenAnalyticModel(SpattenConfig config, EnergyTable energyTable) {
        this.config = config;
        // A DRAM YAML file is re-read every time (it may change); named presets are parsed once.
        String preset = config.memory().dramPreset();
        DramConfig base = DramPresets.presets().contains(preset)
                ? DRAM_PRESETS.computeIfAbsent(preset, DramPresets::load) : DramPresets.load(preset);
        this.dramConfig = base.withChannels(config.memory().channels())
                .withController(base.controller().withTransactionBytes(config.memory().transactionBytes()));
        this.energyTable = energyTable;
        this.dramPower = DramPowerParams.forStandard(dramConfig.organization().standard());
        this.clocks = ClockDomain.ofMHz(Math.round(config.compute().clockGhz() * 1000),
                Math.round(dramConfig.organization().clockGhz() * 1000));
    }

    public SpattenConfig config() {
        return config;
    }

    /** The fetch calibration this design uses for the workload (measured once per DRAM, clocks and block sample). */
    public FetchCalibration calibration(Workload w) {
        return plan(w).calibration(dramConfig, clocks);
    }

    /**
     * Plans per workload (weakly held) and per the configuration fields a plan reads, so a search that varies
     * multipliers, buffers, top-k, DRAM or clock builds each once.
     */
    private static final Map<Workload, Map<PlanKey, Plan>> PLANS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The configuration fields {@link Plan} reads. */
    private record PlanKey(boolean quantEnabled, boolean progressive, int queryBits, int denseBits, int transactionBytes,
                           int fetcherChannels) {}

    private Plan plan(Workload w) {
        SpattenConfig.Quantization q = config.quant();
        PlanKey key = new PlanKey(q.enabled(), q.progressive(), q.queryBits(), q.denseBits(),
                dramConfig.controller().transactionBytes(), config.memory().fetcherChannels());
        Map<PlanKey, Plan> plans = PLANS.computeIfAbsent(w, k -> new java.util.concurrent.ConcurrentHashMap<>());
        return plans.computeIfAbsent(key, k -> new Plan(config, w, dramConfig));
    }

    /** Estimates the workload's cycles, energy and area. */
    public SpattenRun run(Workload w) {
        Plan plan = plan(w);
        FetchCalibration cal = plan.calibration(dramConfig, clocks);
        TaskFlow flow = new TaskFlow(config, w, plan, cal);
        long cycles = flow.run();
        return summarise(w, plan, flow, cal, cycles);
    }

    private SpattenRun summarise(Workload w, Plan plan, TaskFlow flow, FetchCalibration cal, long cycles) {
        StatsRegistry s = new StatsRegistry();
        double seconds = cycles / (config.compute().clockGhz() * 1e9);
        TaskFlow.Actions a = flow.actions;
        long bytes = plan.totalBytes();
        long transactions = bytes / plan.layout.transactionBytes();
        s.counter("total_cycles", "cycles", "estimated accelerator cycles (analytic model)").set(cycles);
        s.scalar("seconds", "s", "total_cycles at the design's clock").set(seconds);
        s.counter("dram_bytes_read", "B", "bytes read from DRAM").set(bytes);
        s.counter("dram_transactions", "transactions", "DRAM read transactions").set(transactions);
        s.counter("requant_count", "tasks", "tasks whose key LSBs were refetched").set(a.requants);
        for (MatrixKind k : MatrixKind.values()) {
            s.counter("dram_bytes." + k.name().toLowerCase(), "B", "DRAM bytes fetched for " + k.name().toLowerCase()
                    + " data").set(plan.bytesByKind[k.ordinal()]);
        }
        s.scalar("dram.bandwidth_gbps", "GB/s", "DRAM read bandwidth over the run")
                .set(cycles == 0 ? 0 : bytes / seconds / 1e9);
        s.scalar("calibration.bytes_per_cycle", "B/cycle", "sustained fetch bandwidth measured by the cycle-level fetcher + DRAM")
                .set(cal.bytesPerCycle());
        s.scalar("calibration.latency_cycles", "cycles", "fetch latency to the first row, measured").set(cal.latencyCycles());
        SpattenActions actions = new SpattenActions(a.qkMacs, a.pvMacs, a.softmaxElements, a.topkComparatorCycles,
                a.keyBufferWriteBytes + a.keyBufferReadBytes, a.valueBufferWriteBytes + a.valueBufferReadBytes,
                a.convertedBytes);
        actions.register(s);

        DramEnergy de = new DramEnergy(dramConfig, dramPower);
        long memCycles = (long) Math.ceil((double) cycles * clocks.memoryHz() / clocks.coreHz());
        double activates = cal.activatesPerTransaction() * transactions;
        double refreshes = cal.refreshesPerMemoryCycle() * memCycles;
        SpattenEnergy energy = SpattenEnergy.of(energyTable, actions,
                activates * de.activatePj() + transactions * de.readPj() + refreshes * de.refreshPj(),
                de.backgroundPj(memCycles));
        energy.register(s, "total energy: logic + SRAM + DRAM (analytic counts; " + energyTable.technology() + ")");
        Map<String, Double> area = SpattenArea.byUnit(config);
        double areaTotal = area.values().stream().mapToDouble(Double::doubleValue).sum();
        s.scalar("area_mm2", "mm2", "total area (see SpattenArea for the calibration)").set(areaTotal);
        return new SpattenRun(config, w.source(), cycles, seconds, bytes, transactions, a.requants, energy.totalPj(),
                energy.byCategory(), energy.byUnit(), areaTotal, area, s);
    }

    /**
     * The fetch structure of a workload on a design, as the cycle-level pipeline builds it: leaders fetch rows,
     * followers (the second of two fused heads, the later queries of one prefill head) reuse them.
     */
    static final class Plan {
        final Workload w;
        final FetchPlan fetch;
        final MemoryLayout layout;
        final int n;
        final int headDim;
        final int queryStride;
        final int fetcherChannels;
        final boolean progressive;
        final long[] bytesByKind = new long[MatrixKind.values().length];

        Plan(SpattenConfig cfg, Workload w, DramConfig dram) {
            this.w = w;
            this.n = w.size();
            this.headDim = w.headDim();
            this.progressive = cfg.quant().enabled() && cfg.quant().progressive();
            this.fetcherChannels = cfg.memory().fetcherChannels();
            this.fetch = new FetchPlan(cfg, w, dram.controller().transactionBytes(), false);
            this.layout = fetch.layout();
            this.queryStride = fetch.queryStride();
            for (int j = 0; j < n; j++) {
                if (active(j) && requants(j)) {
                    bytesByKind[MatrixKind.KEY_LSB.ordinal()] += (long) w.keptKeys(j) * lsbStride(j);
                }
            }
            for (int j = 0; j < n; j++) {
                if (fetch.leader(j) == j && active(j)) {
                    bytesByKind[MatrixKind.QUERY.ordinal()] += queryStride;
                    bytesByKind[MatrixKind.KEY.ordinal()] += (long) fetch.keyRows(j) * fetch.keyStride(j);
                    bytesByKind[MatrixKind.VALUE.ordinal()] += (long) fetch.valueRows(j) * fetch.valueStride(j);
                }
            }
        }

        boolean active(int j) {
            return fetch.active(j);
        }

        boolean requants(int j) {
            return progressive && w.requant(j) && w.keyLsbBits(j) > 0;
        }

        int lsbStride(int j) {
            return layout.strideBytes(headDim, w.keyLsbBits(j));
        }

        long totalBytes() {
            long b = 0;
            for (long x : bytesByKind) {
                b += x;
            }
            return b;
        }

        /** Calibrations of this plan per (DRAM system, clocks), so a point costs no block-list hashing. */
        private final Map<List<Object>, FetchCalibration> calibrations = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile List<FetchCalibration.BlockShape> sample;

        FetchCalibration calibration(DramConfig dram, ClockDomain clocks) {
            List<Object> key = List.of(dram, clocks.coreHz(), clocks.memoryHz());
            FetchCalibration c = calibrations.get(key);
            if (c == null) {
                c = FetchCalibration.of(dram, fetcherChannels, clocks, sample());
                calibrations.put(key, c);
            }
            return c;
        }

        private List<FetchCalibration.BlockShape> sample() {
            List<FetchCalibration.BlockShape> s = sample;
            if (s == null) {
                s = sampleBlocks();
                sample = s;
            }
            return s;
        }

        /**
         * The calibration sample: the blocks of task groups picked at an even fractional stride over the whole
         * workload (so every layer, step and pruning level is represented, without aliasing onto one layer), at
         * most {@link #CALIBRATION_TRANSACTIONS} transactions, in the pipeline's order: a group's keys, then the
         * previous group's key LSBs and values (keys run ahead of the value stage).
         */
        private List<FetchCalibration.BlockShape> sampleBlocks() {
            List<Integer> leaders = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (fetch.leader(j) == j && active(j)) {
                    leaders.add(j);
                }
            }
            List<FetchCalibration.BlockShape> blocks = new ArrayList<>();
            int tb = layout.transactionBytes();
            long budget = CALIBRATION_TRANSACTIONS * tb;
            int groups = leaders.size();
            long groupBytes = groups == 0 ? 1 : Math.max(1, totalBytes() / groups);
            int picks = (int) Math.max(1, Math.min(groups, budget / groupBytes));
            int prev = -1;
            for (int i = 0; i < picks && groups > 0; i++) {
                int l = leaders.get((int) ((i + 0.5) * groups / picks));
                blocks.add(new FetchCalibration.BlockShape(MatrixKind.QUERY,
                        layout.regionBase(MatrixKind.QUERY, w.layer(l), w.head(l)) + (long) w.query(l) * queryStride,
                        queryStride, 1, tb, null, 1));
                blocks.add(new FetchCalibration.BlockShape(MatrixKind.KEY, layout.regionBase(MatrixKind.KEY, w.layer(l),
                        w.head(l)), fetch.keyStride(l), fetch.keyRows(l), tb, w.hasIndices() ? w.keyIndices(l) : null,
                        w.contextLength(l)));
                if (prev >= 0) {
                    valueBlocks(prev, blocks, tb);
                }
                prev = l;
            }
            if (prev >= 0) {
                valueBlocks(prev, blocks, tb);
            }
            return List.copyOf(blocks);
        }

        /** Adds the key-LSB refetches of group {@code l}'s members and its value block; returns their bytes. */
        private long valueBlocks(int l, List<FetchCalibration.BlockShape> blocks, int tb) {
            long used = 0;
            for (int j = l; j < n && fetch.leader(j) == l; j++) {
                if (active(j) && requants(j)) {
                    blocks.add(new FetchCalibration.BlockShape(MatrixKind.KEY_LSB, layout.regionBase(MatrixKind.KEY_LSB,
                            w.layer(j), w.head(j)), lsbStride(j), w.keptKeys(j), tb,
                            w.hasIndices() ? w.keyIndices(j) : null, w.contextLength(j)));
                    used += (long) w.keptKeys(j) * lsbStride(j);
                }
            }
            if (fetch.valueRows(l) > 0) {
                blocks.add(new FetchCalibration.BlockShape(MatrixKind.VALUE, layout.regionBase(MatrixKind.VALUE,
                        w.layer(l), w.head(l)), fetch.valueStride(l), fetch.valueRows(l), tb,
                        w.hasIndices() ? w.valueIndices(l) : null, w.contextLength(l)));
                used += (long) fetch.valueRows(l) * fetch.valueStride(l);
            }
            return used;
        }
    }
}
