package org.spattensim.engine.unit;

import java.util.ArrayList;
import java.util.List;
import org.spattensim.common.InvalidInputException;

/**
 * Units connected in a line by bounded FIFOs: {@code unit0 -> fifo0 -> unit1 -> fifo1 -> unit2 ...}.
 * Each item travels end to end before the next is booked. A unit's output enters the next FIFO when
 * it completes; if the FIFO is full the unit freezes until the consumer's pop frees a slot
 * ({@link PipelinedUnit#issue(long, long)}), so a slow consumer throttles the producer to its rate.
 * The consumer pops the item when it starts it.
 *
 * <p>Without back-pressure, {@code n} items ready at cycle {@code r} finish at
 * {@code r + sum(latency) + (n - 1) * max(II)}.
 */
public final class UnitChain {
    private final PipelinedUnit[] units;
    private final BoundedFifo[] fifos;

    private UnitChain(PipelinedUnit[] units, BoundedFifo[] fifos) {
        this.units = units;
        this.fifos = fifos;
    }

    /** Starts a chain with its first unit. */
    public static Builder startWith(PipelinedUnit first) {
        return new Builder(first);
    }

    /**
     * Books one item, ready at {@code readyCycle} at the first unit, through every stage.
     *
     * @return the cycle the last unit completes the item
     */
    public long process(long readyCycle) {
        int last = units.length - 1;
        long done = units[0].issue(readyCycle, last > 0 ? fifos[0].spaceFreeAt() : Long.MIN_VALUE);
        for (int k = 0; k < last; k++) {
            long pushed = fifos[k].push(done);
            PipelinedUnit next = units[k + 1];
            done = next.issue(pushed, k + 1 < last ? fifos[k + 1].spaceFreeAt() : Long.MIN_VALUE);
            fifos[k].pop(next.lastStart());
        }
        return done;
    }

    /**
     * Books {@code n} items, all ready at {@code readyCycle}, one after another.
     *
     * @return the completion cycle of the last item at the last unit
     */
    public long processBatch(long readyCycle, long n) {
        long t = readyCycle;
        for (long i = 0; i < n; i++) {
            t = process(readyCycle);
        }
        return t;
    }

    public List<PipelinedUnit> units() {
        return List.of(units);
    }

    public List<BoundedFifo> fifos() {
        return List.of(fifos);
    }

    /** Builds a chain: {@code startWith(a).then(fifo, b).then(fifo2, c).build()}. */
    public static final class Builder {
        private final List<PipelinedUnit> units = new ArrayList<>();
        private final List<BoundedFifo> fifos = new ArrayList<>();

        private Builder(PipelinedUnit first) {
            if (first == null) {
                throw InvalidInputException.of("UnitChain", "unit 0", "is null", "a PipelinedUnit");
            }
            units.add(first);
        }

        /** Appends {@code fifo} after the current last unit and {@code unit} after the FIFO. */
        public Builder then(BoundedFifo fifo, PipelinedUnit unit) {
            if (fifo == null || unit == null) {
                throw InvalidInputException.of("UnitChain", "stage " + units.size(), "is null", "a BoundedFifo and a PipelinedUnit");
            }
            fifos.add(fifo);
            units.add(unit);
            return this;
        }

        public UnitChain build() {
            return new UnitChain(units.toArray(new PipelinedUnit[0]), fifos.toArray(new BoundedFifo[0]));
        }
    }
}
