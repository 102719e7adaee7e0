package org.spattensim.accel.spatten;

import java.util.List;
import org.spattensim.accel.spatten.topk.TopKLatencyKind;
import org.spattensim.common.InvalidInputException;
import org.spattensim.config.Default;
import org.spattensim.memory.dram.DramPresets;

/**
 * Every parameter of one SpAtten design point, as a tree of validated records. The YAML presets in
 * {@code presets/accelerators/} hold one value per component with its source; {@link SpattenPresets}
 * loads them with {@code --set} overrides. Keys are the record component names ({@code topk.parallelism},
 * {@code quant.keyMsbBits}, {@code pruning.token.average}, ...).
 *
 * @param name     design name, for reports
 * @param compute  multipliers, head dimension, clock
 * @param topk     top-k engine
 * @param buffers  key and value SRAM buffers
 * @param memory   DRAM and fetch path
 * @param quant    static and progressive quantization
 * @param pruning  token, head and local value pruning with their layer schedules
 * @param latency  unit latencies in cycles
 */
public record SpattenConfig(String name, Compute compute, TopK topk, Buffers buffers, Memory memory,
                            Quantization quant, Pruning pruning, Latency latency) {
    /** Plausible bounds that refuse typing errors (and keep cycle arithmetic far from overflow). */
    static final int MAX_MULTIPLIERS = 1 << 16;
    static final long MAX_BUFFER_BYTES = 64L << 20;
    static final int MAX_LATENCY = 100_000;

    public SpattenConfig {
        require(name != null && !name.isBlank(), "name", String.valueOf(name), "a non-empty design name");
        requireNonNull(compute, "compute");
        requireNonNull(topk, "topk");
        requireNonNull(buffers, "buffers");
        requireNonNull(memory, "memory");
        requireNonNull(quant, "quant");
        requireNonNull(pruning, "pruning");
        requireNonNull(latency, "latency");
        if (buffers.lineElements() % compute.headDim() != 0) {
            throw fail("buffers.lineElements", buffers.lineElements(),
                    "a multiple of compute.headDim (" + compute.headDim() + ")");
        }
    }

    /**
     * Q×K and Prob×V broadcast-multiply-reduce arrays.
     *
     * @param qkMultipliers multipliers of the Q×K unit; scores per cycle = qkMultipliers / headDim
     * @param pvMultipliers multipliers of the Prob×V unit
     * @param headDim       head dimension D the arrays are laid out for
     * @param clockGhz      accelerator clock
     */
    public record Compute(int qkMultipliers, int pvMultipliers, int headDim, double clockGhz) {
        public Compute {
            requireRange(headDim, 1, 4096, "compute.headDim");
            requireRange(qkMultipliers, 1, MAX_MULTIPLIERS, "compute.qkMultipliers");
            requireRange(pvMultipliers, 1, MAX_MULTIPLIERS, "compute.pvMultipliers");
            if (qkMultipliers % headDim != 0) {
                throw fail("compute.qkMultipliers", qkMultipliers, "a multiple of compute.headDim (" + headDim + ")");
            }
            if (pvMultipliers % headDim != 0) {
                throw fail("compute.pvMultipliers", pvMultipliers, "a multiple of compute.headDim (" + headDim + ")");
            }
            if (!(clockGhz > 0 && clockGhz <= 100)) {
                throw fail("compute.clockGhz", clockGhz, "a clock in GHz in (0, 100]");
            }
        }

        /** Keys scored per cycle by the Q×K unit (8 for 512 multipliers at D = 64). */
        public int scoresPerCycle() {
            return qkMultipliers / headDim;
        }

        /** Value rows consumed per cycle by the Prob×V unit. */
        public int valuesPerCycle() {
            return pvMultipliers / headDim;
        }

        public int totalMultipliers() {
            return qkMultipliers + pvMultipliers;
        }
    }

    /**
     * Top-k engine.
     *
     * @param parallelism          comparators P
     * @param latencyModel         quick-select as the released RTL simulation or C++ model charges it, or a
     *                             general bitonic sorter (the ablation's "general top-k")
     * @param zeroEliminatorWidth  elements per cycle through the zero eliminator in the C++ model ({@code sizeZE})
     * @param seed                 seed of the pivot RNG
     */
    public record TopK(int parallelism, TopKLatencyKind latencyModel, int zeroEliminatorWidth, long seed) {
        public TopK {
            requireRange(parallelism, 1, 65536, "topk.parallelism");
            requireRange(zeroEliminatorWidth, 1, 65536, "topk.zeroEliminatorWidth");
            requireNonNull(latencyModel, "topk.latencyModel");
        }
    }

    /**
     * One of the two on-chip K/V buffers (both sized alike): {@code lines × lineElements × elementBits}.
     *
     * @param keyLines     lines of the key buffer
     * @param valueLines   lines of the value buffer
     * @param lineElements elements per line (= multipliers of one module in the RTL)
     * @param elementBits  bits per buffered element
     */
    public record Buffers(int keyLines, int valueLines, int lineElements, int elementBits) {
        public Buffers {
            requirePositive(keyLines, "buffers.keyLines");
            requirePositive(valueLines, "buffers.valueLines");
            requireRange(lineElements, 1, 65536, "buffers.lineElements");
            requireRange(elementBits, 1, 32, "buffers.elementBits");
            // Plausible on-chip SRAM: a typing error (2^31 lines, a 206 GB buffer) is refused, not simulated.
            long maxLines = MAX_BUFFER_BYTES * 8 / ((long) lineElements * elementBits);
            requireRange(keyLines, 1, (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxLines)), "buffers.keyLines");
            requireRange(valueLines, 1, (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxLines)), "buffers.valueLines");
        }

        public long keyBufferBytes() {
            return (long) keyLines * lineElements * elementBits / 8;
        }

        public long valueBufferBytes() {
            return (long) valueLines * lineElements * elementBits / 8;
        }
    }

    /**
     * DRAM and fetch path.
     *
     * @param dramPreset       DRAM preset of the simulator module ({@code DramPresets}) or a DRAM YAML file
     * @param channels         DRAM channels
     * @param transactionBytes bytes per DRAM transaction (also the channel interleaving granularity)
     * @param fetcherChannels  request ports of the Q/K/V fetcher into the address crossbar
     * @param maxPendingPerChannel requests a DRAM channel's port holds from acceptance to response (0: no
     *                         limit beyond the controller's queue); the release's DPI bridge allows 16
     * @param layout           where each task's matrices sit in DRAM (REGIONS, or the release testbench's
     *                         addresses to replay its figures)
     */
    public record Memory(String dramPreset, int channels, int transactionBytes, int fetcherChannels,
                         @Default("0") int maxPendingPerChannel,
                         @Default("REGIONS") org.spattensim.accel.fetch.AddressLayout layout) {
        public Memory {
            require(dramPreset != null && !dramPreset.isBlank(), "memory.dramPreset", String.valueOf(dramPreset),
                    "a DRAM preset name");
            if (!DramPresets.presets().contains(dramPreset) && !java.nio.file.Files.isRegularFile(
                    java.nio.file.Path.of(dramPreset))) {
                throw fail("memory.dramPreset", dramPreset, "a DRAM preset " + DramPresets.presets().names()
                        + " or alias " + DramPresets.presets().aliases().keySet() + ", or a DRAM YAML file");
            }
            requireRange(channels, 1, 1024, "memory.channels");
            if (Integer.bitCount(channels) != 1) {
                throw fail("memory.channels", channels, "a power of two (the DRAM address mapping takes channel bits)");
            }
            requireRange(fetcherChannels, 1, 4096, "memory.fetcherChannels");
            requireNonNegative(maxPendingPerChannel, "memory.maxPendingPerChannel");
            requireNonNull(layout, "memory.layout");
            if (transactionBytes <= 0 || Integer.bitCount(transactionBytes) != 1) {
                throw fail("memory.transactionBytes", transactionBytes, "a power of two > 0");
            }
        }

        public Memory(String dramPreset, int channels, int transactionBytes, int fetcherChannels) {
            this(dramPreset, channels, transactionBytes, fetcherChannels, 0,
                    org.spattensim.accel.fetch.AddressLayout.REGIONS);
        }
    }

    /**
     * Static and progressive quantization. With {@code enabled = false} keys and values are fetched at
     * {@code denseBits} and the functional model computes in float64.
     *
     * @param enabled           static quantization of K and V on
     * @param progressive       progressive quantization (LSB refetch + recompute) on
     * @param keyMsbBits        key bits fetched first
     * @param keyLsbBits        key bits added on refetch
     * @param valueBits         value bits
     * @param queryBits         query bits
     * @param requantThreshold  refetch when max probability &lt; this
     * @param denseBits         bits per element when quantization is off (the datapath's internal width)
     * @param csvRequant        how a workload CSV's refetch flags are read (as written, or as the release's
     *                          testbench ends up deciding them)
     */
    public record Quantization(boolean enabled, boolean progressive, int keyMsbBits, int keyLsbBits, int valueBits,
                               int queryBits, double requantThreshold, int denseBits,
                               @Default("AS_WRITTEN") org.spattensim.accel.spatten.workload.CsvRequant csvRequant) {
        public Quantization(boolean enabled, boolean progressive, int keyMsbBits, int keyLsbBits, int valueBits,
                            int queryBits, double requantThreshold, int denseBits) {
            this(enabled, progressive, keyMsbBits, keyLsbBits, valueBits, queryBits, requantThreshold, denseBits,
                    org.spattensim.accel.spatten.workload.CsvRequant.AS_WRITTEN);
        }

        public Quantization {
            requireNonNull(csvRequant, "quant.csvRequant");
            requireRange(keyMsbBits, 2, 16, "quant.keyMsbBits");
            requireRange(keyLsbBits, 0, 16, "quant.keyLsbBits");
            if (keyMsbBits + keyLsbBits > 24) {
                throw fail("quant.keyLsbBits", keyLsbBits, "keyMsbBits + keyLsbBits <= 24");
            }
            requireRange(valueBits, 2, 24, "quant.valueBits");
            requireRange(queryBits, 2, 32, "quant.queryBits");
            requireRange(denseBits, 2, 32, "quant.denseBits");
            if (!(requantThreshold >= 0 && requantThreshold <= 1)) {
                throw fail("quant.requantThreshold", requantThreshold, "a probability in [0, 1]");
            }
            if (progressive && !enabled) {
                throw fail("quant.progressive", true, "false while quant.enabled is false");
            }
            if (progressive && keyLsbBits == 0) {
                throw fail("quant.keyLsbBits", 0, "> 0 when quant.progressive is true");
            }
        }

        /** Key bits after the LSB refetch. */
        public int keyTotalBits() {
            return keyMsbBits + keyLsbBits;
        }
    }

    /**
     * Pruning switches and schedules.
     *
     * @param tokenPruning      cascade token pruning on
     * @param headPruning       cascade head pruning on
     * @param valuePruning      local value pruning on
     * @param token             token-pruning schedule (ratio of a layer's incoming tokens it removes)
     * @param head              head-pruning schedule (ratio of a layer's incoming heads it removes)
     * @param valuePruneRatio   fraction of a query's kept keys whose V rows local value pruning drops
     * @param keepRecent        the most recent tokens of the context that token pruning never removes (they
     *                          have had few queries to gather importance); 0 = none besides the decode
     *                          step's own token
     * @param tokenImportance   importance and kept tokens global (SpAtten's cascade) or per KV head (SpAtten-LLM)
     */
    public record Pruning(boolean tokenPruning, boolean headPruning, boolean valuePruning, Schedule token,
                          Schedule head, double valuePruneRatio, @Default("0") int keepRecent,
                          @Default("GLOBAL") org.spattensim.accel.spatten.prune.TokenImportance tokenImportance,
                          @Default("cascade") String policy, @Default("{}") KvCache kv) {
        public Pruning(boolean tokenPruning, boolean headPruning, boolean valuePruning, Schedule token, Schedule head,
                       double valuePruneRatio, int keepRecent) {
            this(tokenPruning, headPruning, valuePruning, token, head, valuePruneRatio, keepRecent,
                    org.spattensim.accel.spatten.prune.TokenImportance.GLOBAL);
        }

        public Pruning(boolean tokenPruning, boolean headPruning, boolean valuePruning, Schedule token, Schedule head,
                       double valuePruneRatio, int keepRecent,
                       org.spattensim.accel.spatten.prune.TokenImportance tokenImportance) {
            this(tokenPruning, headPruning, valuePruning, token, head, valuePruneRatio, keepRecent, tokenImportance,
                    org.spattensim.accel.spatten.prune.KvPolicies.CASCADE, KvCache.DEFAULT);
        }

        public Pruning {
            requireNonNull(policy, "pruning.policy");
            requireNonNull(kv, "pruning.kv");
            if (!org.spattensim.accel.spatten.prune.KvPolicies.names().contains(policy)) {
                throw fail("pruning.policy", policy, "one of " + org.spattensim.accel.spatten.prune.KvPolicies.names());
            }
            requireNonNull(tokenImportance, "pruning.tokenImportance");
            requireNonNull(token, "pruning.token");
            requireNonNull(head, "pruning.head");
            token.validate("pruning.token");
            head.validate("pruning.head");
            if (!(valuePruneRatio >= 0 && valuePruneRatio < 1)) {
                throw fail("pruning.valuePruneRatio", valuePruneRatio, "a ratio in [0, 1)");
            }
            if (keepRecent < 0) {
                throw fail("pruning.keepRecent", keepRecent, "a token count >= 0");
            }
        }

        public boolean any() {
            return tokenPruning || headPruning || valuePruning;
        }

        /** Token selection by a KV-cache policy ({@code pruning.policy} other than cascade) instead of the cascade. */
        public boolean kvPolicy() {
            return tokenPruning && !org.spattensim.accel.spatten.prune.KvPolicies.CASCADE.equals(policy);
        }

        /** This pruning with another token-selection policy. */
        public Pruning withPolicy(String newPolicy) {
            return new Pruning(tokenPruning, headPruning, valuePruning, token, head, valuePruneRatio, keepRecent,
                    tokenImportance, newPolicy, kv);
        }
    }

    /**
     * Parameters of the KV-cache token-selection policies ({@code pruning.policy}: streaming-llm, spatten-llm, h2o,
     * quest; docs/kv-policies.md has each policy's rule and source). The budget is the number of keys one query
     * attends to in a decode step, the step's own token included.
     *
     * @param budget         keys per query and step; 0: {@code budgetFraction} of the context instead
     * @param budgetFraction share of the context kept when {@code budget} is 0 (rounded up, at least 1)
     * @param sinkTokens     first tokens always kept: StreamingLLM's attention sinks, SpAtten-LLM's start_size
     * @param recentShare    share of the budget after the sinks that SpAtten-LLM and H2O keep as the recent window
     * @param pageSize       Quest's page of tokens that share one min/max metadata entry
     * @param denseLayers    first layers left dense; -1: the policy's published default (Quest 2, others 0)
     * @param promptQueries  H2O: prompt queries whose attention feeds the importance before the first eviction (the
     *                       last ones; the prefill's other queries are not observed); 0: all of them
     */
    public record KvCache(@Default("0") int budget, @Default("0.25") double budgetFraction,
                          @Default("4") int sinkTokens, @Default("0.5") double recentShare,
                          @Default("16") int pageSize, @Default("-1") int denseLayers,
                          @Default("32") int promptQueries) {
        public static final KvCache DEFAULT = new KvCache(0, 0.25, 4, 0.5, 16, -1, 32);
        static final int MAX_TOKENS = 1 << 24;

        public KvCache {
            requireRange(budget, 0, MAX_TOKENS, "pruning.kv.budget");
            if (!(budgetFraction > 0 && budgetFraction <= 1)) {
                throw fail("pruning.kv.budgetFraction", budgetFraction, "a fraction in (0, 1]");
            }
            requireRange(sinkTokens, 0, MAX_TOKENS, "pruning.kv.sinkTokens");
            if (!(recentShare >= 0 && recentShare <= 1)) {
                throw fail("pruning.kv.recentShare", recentShare, "a share in [0, 1]");
            }
            requireRange(pageSize, 1, 4096, "pruning.kv.pageSize");
            requireRange(denseLayers, -1, 4096, "pruning.kv.denseLayers");
            requireRange(promptQueries, 0, MAX_TOKENS, "pruning.kv.promptQueries");
        }
    }

    /**
     * A per-layer pruning-ratio schedule. The first {@code ceil(skipFraction × layers)} layers are not
     * pruned; the others ramp linearly from {@code start} to {@code end = 2 × average − start}, so their
     * mean is {@code average}. A non-empty {@code perLayer} list (one ratio per layer) replaces the ramp.
     *
     * @param skipFraction fraction of the first layers left unpruned
     * @param average      mean ratio over the pruned layers
     * @param start        ratio of the first pruned layer
     * @param perLayer     explicit ratios, one per layer, or empty
     */
    public record Schedule(double skipFraction, double average, double start, List<Double> perLayer) {
        public Schedule {
            perLayer = perLayer == null ? List.of() : List.copyOf(perLayer);
        }

        /** Ratio of the last pruned layer. */
        public double end() {
            return 2 * average - start;
        }

        void validate(String prefix) {
            if (!(skipFraction >= 0 && skipFraction <= 1)) {
                throw fail(prefix + ".skipFraction", skipFraction, "a fraction in [0, 1]");
            }
            if (!(average >= 0 && average < 1)) {
                throw fail(prefix + ".average", average, "a ratio in [0, 1)");
            }
            if (!(start >= 0 && start < 1)) {
                throw fail(prefix + ".start", start, "a ratio in [0, 1)");
            }
            double end = end();
            if (!(end >= -1e-12 && end < 1)) {
                throw fail(prefix + ".start", start, "a start with end = 2*average - start in [0, 1) (end would be "
                        + end + ")");
            }
            for (int i = 0; i < perLayer.size(); i++) {
                Double r = perLayer.get(i);
                if (r == null || !(r >= 0 && r < 1)) {
                    throw fail(prefix + ".perLayer[" + i + "]", r, "a ratio in [0, 1)");
                }
            }
        }
    }

    /**
     * Unit latencies in cycles [RTL bert.cpp]: Q×K = SRAM + multiplier + reduction tree; softmax stages;
     * Prob×V = SRAM + multiplier + accumulator. The register stages of the request paths around them come from
     * the RTL's stream pipeline (docs/spatten-timing.md counts them stage by stage):
     *
     * @param fetchRequest  from a request taking the key fork (or a value request leaving the top-k) to its first
     *                      DRAM request
     * @param fetchResponse from a DRAM completion to the buffer line being readable by Q×K or Prob×V
     * @param decision      from a request's last score to its requantization decision (first output beat)
     * @param requantReport from the decision to the refetch request re-entering the key path's arbiter
     * @param valuePath     from the decision's output to the head of the top-k engine's input FIFO
     */
    public record Latency(int qkSram, int qkMultiply, int qkReduce, int softmaxDequantize, int softmaxExp,
                          int softmaxAccumulate, int softmaxDivide, int softmaxQuantize, int pvSram, int pvMultiply,
                          int pvAccumulate, @Default("0") int fetchRequest, @Default("0") int fetchResponse,
                          @Default("0") int decision, @Default("0") int requantReport, @Default("0") int valuePath) {
        public Latency(int qkSram, int qkMultiply, int qkReduce, int softmaxDequantize, int softmaxExp,
                       int softmaxAccumulate, int softmaxDivide, int softmaxQuantize, int pvSram, int pvMultiply,
                       int pvAccumulate) {
            this(qkSram, qkMultiply, qkReduce, softmaxDequantize, softmaxExp, softmaxAccumulate, softmaxDivide,
                    softmaxQuantize, pvSram, pvMultiply, pvAccumulate, 0, 0, 0, 0, 0);
        }

        public Latency {
            requireRange(fetchRequest, 0, MAX_LATENCY, "latency.fetchRequest");
            requireRange(fetchResponse, 0, MAX_LATENCY, "latency.fetchResponse");
            requireRange(decision, 0, MAX_LATENCY, "latency.decision");
            requireRange(requantReport, 0, MAX_LATENCY, "latency.requantReport");
            requireRange(valuePath, 0, MAX_LATENCY, "latency.valuePath");
            requireRange(qkSram, 0, MAX_LATENCY, "latency.qkSram");
            requireRange(qkMultiply, 0, MAX_LATENCY, "latency.qkMultiply");
            requireRange(qkReduce, 0, MAX_LATENCY, "latency.qkReduce");
            requireRange(softmaxDequantize, 0, MAX_LATENCY, "latency.softmaxDequantize");
            requireRange(softmaxExp, 0, MAX_LATENCY, "latency.softmaxExp");
            requireRange(softmaxAccumulate, 0, MAX_LATENCY, "latency.softmaxAccumulate");
            requireRange(softmaxDivide, 0, MAX_LATENCY, "latency.softmaxDivide");
            requireRange(softmaxQuantize, 0, MAX_LATENCY, "latency.softmaxQuantize");
            requireRange(pvSram, 0, MAX_LATENCY, "latency.pvSram");
            requireRange(pvMultiply, 0, MAX_LATENCY, "latency.pvMultiply");
            requireRange(pvAccumulate, 0, MAX_LATENCY, "latency.pvAccumulate");
        }

        /** Pipeline depth of the Q×K unit: 1 + 1 + 9 = 11 in the released model. */
        public int qkPipeline() {
            return qkSram + qkMultiply + qkReduce;
        }

        /** Pipeline depth of the softmax (without the FIFO term): 7 + 21 + 23 + 29 + 7 = 87. */
        public int softmaxPipeline() {
            return softmaxDequantize + softmaxExp + softmaxAccumulate + softmaxDivide + softmaxQuantize;
        }

        /** Pipeline depth of the Prob×V unit: 1 + 1 + 1 = 3. */
        public int pvPipeline() {
            return pvSram + pvMultiply + pvAccumulate;
        }
    }

    /** This design with other pruning settings. */
    public SpattenConfig withPruning(Pruning p) {
        return new SpattenConfig(name, compute, topk, buffers, memory, quant, p, latency);
    }

    /** This design with other quantization settings. */
    public SpattenConfig withQuant(Quantization q) {
        return new SpattenConfig(name, compute, topk, buffers, memory, q, pruning, latency);
    }

    /** This design with other top-k settings. */
    public SpattenConfig withTopK(TopK t) {
        return new SpattenConfig(name, compute, t, buffers, memory, quant, pruning, latency);
    }

    static InvalidInputException fail(String field, Object value, String expected) {
        return InvalidInputException.of("SpAtten config", field, "bad value " + value, expected);
    }

    private static void require(boolean ok, String field, String value, String expected) {
        if (!ok) {
            throw fail(field, value, expected);
        }
    }

    private static void requireNonNull(Object o, String field) {
        if (o == null) {
            throw InvalidInputException.of("SpAtten config", field, "missing", "a value");
        }
    }

    private static void requirePositive(int v, String field) {
        if (v <= 0) {
            throw fail(field, v, "an integer > 0");
        }
    }

    private static void requireNonNegative(int v, String field) {
        if (v < 0) {
            throw fail(field, v, "an integer >= 0");
        }
    }

    private static void requireRange(int v, int lo, int hi, String field) {
        if (v < lo || v > hi) {
            throw fail(field, v, "an integer in [" + lo + ", " + hi + "]");
        }
    }
}
