package org.spattensim.engine.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spattensim.common.InvalidInputException;

class UnitChainTest {

    @ParameterizedTest
    @CsvSource({
        // n, L1, II1, L2, II2, L3, II3
        "1, 3, 1, 5, 2, 1, 1",
        "50, 3, 1, 5, 2, 1, 1",
        "50, 3, 2, 5, 1, 4, 1",
        "200, 1, 1, 1, 1, 1, 3",
        "33, 10, 4, 2, 4, 7, 4",
    })
    void chainWithRoomyFifosFinishesAtSumOfLatenciesPlusMaxIi(int n, int l1, int ii1, int l2, int ii2, int l3, int ii3) {
        UnitChain chain = UnitChain.startWith(new PipelinedUnit("a", l1, ii1))
                .then(new BoundedFifo("f1", n + 1), new PipelinedUnit("b", l2, ii2))
                .then(new BoundedFifo("f2", n + 1), new PipelinedUnit("c", l3, ii3))
                .build();
        long ready = 5;
        long last = chain.processBatch(ready, n);
        int maxIi = Math.max(ii1, Math.max(ii2, ii3));
        assertEquals(ready + l1 + l2 + l3 + (long) (n - 1) * maxIi, last);
        for (PipelinedUnit u : chain.units()) {
            assertEquals(0, u.backPressureCycles());
            assertEquals(n, u.items());
        }
    }

    @Test
    void fullFifoThrottlesProducerToConsumerRate() {
        int n = 1000;
        int capacity = 2;
        PipelinedUnit producer = new PipelinedUnit("producer", 1, 1);
        PipelinedUnit consumer = new PipelinedUnit("consumer", 4, 4);
        BoundedFifo fifo = new BoundedFifo("fifo", capacity);
        UnitChain chain = UnitChain.startWith(producer).then(fifo, consumer).build();
        long last = chain.processBatch(0, n);
        // Consumer-bound: 1 + 4 + (n - 1) * 4.
        assertEquals(1 + 4 + (n - 1) * 4L, last);
        // The consumer starts item i at 1 + 4i. The producer cannot hand over item i before the
        // consumer popped item i - capacity, so it completes item i at max(i + 1, 1 + 4(i - 2)).
        assertEquals(Math.max(n, 1 + 4L * (n - 1 - capacity)), producer.lastCompletion());
        // In steady state the producer finishes one item per 4 cycles, the consumer's rate.
        long before = producer.lastCompletion();
        chain.process(0);
        assertEquals(4, producer.lastCompletion() - before);
        assertEquals(capacity, fifo.highWaterMark());
        assertTrue(producer.backPressureCycles() > 0);
        assertEquals(producer.busyCycles() + producer.idleCycles() + producer.backPressureCycles(), producer.nextFree());
        assertEquals(0, consumer.backPressureCycles());
    }

    @Test
    void capacityOneFifoStillPipelinesAtFullRateWhenConsumerKeepsUp() {
        UnitChain chain = UnitChain.startWith(new PipelinedUnit("p", 2, 1))
                .then(new BoundedFifo("f", 1), new PipelinedUnit("c", 3, 1))
                .build();
        assertEquals(2 + 3 + 99, chain.processBatch(0, 100));
        assertEquals(0, chain.units().get(0).backPressureCycles());
    }

    @Test
    void fifoReservationSemantics() {
        BoundedFifo f = new BoundedFifo("f", 2);
        assertEquals(Long.MIN_VALUE, f.spaceFreeAt());
        assertEquals(3, f.push(3));
        assertEquals(4, f.push(4));
        assertThrows(IllegalStateException.class, f::spaceFreeAt); // full, no pop booked
        assertEquals(5, f.pop(5));
        assertEquals(5, f.spaceFreeAt());
        assertEquals(5, f.push(2)); // waits 3 cycles for space
        assertEquals(3, f.fullStallCycles());
        assertEquals(6, f.pop(6));
        assertThrows(IllegalArgumentException.class, () -> f.pop(1)); // before the previous pop
        assertEquals(9, f.pop(9));
        assertThrows(IllegalStateException.class, () -> f.pop(10));
        assertEquals(2, f.highWaterMark());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new BoundedFifo("kbuf", 0));
        assertTrue(e.getMessage().contains("capacity"), e.getMessage());
    }
}
