package org.spattensim.accel.spatten.workload;

import java.util.Random;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.topk.ReleasedTopKLatency;
import org.spattensim.accel.spatten.topk.TopKEngine;
import org.spattensim.accel.spatten.topk.TopKLatency;
import org.spattensim.accel.spatten.topk.TopKLatencyKind;
import org.spattensim.trace.spatten.SpattenWorkload;

/**
 * Producer (b) of the workload hand-off: decisions given by an imported SpAtten workload CSV, read the
 * way the released RTL simulation reads them [RTL sim/TestSpAtten.scala] (spatten-facts §8.1):
 * <ul>
 *   <li>fetch counts: {@code key_fetch_num} and {@code value_fetch_num} rounded up to a multiple of 8;</li>
 *   <li>key bits: 6 → 6-bit data fused two heads per 12-bit slot, requests paired (fusedSlot 1, 2);
 *       −1, 10, 12 → an 8-bit fetch with the LSB refetch forced on; other widths as written;</li>
 *   <li>value bits: −1, 10, 12 → 8; 6 stays 6 (fused layout, told by the width);</li>
 *   <li>{@code if_requant} (or the forcing above) sets the refetch ({@code quant.csvRequant = RELEASE_TESTBENCH}:
 *       a flagged request refetches with the probability the release's testbench data gives it, see
 *       {@link CsvRequant}); the LSBs are 4 bits
 *       ({@code requantBitCount = 4} in the RTL, whatever {@code auto_requant_incre} says);</li>
 *   <li>top-k latency: {@code topKLatency(key_fetch_num, value_fetch_num, P)} (unrounded counts) from one
 *       RNG seeded with {@code topk.seed} (1 = the release) over the tasks in file order; of a fused
 *       pair only the first is charged. With {@code topk.latencyModel = CPP_MODEL} the engine runs
 *       on seeded random scores instead; the cascade token and head top-k are not charged (the release
 *       does not charge them either);</li>
 *   <li>the query is the step's last position (L − 1); the head is never pruned (the files hold no
 *       head-pruning decision).</li>
 * </ul>
 * {@link AblationStep}s: DENSE fetches all L rows (rounded to 8) at {@code quant.denseBits}, no top-k;
 * the two pruning steps keep the CSV's counts at dense bits, charging a bitonic sorter or the
 * quick-select model; PROGRESSIVE_QUANTIZATION is the CSV as written.
 */
public final class DecisionDrivenProducer {
    /** LSB bits of a refetch in the released RTL ({@code requantBitCount}). */
    public static final int RELEASE_LSB_BITS = 4;
    /** Fetch-count granularity of the released simulation driver. */
    public static final int FETCH_GRANULE = 8;

    private DecisionDrivenProducer() {}

    /** The CSV as written (the full design's decisions). */
    public static Workload from(SpattenWorkload csv, SpattenConfig config) {
        return from(csv, config, AblationStep.PROGRESSIVE_QUANTIZATION);
    }

    public static Workload from(SpattenWorkload csv, SpattenConfig config, AblationStep step) {
        if (config.pruning().kvPolicy()) {
            throw org.spattensim.common.InvalidInputException.of(csv.provenance().source(), "pruning.policy",
                    "policy '" + config.pruning().policy() + "' selects tokens from the keys and attention, which a"
                            + " SpAtten workload CSV does not hold (it carries the release's own kept counts)",
                    "a Q/K/V decode trace (./spatten record or ./spatten synth --mode decode), or pruning.policy="
                            + org.spattensim.accel.spatten.prune.KvPolicies.CASCADE);
        }
        int n = csv.size();
        int layers = 1;
        int heads = 1;
        int headDim = config.compute().headDim();
        for (int i = 0; i < n; i++) {
            layers = Math.max(layers, csv.layer(i) + 1);
            heads = Math.max(heads, csv.head(i) + 1);
        }
        Workload.Builder b = new Workload.Builder(csv.provenance().source() + " [" + step.name().toLowerCase(java.util.Locale.ROOT) + "]", layers,
                heads, headDim, false);
        int p = config.topk().parallelism();
        int denseBits = config.quant().denseBits();
        TopKLatencyKind kind = config.topk().latencyModel();
        ReleasedTopKLatency released = new ReleasedTopKLatency(config.topk().seed());
        TopKEngine cpp = kind == TopKLatencyKind.CPP_MODEL ? TopKEngine.of(config) : null;
        Random scores = new Random(config.topk().seed());
        boolean testbench = config.quant().csvRequant() == CsvRequant.RELEASE_TESTBENCH;
        // Our assumption: one generator for the testbench's data, seeded from topk.seed, drawn per flagged request.
        java.util.SplittableRandom testbenchData = new java.util.SplittableRandom(config.topk().seed());
        double[] buf = new double[0];
        int batchPart = 0;
        for (int i = 0; i < n; i++) {
            int l = csv.sentenceLength(i);
            int keys = csv.keyFetchNum(i);
            int values = csv.valueFetchNum(i);
            int step0 = csv.iteration(i);
            AttentionTask t;
            if (step == AblationStep.DENSE) {
                int all = roundUp(l);
                t = new AttentionTask(step0, csv.layer(i), csv.head(i), l - 1, l, all, denseBits, 0, false, all,
                        denseBits, false, 0, 0, 0, 0);
            } else if (!step.quantization()) {
                int cycles;
                if (!step.fastTopK()) {
                    cycles = (int) TopKLatency.bitonicSorter(keys, values, p);
                } else if (cpp != null) {
                    buf = randomScores(scores, buf, keys);
                    cycles = (int) cpp.select(buf, keys, values).cycles();
                } else {
                    cycles = (int) released.latency(keys, values, p);
                }
                t = new AttentionTask(step0, csv.layer(i), csv.head(i), l - 1, l, roundUp(keys), denseBits, 0, false,
                        roundUp(values), denseBits, false, 0, 0, 0, cycles);
            } else {
                int keyBits = csv.quantKeyBit(i);
                boolean requant = csv.requant(i);
                if (keyBits == -1 || keyBits == 10 || keyBits == 12) {
                    keyBits = 8;
                    requant = true;
                }
                if (requant && testbench) {
                    requant = testbenchData.nextDouble() < CsvRequant.refetchProbability(roundUp(keys));
                }
                int valueBits = csv.quantValueBit(i);
                if (valueBits == -1 || valueBits == 10 || valueBits == 12) {
                    valueBits = 8;
                }
                int fused;
                boolean charged;
                if (keyBits == 6) {
                    fused = batchPart % 2 == 0 ? 1 : 2;
                    charged = batchPart % 2 == 0;
                    batchPart++;
                } else {
                    fused = 0;
                    charged = true;
                    batchPart = 0;
                }
                int cycles = 0;
                if (charged) {
                    if (cpp != null) {
                        buf = randomScores(scores, buf, keys);
                        cycles = (int) cpp.select(buf, keys, values).cycles();
                    } else {
                        cycles = (int) released.latency(keys, values, p);
                    }
                }
                t = new AttentionTask(step0, csv.layer(i), csv.head(i), l - 1, l, roundUp(keys), keyBits,
                        RELEASE_LSB_BITS, requant, roundUp(values), valueBits, false, fused, 0, 0, cycles);
            }
            b.add(t);
        }
        return b.build();
    }

    private static double[] randomScores(Random r, double[] buf, int n) {
        double[] s = buf.length >= n ? buf : new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextDouble();
        }
        return s;
    }

    static int roundUp(int count) {
        return (count + FETCH_GRANULE - 1) / FETCH_GRANULE * FETCH_GRANULE;
    }
}
