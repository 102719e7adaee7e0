package org.spattensim.accel.spatten.fetch;

import java.util.ArrayDeque;
import org.spattensim.engine.ClockDomain;
import org.spattensim.engine.Event;
import org.spattensim.engine.Simulation;
import org.spattensim.memory.dram.DramListener;
import org.spattensim.memory.dram.DramSystem;
import org.spattensim.memory.dram.mapping.AddressMapping;

/**
 * SpAtten's Q/K/V fetcher with its 32x16 address crossbar and 16x32 data crossbar [KR], [RTL SpAtten.scala].
 *
 * <p>Key-side blocks (keys, key LSBs, queries) and value blocks wait in two queues; a round-robin arbiter locked
 * for a whole block picks the next block when the current one has entered the stream, alternating when both
 * wait [RTL SpAttenController.scala: {@code StreamArbiterFactory.roundRobin.fragmentLock} on the key and value
 * request streams into the matrix fetcher]. Blocks form one request stream in that order, one 32 B transaction
 * per request. A DRAM channel's port holds at most {@code maxPendingPerChannel} requests from acceptance to
 * response (0: unlimited) [RTL dpi/DRAMSimDPIDriverRamulator2.cpp MAX_PENDING_REQS = 16]. The
 * fetcher channels hold the next {@code issueWidth} requests of the stream (one each); every accelerator
 * cycle each of them may leave, and the address crossbar hands each DRAM channel at most one request, so a
 * request whose DRAM channel is taken this cycle, or whose channel queue is full, waits while younger
 * requests to other channels go ahead. Data comes back in request order [KR]: a transaction retires when it
 * and every earlier one have completed, so a row is ready when its last transaction retires. The data
 * crossbar (32 B per fetcher channel per cycle) is never the bottleneck at these widths and is not
 * modelled further.
 */
public final class QkvFetcher implements DramListener {
    /** Receives rows and blocks as their data arrives, in request order. */
    public interface Sink {
        void rowReady(FetchBlock block, int row, long cycle);

        void blockDone(FetchBlock block, long cycle);
    }

    private static final int RING = 1 << 16;
    private static final int MASK = RING - 1;

    private final DramSystem dram;
    private final AddressMapping mapping;
    private final Simulation sim;
    private final ClockDomain clocks;
    private final int issueWidth;
    private final int transactionBytes;
    private final Sink sink;
    /** The issue handler, created once: a method reference per scheduling would allocate every cycle. */
    private final Event issueEvent = this::issue;
    /** Blocks in the stream not yet fully retired, in stream order. */
    private final ArrayDeque<FetchBlock> blocks = new ArrayDeque<>();
    /** Blocks waiting for the arbiter: key side and value side. */
    private final ArrayDeque<FetchBlock> keyWaiting = new ArrayDeque<>();
    private final ArrayDeque<FetchBlock> valueWaiting = new ArrayDeque<>();
    /** Round robin: the side that entered the stream last. */
    private boolean lastWasValue = true;
    private final int maxPending;
    private final int[] pendingPerUnit;
    private final int[] unitOfSlotIssued = new int[RING];
    private final long[] completion = new long[RING];
    private final boolean[] completed = new boolean[RING];
    private final boolean[] issued = new boolean[RING];
    /** Address and DRAM unit of each stream slot, computed once when the slot enters the issue window. */
    private final long[] addressOf = new long[RING];
    private final int[] unitOf = new int[RING];
    private long materialized;
    private FetchBlock materializeBlock;
    /** Cursor of {@link #materialize}: row and transaction within the current block, and that row's address. */
    private int materializeRow;
    private int materializeColumn;
    private long materializeRowAddress;
    private long completedCount;
    private final long[] unitBusyAt;
    private long streamEnd;
    private long oldestUnissued;
    private long retiredSequence;
    private long lastRetire;
    private boolean issueScheduled;
    private boolean blockedOnDram;
    private final long[] bytesByKind = new long[MatrixKind.values().length];
    private long transactions;
    private long crossbarConflicts;
    private long queueFullStalls;
    private long portFullStalls;

    public QkvFetcher(DramSystem dram, Simulation sim, ClockDomain clocks, int issueWidth, Sink sink) {
        this(dram, sim, clocks, issueWidth, 0, sink);
    }

    /** @param maxPendingPerChannel requests a DRAM channel port holds at once (0: no limit) */
    public QkvFetcher(DramSystem dram, Simulation sim, ClockDomain clocks, int issueWidth, int maxPendingPerChannel,
                      Sink sink) {
        this.dram = dram;
        this.mapping = dram.mapping();
        this.sim = sim;
        this.clocks = clocks;
        this.issueWidth = issueWidth;
        this.transactionBytes = dram.config().controller().transactionBytes();
        this.sink = sink;
        this.unitBusyAt = new long[dram.config().units()];
        this.maxPending = maxPendingPerChannel;
        this.pendingPerUnit = new int[unitBusyAt.length];
        java.util.Arrays.fill(unitBusyAt, -1);
        dram.setListener(this);
    }

    /**
     * Runs the core-clock simulation and the DRAM together until neither has anything left to do: the core events
     * up to the next DRAM event (converted to core cycles), then the DRAM up to it, and so on. The DRAM is only
     * consulted while this fetcher has requests in flight or waits for queue space.
     */
    public void runUntilIdle() {
        while (true) {
            long ts = sim.nextEventCycle();
            long tdMem = outstanding() > 0 || blockedOnDram() ? dram.nextEventCycle() : Long.MAX_VALUE;
            long td = tdMem == Long.MAX_VALUE ? Long.MAX_VALUE : clocks.memoryToCoreCeil(tdMem);
            if (ts == Long.MAX_VALUE && td == Long.MAX_VALUE) {
                return;
            }
            if (ts <= td) {
                sim.runUntil(ts);
            } else {
                sim.runUntil(td);
                dram.advanceTo(tdMem + 1);
                dramAdvanced();
            }
        }
    }

    public int transactionBytes() {
        return transactionBytes;
    }

    /** Appends a block to the request stream at the current cycle; issuing starts this cycle if idle. */
    public void enqueue(FetchBlock block) {
        bytesByKind[block.kind.ordinal()] += block.bytes();
        streamEnd += block.transactions();
        (block.kind == MatrixKind.VALUE ? valueWaiting : keyWaiting).addLast(block);
        if (!issueScheduled && !blockedOnDram) {
            issueScheduled = true;
            sim.schedule(sim.now(), issueEvent);
        }
    }

    private void issue(Simulation s) {
        issueScheduled = false;
        long mem = Math.max(clocks.coreToMemoryCeil(s.now()), dram.now());
        long windowEnd = Math.min(streamEnd, oldestUnissued + issueWidth);
        materialize(windowEnd);
        int sent = 0;
        boolean crossbarWait = false;
        for (long seq = oldestUnissued; seq < windowEnd; seq++) {
            int slot = (int) (seq & MASK);
            if (issued[slot]) {
                continue;
            }
            int unit = unitOf[slot];
            if (unitBusyAt[unit] == mem) {
                crossbarWait = true;
                crossbarConflicts++;
                continue;
            }
            if (maxPending > 0 && pendingPerUnit[unit] >= maxPending) {
                portFullStalls++;
                continue;
            }
            if (!dram.enqueue(mem, addressOf[slot], false, seq)) {
                queueFullStalls++;
                continue;
            }
            unitBusyAt[unit] = mem;
            pendingPerUnit[unit]++;
            unitOfSlotIssued[slot] = unit;
            issued[slot] = true;
            transactions++;
            sent++;
        }
        while (oldestUnissued < streamEnd && issued[(int) (oldestUnissued & MASK)]) {
            issued[(int) (oldestUnissued & MASK)] = false;
            oldestUnissued++;
        }
        if (oldestUnissued - retiredSequence >= RING - issueWidth) {
            throw new IllegalStateException("more than " + RING + " transactions in flight");
        }
        if (oldestUnissued == streamEnd) {
            return;
        }
        if (sent > 0 || crossbarWait) {
            issueScheduled = true;
            s.schedule(s.now() + 1, issueEvent);
        } else {
            blockedOnDram = true;
        }
    }

    /**
     * Computes address and DRAM unit of every stream slot before {@code end}, walking the blocks row by row
     * (the same addresses as {@link FetchBlock#address}, without two divisions per transaction).
     */
    private void materialize(long end) {
        while (materialized < end) {
            FetchBlock b = materializeBlock;
            if (b == null || materialized >= b.firstSequence + b.transactions()) {
                b = arbitrate();
                b.firstSequence = materialized;
                blocks.addLast(b);
                materializeBlock = b;
                materializeRow = 0;
                materializeColumn = 0;
                materializeRowAddress = b.rowAddress(0);
            }
            int slot = (int) (materialized & MASK);
            long address = materializeRowAddress + (long) materializeColumn * transactionBytes;
            addressOf[slot] = address;
            unitOf[slot] = mapping.unit(address);
            materialized++;
            if (++materializeColumn == b.transactionsPerRow) {
                materializeColumn = 0;
                if (++materializeRow < b.rows) {
                    materializeRowAddress = b.rowAddress(materializeRow);
                }
            }
        }
    }

    /** The next block to enter the stream: round robin between the key and value sides, a block at a time. */
    private FetchBlock arbitrate() {
        boolean value = valueWaiting.isEmpty() ? false : keyWaiting.isEmpty() || !lastWasValue;
        lastWasValue = value;
        FetchBlock b = (value ? valueWaiting : keyWaiting).pollFirst();
        if (b == null) {
            throw new IllegalStateException("no block waits for stream slot " + materialized);
        }
        return b;
    }

    /** Requests issued to DRAM whose data has not come back yet. */
    public long outstanding() {
        return transactions - completedCount;
    }

    /** True while the stream waits for room in a DRAM queue. */
    public boolean blockedOnDram() {
        return blockedOnDram;
    }

    /** Called after the DRAM advanced: a stalled stream retries at the current cycle. */
    public void dramAdvanced() {
        if (blockedOnDram) {
            blockedOnDram = false;
            if (!issueScheduled) {
                issueScheduled = true;
                sim.schedule(sim.now(), issueEvent);
            }
        }
    }

    @Override
    public void completed(long id, boolean write, long completionCycle) {
        int slot = (int) (id & MASK);
        pendingPerUnit[unitOfSlotIssued[slot]]--;
        completion[slot] = clocks.memoryToCoreCeil(completionCycle);
        completed[slot] = true;
        completedCount++;
        while (retiredSequence < streamEnd && completed[(int) (retiredSequence & MASK)]) {
            int r = (int) (retiredSequence & MASK);
            completed[r] = false;
            lastRetire = Math.max(lastRetire, completion[r]);
            retiredSequence++;
            FetchBlock b = blocks.peekFirst();
            b.retiredTransactions++;
            if (b.retiredTransactions % b.transactionsPerRow == 0) {
                sink.rowReady(b, b.retiredTransactions / b.transactionsPerRow - 1, lastRetire);
            }
            if (b.retiredTransactions == b.transactions()) {
                blocks.pollFirst();
                sink.blockDone(b, lastRetire);
            }
        }
    }

    /** True when nothing is queued, in flight or unretired. */
    public boolean idle() {
        return blocks.isEmpty() && keyWaiting.isEmpty() && valueWaiting.isEmpty();
    }

    /** Issue attempts held because the DRAM channel port already had its maximum of requests pending. */
    public long portFullStalls() {
        return portFullStalls;
    }

    public long transactions() {
        return transactions;
    }

    public long bytes(MatrixKind kind) {
        return bytesByKind[kind.ordinal()];
    }

    /** Requests that waited a cycle because the address crossbar gave their DRAM channel to an older one. */
    public long crossbarConflicts() {
        return crossbarConflicts;
    }

    /** Times the stream stopped on a full DRAM channel queue. */
    public long queueFullStalls() {
        return queueFullStalls;
    }
}
