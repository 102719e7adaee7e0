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
import org.spattensim.accel.fetch.MatrixKind;
import org.spattensim.accel.fetch.FetchPlan;
import org.spattensim.accel.fetch.MemoryLayout;
import org.spattensim.accel.spatten.pipeline.FetchPolicy;
import org.spattensim.accel.spatten.pipeline.SpattenPipeline;
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
 * {@link SpattenTimingModel}, in milliseconds instead of seconds.
 *
 * <p>It runs the cycle-level model's own pipeline ({@link SpattenPipeline}: the same admission, key fork,
 * refetch, decision, top-k and Prob×V protocol, one copy of it) and replaces only the fetch path: instead of
 * simulating every DRAM transaction, a {@link CalibratedFetcher} serves fetch blocks as one FIFO server with the
 * sustained bandwidth and first-row latency {@link FetchCalibration} measured on the cycle-level fetcher and DRAM
 * model with a sample of the workload's own blocks (docs/dse.md "Fast fidelity"). What it cannot see: the
 * round-robin interleaving of key and value blocks, per-channel imbalance and row-buffer effects of one block
 * against another (all averaged into the calibration).
 *
 * <p>Action counts are the pipeline's; DRAM bytes and transactions are the blocks'; energy uses the same
 * tables, DRAM activates and refreshes use the calibration's rates; area is {@link SpattenArea}. Only the
 * {@code KEPT_ONLY} fetch policy (SpAtten) is modelled.
 */
public final class SpattenAnalyticModel {
    /** Transactions the calibration streams at most (about 0.1 s of cycle-level DRAM simulation). */
    static final long CALIBRATION_TRANSACTIONS = 150_000;

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
                           int fetcherChannels, int maxPending, org.spattensim.accel.fetch.AddressLayout layout,
                           int keyLines, int lineElements) {}

    private Plan plan(Workload w) {
        SpattenConfig.Quantization q = config.quant();
        PlanKey key = new PlanKey(q.enabled(), q.progressive(), q.queryBits(), q.denseBits(),
                dramConfig.controller().transactionBytes(), config.memory().fetcherChannels(),
                config.memory().maxPendingPerChannel(), config.memory().layout(), config.buffers().keyLines(),
                config.buffers().lineElements());
        Map<PlanKey, Plan> plans = PLANS.computeIfAbsent(w, k -> new java.util.concurrent.ConcurrentHashMap<>());
        return plans.computeIfAbsent(key, k -> new Plan(config, w, dramConfig));
    }

    /** Estimates the workload's cycles, energy and area. */
    public SpattenRun run(Workload w) {
        Plan plan = plan(w);
        FetchCalibration cal = plan.calibration(dramConfig, clocks);
        SpattenPipeline p = new SpattenPipeline(config, w, dramConfig, FetchPolicy.KEPT_ONLY,
                (sim, clk, sink) -> new CalibratedFetcher(cal, sim, sink));
        long cycles = p.run();
        return summarise(w, plan, p.actions(), cal, cycles);
    }

    private SpattenRun summarise(Workload w, Plan plan, SpattenPipeline.Actions a, FetchCalibration cal, long cycles) {
        StatsRegistry s = new StatsRegistry();
        double seconds = cycles / (config.compute().clockGhz() * 1e9);
        long bytes = plan.totalBytes();
        long transactions = bytes / plan.layout.transactionBytes();
        s.counter("total_cycles", "cycles", "estimated accelerator cycles (analytic model)").set(cycles);
        s.scalar("seconds", "s", "total_cycles at the design's clock").set(seconds);
        s.counter("dram_bytes_read", "B", "bytes read from DRAM").set(bytes);
        s.counter("dram_transactions", "transactions", "DRAM read transactions").set(transactions);
        s.counter("requant_count", "tasks", "tasks whose key LSBs were refetched").set(a.requants());
        for (MatrixKind k : MatrixKind.values()) {
            s.counter("dram_bytes." + k.name().toLowerCase(), "B", "DRAM bytes fetched for " + k.name().toLowerCase()
                    + " data").set(plan.bytesByKind[k.ordinal()]);
        }
        s.scalar("dram.bandwidth_gbps", "GB/s", "DRAM read bandwidth over the run")
                .set(cycles == 0 ? 0 : bytes / seconds / 1e9);
        s.scalar("calibration.bytes_per_cycle", "B/cycle", "sustained fetch bandwidth measured by the cycle-level fetcher + DRAM")
                .set(cal.bytesPerCycle());
        s.scalar("calibration.latency_cycles", "cycles", "fetch latency to the first row, measured").set(cal.latencyCycles());
        SpattenActions actions = a.toActions();
        actions.register(s);
        org.spattensim.accel.spatten.pipeline.SpattenTimingModel.selection(s, w);

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
        return new SpattenRun(config, w.source(), cycles, seconds, bytes, transactions, a.requants(), energy.totalPj(),
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
        final int fetcherChannels;
        final int maxPending;
        final boolean progressive;
        final long[] bytesByKind = new long[MatrixKind.values().length];

        Plan(SpattenConfig cfg, Workload w, DramConfig dram) {
            this.w = w;
            this.n = w.size();
            this.headDim = w.headDim();
            this.progressive = cfg.quant().enabled() && cfg.quant().progressive();
            this.fetcherChannels = cfg.memory().fetcherChannels();
            this.maxPending = cfg.memory().maxPendingPerChannel();
            this.fetch = new FetchPlan(cfg, w, dram.controller().transactionBytes(), false);
            this.layout = fetch.layout();
            boolean[] shared = new boolean[n];
            for (int j = 0; j < n; j++) {
                if (active(j) && requants(j)) {
                    int l = fetch.leader(j);
                    if (!fetch.sharesRefetch(l)) {
                        bytesByKind[MatrixKind.KEY_LSB.ordinal()] += (long) w.keptKeys(j) * lsbStride(j);
                    } else if (!shared[l]) {
                        // A group's first refetch fetches the LSBs of the group's union once (SpattenPipeline).
                        shared[l] = true;
                        bytesByKind[MatrixKind.KEY_LSB.ordinal()] += (long) fetch.keyRows(l) * lsbStride(l);
                    }
                }
            }
            for (int j = 0; j < n; j++) {
                if (fetch.leader(j) == j && active(j)) {
                    bytesByKind[MatrixKind.KEY.ordinal()] += (long) fetch.keyRows(j) * fetch.keyStride(j);
                    bytesByKind[MatrixKind.VALUE.ordinal()] += (long) fetch.valueRows(j) * fetch.valueStride(j);
                }
                if (w.metadataRows(j) > 0) {
                    bytesByKind[MatrixKind.PAGE_METADATA.ordinal()] += fetch.metadataBlock(j, j,
                            dram.controller().transactionBytes()).bytes();
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
            return fetch.keyLsbStride(j);
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
                c = FetchCalibration.of(dram, fetcherChannels, maxPending, clocks, sample());
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
                blocks.add(FetchCalibration.BlockShape.of(fetch.keyBlock(l, tb, false)));
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
                    if (fetch.sharesRefetch(l)) {
                        blocks.add(FetchCalibration.BlockShape.of(fetch.keyLsbGroupBlock(l, j, tb)));
                        used += (long) fetch.keyRows(l) * lsbStride(l);
                        break;
                    }
                    blocks.add(FetchCalibration.BlockShape.of(fetch.keyLsbBlock(j, tb)));
                    used += (long) w.keptKeys(j) * lsbStride(j);
                }
            }
            if (fetch.valueRows(l) > 0) {
                blocks.add(FetchCalibration.BlockShape.of(fetch.valueBlock(l, tb, false)));
                used += (long) fetch.valueRows(l) * fetch.valueStride(l);
            }
            return used;
        }
    }
}
