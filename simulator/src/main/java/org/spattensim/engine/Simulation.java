package org.spattensim.engine;

import java.util.Arrays;
import org.spattensim.stats.StatsRegistry;

/**
 * Discrete-event simulation core with cycle-level timing semantics.
 *
 * <p>Events are kept in a binary min-heap over primitive parallel arrays ordered by
 * (cycle, insertion sequence): events scheduled for the same cycle fire in the order they were
 * scheduled, so a run is deterministic. The clock jumps from one event's cycle to the next; cycles in
 * which nothing is scheduled are never visited. Scheduling does not allocate once the heap has grown
 * to the peak number of pending events.
 *
 * <p>An event may be scheduled for the current cycle (it fires after every event already pending for
 * that cycle) but never for a past cycle. A {@code Simulation} is single-threaded; run independent
 * simulations on different threads, each with its own instance (there is no shared static state).
 */
public final class Simulation {
    private static final int INITIAL_CAPACITY = 256;

    // Heap arrays. The low bit of seq marks the handler kind (0 = Event, 1 = PayloadEvent), the
    // upper bits are the insertion counter, so comparing seq values still compares insertion order.
    private long[] cycles = new long[INITIAL_CAPACITY];
    private long[] seqs = new long[INITIAL_CAPACITY];
    private Object[] handlers = new Object[INITIAL_CAPACITY];
    private long[] payloads = new long[INITIAL_CAPACITY];
    private int size;

    private long counter;
    private long now;
    private long processed;
    private boolean stopRequested;

    /** The current cycle: the cycle of the event being fired, or where the last run stopped. */
    public long now() {
        return now;
    }

    /** Number of events fired since construction. */
    public long eventsProcessed() {
        return processed;
    }

    /** Number of events scheduled but not yet fired. */
    public int pendingEvents() {
        return size;
    }

    /** True when no event is pending. */
    public boolean isIdle() {
        return size == 0;
    }

    /** Cycle of the earliest pending event, or {@link Long#MAX_VALUE} when none is pending. */
    public long nextEventCycle() {
        return size == 0 ? Long.MAX_VALUE : cycles[0];
    }

    /** Schedules {@code event} to fire at absolute {@code cycle} (not before {@link #now()}). */
    public void schedule(long cycle, Event event) {
        if (event == null) {
            throw new IllegalArgumentException("event must not be null");
        }
        push(cycle, event, 0L, 0L);
    }

    /** Schedules {@code event} with {@code payload} to fire at absolute {@code cycle}. */
    public void schedule(long cycle, PayloadEvent event, long payload) {
        if (event == null) {
            throw new IllegalArgumentException("event must not be null");
        }
        push(cycle, event, payload, 1L);
    }

    /** Schedules {@code event} {@code delay} cycles after {@link #now()} ({@code delay >= 0}). */
    public void scheduleAfter(long delay, Event event) {
        schedule(afterNow(delay), event);
    }

    /** Schedules {@code event} with {@code payload} {@code delay} cycles after {@link #now()}. */
    public void scheduleAfter(long delay, PayloadEvent event, long payload) {
        schedule(afterNow(delay), event, payload);
    }

    /** Asks the running {@link #run()} / {@link #runUntil(long)} to return after the current event. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Fires events until none is pending or {@link #stop()} is called.
     *
     * @return the cycle of the last event fired (the final {@link #now()})
     */
    public long run() {
        return runUntil(Long.MAX_VALUE);
    }

    /**
     * Fires every event scheduled at a cycle {@code <= limit} (including those scheduled while
     * running), then advances {@link #now()} to {@code limit} unless stopped earlier.
     *
     * @return the final {@link #now()}
     */
    public long runUntil(long limit) {
        if (limit < now) {
            throw new IllegalArgumentException("runUntil(" + limit + ") is before the current cycle " + now);
        }
        stopRequested = false;
        while (size > 0 && cycles[0] <= limit) {
            fireNext();
            if (stopRequested) {
                stopRequested = false;
                return now;
            }
        }
        if (limit != Long.MAX_VALUE) {
            now = limit;
        }
        return now;
    }

    /**
     * Fires exactly one event if one is pending.
     *
     * @return true when an event was fired
     */
    public boolean step() {
        if (size == 0) {
            return false;
        }
        fireNext();
        return true;
    }

    /**
     * Registers {@code <prefix>.events} (events fired) and {@code <prefix>.cycles} (current cycle)
     * in {@code stats}; the values are read when the registry is dumped.
     */
    public void registerStats(StatsRegistry stats, String prefix) {
        stats.counterOf(prefix + ".events", "events", "events fired by the simulation engine", this::eventsProcessed);
        stats.counterOf(prefix + ".cycles", "cycles", "simulated cycle at which the engine stopped", this::now);
    }

    private long afterNow(long delay) {
        if (delay < 0) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delay);
        }
        long cycle = now + delay;
        if (cycle < now) {
            throw new IllegalArgumentException("now + delay overflows: " + now + " + " + delay);
        }
        return cycle;
    }

    private void fireNext() {
        long cycle = cycles[0];
        long seq = seqs[0];
        Object handler = handlers[0];
        long payload = payloads[0];
        removeRoot();
        now = cycle;
        processed++;
        if ((seq & 1L) == 0L) {
            ((Event) handler).fire(this);
        } else {
            ((PayloadEvent) handler).fire(this, payload);
        }
    }

    private void push(long cycle, Object handler, long payload, long kind) {
        if (cycle < now) {
            throw new IllegalArgumentException("cannot schedule at cycle " + cycle + ", before the current cycle " + now);
        }
        if (size == cycles.length) {
            grow();
        }
        long seq = (counter++ << 1) | kind;
        // Sift up with a hole: move parents down until the new entry's slot is found.
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long pc = cycles[parent];
            if (pc < cycle || (pc == cycle && seqs[parent] < seq)) {
                break;
            }
            cycles[i] = pc;
            seqs[i] = seqs[parent];
            handlers[i] = handlers[parent];
            payloads[i] = payloads[parent];
            i = parent;
        }
        cycles[i] = cycle;
        seqs[i] = seq;
        handlers[i] = handler;
        payloads[i] = payload;
    }

    private void removeRoot() {
        int last = --size;
        long cycle = cycles[last];
        long seq = seqs[last];
        Object handler = handlers[last];
        long payload = payloads[last];
        handlers[last] = null;
        if (last == 0) {
            return;
        }
        // Sift the former last entry down from the root.
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < last && (cycles[right] < cycles[child]
                    || (cycles[right] == cycles[child] && seqs[right] < seqs[child]))) {
                child = right;
            }
            long cc = cycles[child];
            if (cycle < cc || (cycle == cc && seq < seqs[child])) {
                break;
            }
            cycles[i] = cc;
            seqs[i] = seqs[child];
            handlers[i] = handlers[child];
            payloads[i] = payloads[child];
            i = child;
        }
        cycles[i] = cycle;
        seqs[i] = seq;
        handlers[i] = handler;
        payloads[i] = payload;
    }

    private void grow() {
        int n = cycles.length * 2;
        cycles = Arrays.copyOf(cycles, n);
        seqs = Arrays.copyOf(seqs, n);
        handlers = Arrays.copyOf(handlers, n);
        payloads = Arrays.copyOf(payloads, n);
    }
}
