package org.spattensim.accel.spatten.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spattensim.accel.spatten.AblationStep;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.SpattenPresets;
import org.spattensim.accel.spatten.topk.ReleasedTopKLatency;
import org.spattensim.accel.spatten.topk.TopKLatency;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;
import org.spattensim.trace.spatten.SpattenWorkload;

class DecisionDrivenProducerTest {
    private static final SpattenWorkload PRUNED = BundledSpattenWorkloads.GPT2_SMALL_WIKITEXT2.load();
    private static final SpattenWorkload DENSE = BundledSpattenWorkloads.GPT2_SMALL_WIKITEXT2_DENSE.load();

    @Test
    void prunedWorkloadIsReadAsTheReleasedSimulationReadsIt() {
        SpattenConfig c = SpattenPresets.eighth();
        Workload w = DecisionDrivenProducer.from(PRUNED, c);
        assertEquals(4608, w.size());
        assertEquals(12, w.layers());
        assertEquals(12, w.heads());
        ReleasedTopKLatency ref = new ReleasedTopKLatency(1);
        int requant = 0;
        for (int i = 0; i < w.size(); i++) {
            assertEquals((PRUNED.keyFetchNum(i) + 7) / 8 * 8, w.keptKeys(i));
            assertEquals((PRUNED.valueFetchNum(i) + 7) / 8 * 8, w.keptValues(i));
            assertEquals(6, w.keyMsbBits(i));
            assertEquals(4, w.keyLsbBits(i));
            assertEquals(6, w.valueBits(i));
            assertEquals(PRUNED.requant(i), w.requant(i));
            assertEquals(i % 2 == 0 ? 1 : 2, w.fusedSlot(i), "6-bit keys: requests paired in file order");
            long expected = i % 2 == 0 ? ref.latency(PRUNED.keyFetchNum(i), PRUNED.valueFetchNum(i), 16) : 0;
            assertEquals(expected, w.valueTopKCycles(i), "task " + i);
            requant += w.requant(i) ? 1 : 0;
        }
        assertEquals(323, requant); // spatten-facts §8.2
        WorkloadSummary s = w.summary();
        assertEquals(323 / 4608.0, s.requantShare(), 1e-12);
    }

    @Test
    void denseFileForcesEightBitKeysWithTheLsbRefetch() {
        Workload w = DecisionDrivenProducer.from(DENSE, SpattenPresets.eighth());
        for (int i = 0; i < w.size(); i++) {
            assertEquals(8, w.keyMsbBits(i));
            assertTrue(w.requant(i), "quant_key_bit -1 forces the refetch");
            assertEquals(8, w.valueBits(i));
            assertEquals(0, w.fusedSlot(i));
            assertEquals((DENSE.sentenceLength(i) + 7) / 8 * 8, w.keptKeys(i));
        }
    }

    @Test
    void ablationStepsSwitchTechniquesOff() {
        SpattenConfig c = SpattenPresets.full();
        Workload dense = DecisionDrivenProducer.from(PRUNED, c, AblationStep.DENSE);
        Workload sorter = DecisionDrivenProducer.from(PRUNED, c, AblationStep.PRUNING_GENERAL_TOPK);
        Workload fast = DecisionDrivenProducer.from(PRUNED, c, AblationStep.PRUNING_FAST_TOPK);
        for (int i = 0; i < PRUNED.size(); i++) {
            assertEquals((PRUNED.sentenceLength(i) + 7) / 8 * 8, dense.keptKeys(i));
            assertEquals(12, dense.keyMsbBits(i));
            assertEquals(0, dense.valueTopKCycles(i));
            assertEquals(sorter.keptKeys(i), fast.keptKeys(i));
            assertEquals(TopKLatency.bitonicSorter(PRUNED.keyFetchNum(i), PRUNED.valueFetchNum(i), 16),
                    sorter.valueTopKCycles(i));
            assertEquals(12, fast.keyMsbBits(i));
            assertTrue(!fast.requant(i) && fast.fusedSlot(i) == 0);
        }
        assertTrue(sorter.summary().topKCycles() > 3 * fast.summary().topKCycles(),
                "the general sorter is several times slower than quick-select");
        assertTrue(dense.summary().keyKeepRatio() >= 1.0);
        assertEquals(0.276, fast.summary().keyKeepRatio(), 0.01); // §8.2: Σ keys / Σ L = 0.276 (+ rounding)
    }
}
