package org.spattensim.accel.fetch;

import java.util.ArrayDeque;
import org.spattensim.engine.ClockDomain;
import org.spattensim.engine.CoSimulation;
import org.spattensim.engine.Event;
import org.spattensim.engine.Simulation;
import org.spattensim.memory.dram.DramListener;
import org.spattensim.memory.dram.DramSystem;
import org.spattensim.memory.dram.mapping.AddressMapping;

/**
 * SpAtten's Q/K/V fetcher (the RTL's {@code MatrixFetcher}) with its address crossbar and data crossbar
 * [KR], [RTL SpAtten.scala, MatrixFetcher.scala, AXIDataLoader.scala].
 *
 * <p>Key-side blocks (keys, key LSBs, queries) and value blocks wait in two queues; a round-robin arbiter locked
 * for a whole block picks the next block when the current one has entered the stream, alternating when both
 * wait [RTL SpAttenController.scala: {@code StreamArbiterFactory.roundRobin.fragmentLock} on the key and value
 * request streams]. Blocks form one stream of 32 B transactions; a block's requests enter it at
 * {@code issueWidth} per cycle (one split of the request per cycle, one address per fetcher channel).
 *
 * <p>Each DRAM channel takes its requests in stream order, at most one per cycle through the crossbar, into its
 * port, which holds at most {@code maxPendingPerChannel} requests between their push into the DRAM and the pop of
 * their response (0: unlimited) [RTL dpi/DRAMSimDPIDriverRamulator2.cpp MAX_PENDING_REQS = 16]. As the release's
 * driver runs [RTL dpi/DRAMSimDPIDriver.sv]: each cycle it first tries a push, then pops one response, then ticks the
 * DRAM, so a response the DRAM completes in cycle c is popped in c + 1 after that cycle's push, and its slot takes a
 * push from c + 2; a push the port refuses (full, or the DRAM queue full) is still taken from the accelerator into
 * a one-request hold register and retried every cycle, the port taking nothing new meanwhile. Channels run ahead of each other by at most
 * {@code issueWidth x 128} stream positions (each AXI data loader holds 64 requests in flight and 64 responses
 * waiting for the other channels [RTL AXIDataLoader.scala req_fifo 64, MatrixFetcher.scala resp_fifos 64]). Data
 * comes back in request order [KR]: a transaction retires when it and every earlier one have completed (the
 * fetcher joins all its channels' responses for each split), so a row is ready when its last transaction retires.
 */
public final class QkvFetcher implements DramListener, FetchPort, CoSimulation.MemoryClient {
    /** Receives rows and blocks as their data arrives, in request order. */
    public interface Sink {
        void rowReady(FetchBlock block, int row, long cycle);

        void blockDone(FetchBlock block, long cycle);
    }

    /** Most stream positions in flight at once (issued or materialized, not retired), whatever the width. */
    private static final int MAX_RUN_AHEAD = 1 << 15;
    /** Requests an AXI data loader holds in flight plus responses it holds for the join [RTL: 64 + 64]. */
    static final int RUN_AHEAD_PER_FETCHER_CHANNEL = 128;

    private final DramSystem dram;
    private final AddressMapping mapping;
    private final Simulation sim;
    private final ClockDomain clocks;
    private final int issueWidth;
    private final int runAhead;
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
    /** Per DRAM channel: cycles at which completed requests leave the port's count, in order. */
    private final long[][] releaseAt;
    private final int[] releaseHead;
    private final int[] releaseSize;
    /** Per DRAM channel: the stream slot held in the port's register after a refused push, or -1. */
    private final long[] skid;
    /*
     * Stall accounting in cycles, exact whenever the fetcher happens to look: per DRAM channel, while a request is
     * held on a full port, the cycle the hold began and the cycle a response freed the port (-1: not yet); and the
     * first cycle the DRAM queue refused the waiting request (-1: it has not).
     */
    private final boolean[] waitOnPort;
    private final long[] waitSince;
    private final long[] portFreedAt;
    private final long[] queueSince;

    /*
     * Per stream position, in a ring indexed by sequence number & mask: it holds every position between the oldest
     * unretired one and the newest materialized one (at most runAhead). Sized to the run-ahead, so that a narrow
     * fetcher's working set stays in the core's caches.
     */
    private final int mask;
    private final long[] completion;
    private final boolean[] completed;
    private final long[] addressOf;
    private final long[] availableAt;
    private final int[] unitOf;
    /** Per DRAM channel, its stream slots not yet issued, in order (a ring of sequence numbers). */
    private final long[][] unitQueue;
    private final int[] unitHead;
    private final int[] unitSize;
    private final int unitMask;

    private long materialized;
    private FetchBlock materializeBlock;
    private long materializeBlockStart;
    private long lastBlockAvailable = Long.MIN_VALUE;
    /** Cursor of {@link #materialize}: row and transaction within the current block, and that row's address. */
    private int materializeRow;
    private int materializeColumn;
    private long materializeRowAddress;
    /** Cycle the current slot enters the stream: the block's start plus (slot within block) / issueWidth. */
    private long materializeCycle;
    private int materializeLane;
    private long completedCount;
    private final long[] unitBusyAt;
    private long streamEnd;
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
        this.runAhead = (int) Math.min(MAX_RUN_AHEAD, (long) issueWidth * RUN_AHEAD_PER_FETCHER_CHANNEL);
        int ring = Integer.highestOneBit(runAhead) << 1; // > runAhead
        this.mask = ring - 1;
        this.completion = new long[ring];
        this.completed = new boolean[ring];
        this.addressOf = new long[ring];
        this.availableAt = new long[ring];
        this.unitOf = new int[ring];
        this.transactionBytes = dram.config().controller().transactionBytes();
        this.sink = sink;
        int units = dram.config().units();
        this.unitBusyAt = new long[units];
        java.util.Arrays.fill(unitBusyAt, -1);
        this.maxPending = maxPendingPerChannel;
        this.pendingPerUnit = new int[units];
        int releaseCap = Integer.highestOneBit(Math.max(1, maxPendingPerChannel)) << 1;
        this.releaseAt = new long[units][releaseCap];
        this.releaseHead = new int[units];
        this.releaseSize = new int[units];
        this.skid = new long[units];
        java.util.Arrays.fill(skid, -1);
        this.waitOnPort = new boolean[units];
        this.waitSince = new long[units];
        this.portFreedAt = new long[units];
        this.queueSince = new long[units];
        java.util.Arrays.fill(queueSince, -1);
        int cap = Integer.highestOneBit(runAhead) << 1;
        this.unitQueue = new long[units][cap];
        this.unitHead = new int[units];
        this.unitSize = new int[units];
        this.unitMask = cap - 1;
        dram.setListener(this);
    }

    /** Runs the core-clock simulation and the DRAM together until neither has anything left to do. */
    public void runUntilIdle() {
        CoSimulation.runUntilIdle(sim, dram, clocks, this);
    }

    @Override
    public boolean memoryBusy() {
        return outstanding() > 0 || blockedOnDram();
    }

    public int transactionBytes() {
        return transactionBytes;
    }

    /** Hands a block to the arbiter at the current cycle; issuing starts this cycle if idle. */
    public void enqueue(FetchBlock block) {
        bytesByKind[block.kind.ordinal()] += block.bytes();
        streamEnd += block.transactions();
        block.enqueuedAt = sim.now();
        (block.kind == MatrixKind.VALUE ? valueWaiting : keyWaiting).addLast(block);
        wake();
    }

    private void wake() {
        if (!issueScheduled) {
            blockedOnDram = false;
            issueScheduled = true;
            sim.schedule(sim.now(), issueEvent);
        }
    }

    private void issue(Simulation s) {
        issueScheduled = false;
        long now = s.now();
        long mem = Math.max(clocks.coreToMemoryCeil(now), dram.now());
        materialize(Math.min(streamEnd, retiredSequence + runAhead));
        boolean progress = false;
        boolean blocked = false;
        long wakeAt = Long.MAX_VALUE;
        for (int u = 0; u < unitQueue.length; u++) {
            boolean held = skid[u] >= 0;
            if (!held && unitSize[u] == 0) {
                continue;
            }
            if (maxPending > 0) {
                releasePort(u, now);
            }
            if (held) {
                // [RTL dpi/DRAMSimDPIDriver.sv] the port's held request retries every cycle; while it is held the
                // port is not ready, so nothing new enters this cycle.
                if (unitBusyAt[u] == mem) {
                    wakeAt = Math.min(wakeAt, now + 1);
                    continue;
                }
                long seq = skid[u];
                if (portFull(u)) {
                    long r = nextRelease(u);
                    if (r == Long.MAX_VALUE) {
                        blocked = true;
                    } else {
                        wakeAt = Math.min(wakeAt, r);
                    }
                    continue;
                }
                if (!dram.enqueue(mem, addressOf[(int) (seq & mask)], false, seq)) {
                    queueRefused(u, now);
                    blocked = true;
                    continue;
                }
                skid[u] = -1;
                progress = true;
                if (pushed(u, now, mem)) {
                    wakeAt = Math.min(wakeAt, now + 1);
                }
                continue;
            }
            long seq = unitQueue[u][unitHead[u]];
            int slot = (int) (seq & mask);
            if (availableAt[slot] > now) {
                wakeAt = Math.min(wakeAt, availableAt[slot]);
                continue;
            }
            if (unitBusyAt[u] == mem) {
                wakeAt = Math.min(wakeAt, now + 1);
                continue;
            }
            if (maxPending == 0) {
                // No port model: a refused request stays at the head of its channel queue.
                if (!dram.enqueue(mem, addressOf[slot], false, seq)) {
                    queueRefused(u, now);
                    blocked = true;
                    continue;
                }
                take(u, now, slot);
                progress = true;
                if (pushed(u, now, mem)) {
                    wakeAt = Math.min(wakeAt, now + 1);
                }
                continue;
            }
            // The port takes the request this cycle: into DRAM, or, when it is full or the DRAM queue refuses, into
            // its one-request hold register [RTL dpi/DRAMSimDPIDriver.sv], retried from the next cycle.
            take(u, now, slot);
            progress = true;
            if (portFull(u)) {
                skid[u] = seq;
                holdOnFullPort(u, now);
                unitBusyAt[u] = mem;
                long r = nextRelease(u);
                if (r == Long.MAX_VALUE) {
                    blocked = true;
                } else {
                    wakeAt = Math.min(wakeAt, Math.max(now + 1, r));
                }
                continue;
            }
            if (!dram.enqueue(mem, addressOf[slot], false, seq)) {
                skid[u] = seq;
                queueRefused(u, now);
                unitBusyAt[u] = mem;
                blocked = true;
                continue;
            }
            if (pushed(u, now, mem)) {
                wakeAt = Math.min(wakeAt, now + 1);
            }
        }
        if (progress && materialized < streamEnd) {
            wakeAt = Math.min(wakeAt, now + 1);
        }
        if (wakeAt != Long.MAX_VALUE) {
            issueScheduled = true;
            s.schedule(Math.max(wakeAt, now + 1), issueEvent);
        } else if (blocked || materialized < streamEnd) {
            // Waiting for a response (port limit, run-ahead limit) or for room in a DRAM queue.
            blockedOnDram = true;
        }
    }

    /**
     * Computes address, DRAM channel and earliest issue cycle of every stream slot before {@code end} and queues
     * it at its channel, walking the blocks row by row (the addresses of {@link FetchBlock#address}).
     */
    private void materialize(long end) {
        while (materialized < end) {
            FetchBlock b = materializeBlock;
            if (b == null || materialized >= b.firstSequence + b.transactions()) {
                b = arbitrate();
                b.firstSequence = materialized;
                blocks.addLast(b);
                materializeBlock = b;
                // The arbiter takes one block at a time, each at issueWidth requests per cycle.
                materializeBlockStart = Math.max(b.enqueuedAt, lastBlockAvailable + 1);
                materializeRow = 0;
                materializeColumn = 0;
                materializeCycle = materializeBlockStart;
                materializeLane = 0;
                materializeRowAddress = b.rowAddress(0);
            }
            int slot = (int) (materialized & mask);
            long address = materializeRowAddress + (long) materializeColumn * transactionBytes;
            addressOf[slot] = address;
            int u = mapping.unit(address);
            unitOf[slot] = u;
            availableAt[slot] = materializeCycle;
            lastBlockAvailable = materializeCycle;
            if (++materializeLane == issueWidth) {
                materializeLane = 0;
                materializeCycle++;
            }
            unitQueue[u][(unitHead[u] + unitSize[u]) & unitMask] = materialized;
            unitSize[u]++;
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
        boolean value = !valueWaiting.isEmpty() && (keyWaiting.isEmpty() || !lastWasValue);
        lastWasValue = value;
        FetchBlock b = (value ? valueWaiting : keyWaiting).pollFirst();
        if (b == null) {
            throw new IllegalStateException("no block waits for stream slot " + materialized);
        }
        return b;
    }

    private boolean portFull(int u) {
        return maxPending > 0 && pendingPerUnit[u] >= maxPending;
    }

    /** The cycle the port's oldest pending request leaves its count (Long.MAX_VALUE: none completed yet). */
    private long nextRelease(int u) {
        return releaseSize[u] > 0 ? releaseAt[u][releaseHead[u]] : Long.MAX_VALUE;
    }

    /** Removes channel u's head request from its queue (counting a crossbar conflict if it waited). */
    private void take(int u, long now, int slot) {
        if (now > availableAt[slot]) {
            crossbarConflicts++;
        }
        unitHead[u] = (unitHead[u] + 1) & unitMask;
        unitSize[u]--;
    }

    /**
     * Channel u's request entered the DRAM at core cycle {@code now} (memory cycle {@code mem}), ending any wait it
     * had; returns whether the channel has more requests queued (it can take the next one the next cycle).
     */
    private boolean pushed(int u, long now, long mem) {
        endWait(u, now);
        unitBusyAt[u] = mem;
        pendingPerUnit[u]++;
        transactions++;
        return unitSize[u] > 0;
    }

    private void releasePort(int u, long now) {
        long[] q = releaseAt[u];
        while (releaseSize[u] > 0 && q[releaseHead[u]] <= now) {
            if (waitOnPort[u] && portFreedAt[u] < 0) {
                // The first response during a hold that began on a full port frees it (nothing is pushed meanwhile).
                portFreedAt[u] = q[releaseHead[u]];
            }
            releaseHead[u] = (releaseHead[u] + 1) & (q.length - 1);
            releaseSize[u]--;
            pendingPerUnit[u]--;
        }
    }

    /** Channel u's request is held from {@code now} because its port is full. */
    private void holdOnFullPort(int u, long now) {
        waitOnPort[u] = true;
        waitSince[u] = now;
        portFreedAt[u] = -1;
    }

    /** The DRAM queue refused channel u's waiting request at {@code now}. */
    private void queueRefused(int u, long now) {
        if (queueSince[u] < 0) {
            queueSince[u] = now;
        }
    }

    /**
     * Channel u's request entered the DRAM at {@code now}: every cycle it waited was a refused push (the release's
     * driver retries each cycle [RTL dpi/DRAMSimDPIDriver.sv]), on the full port until a response freed it, on the
     * full DRAM queue from the queue's first refusal. Counted here, in cycles, so the figures do not depend on how
     * often the fetcher happened to look.
     */
    private void endWait(int u, long now) {
        if (waitOnPort[u]) {
            portFullStalls += portFreedAt[u] - waitSince[u];
            waitOnPort[u] = false;
        }
        if (queueSince[u] >= 0) {
            queueFullStalls += now - queueSince[u];
            queueSince[u] = -1;
        }
    }

    /** Requests issued to DRAM whose data has not come back yet. */
    public long outstanding() {
        return transactions - completedCount;
    }

    /** True while the stream waits for a response or for room in a DRAM queue. */
    public boolean blockedOnDram() {
        return blockedOnDram;
    }

    /** Called after the DRAM advanced: a stalled stream retries at the current cycle. */
    @Override
    public void dramAdvanced() {
        if (blockedOnDram) {
            wake();
        }
    }

    @Override
    public void completed(long id, boolean write, long completionCycle) {
        int slot = (int) (id & mask);
        int u = unitOf[slot];
        long core = clocks.memoryToCoreCeil(completionCycle);
        if (maxPending > 0) {
            // [RTL dpi] the port's count drops when the response is popped, the edge after the DRAM tick that
            // completed it and after that edge's push attempt: a push can use the slot two cycles on.
            long[] q = releaseAt[u];
            q[(releaseHead[u] + releaseSize[u]) & (q.length - 1)] = core + 2;
            releaseSize[u]++;
        } else {
            pendingPerUnit[u]--;
        }
        completion[slot] = core;
        completed[slot] = true;
        completedCount++;
        while (retiredSequence < streamEnd && completed[(int) (retiredSequence & mask)]) {
            int r = (int) (retiredSequence & mask);
            completed[r] = false;
            lastRetire = Math.max(lastRetire, completion[r]);
            retiredSequence++;
            FetchBlock b = blocks.peekFirst();
            b.retiredTransactions++;
            if (++b.retiredInRow == b.transactionsPerRow) {
                b.retiredInRow = 0;
                sink.rowReady(b, b.rowsRetired++, lastRetire);
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

    public long transactions() {
        return transactions;
    }

    public long bytes(MatrixKind kind) {
        return bytesByKind[kind.ordinal()];
    }

    /** Requests that waited at least a cycle after entering the stream (their DRAM channel took older ones). */
    public long crossbarConflicts() {
        return crossbarConflicts;
    }

    /** Cycles requests waited for room in their DRAM channel's queue (in the port's hold register, or at the head of the channel's queue without a port model). */
    public long queueFullStalls() {
        return queueFullStalls;
    }

    /** Cycles requests waited in a DRAM channel port's hold register because the port had its maximum of requests pending. */
    public long portFullStalls() {
        return portFullStalls;
    }
}
