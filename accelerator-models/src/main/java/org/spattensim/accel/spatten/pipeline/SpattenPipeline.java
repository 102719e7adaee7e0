package org.spattensim.accel.spatten.pipeline;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.energy.SpattenActions;
import org.spattensim.accel.fetch.FetchPort;
import org.spattensim.accel.fetch.FetchBlock;
import org.spattensim.accel.fetch.FetchPlan;
import org.spattensim.accel.fetch.MatrixKind;
import org.spattensim.accel.fetch.MemoryLayout;
import org.spattensim.accel.fetch.QkvFetcher;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.engine.ClockDomain;
import org.spattensim.engine.Simulation;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramSystem;

/**
 * Runs one workload through the SpAtten pipeline on the event engine and the DRAM model, following the
 * released RTL's request flow [RTL SpAttenController.scala] stage by stage (docs/spatten-timing.md has the
 * table of mechanisms and sources):
 * <ol>
 *   <li>key-buffer allocation in request order, {@code keymatNumLines x fused} lines for the first of a fused
 *       pair (rounded up to two lines), none for the second; released at the requantization report of the last
 *       request of the batch ({@code StageAllocKeyBuffer}, {@code StageRequantizeOrRelease});</li>
 *   <li>at most 8 requests between the arbiter and their report ({@code req_fifo} halts new input below half
 *       of its 16 entries); a refetch pass re-enters ahead of new requests ({@code lowerFirst} arbiter) behind
 *       the one already in the stage register;</li>
 *   <li>one request at a time in the key path: the 4-way fork releases the next request only when this one's
 *       Q×K has read its last key line ({@code output_alloc_key_forked}); its key (or key-LSB) fetch starts
 *       on entry; the second of a fused pair fetches nothing ({@code throwWhen(part_id =/= 0)}) and reads the
 *       lines its first fetched;</li>
 *   <li>Q×K reads one buffer line per cycle as its data is written; the requantization decision needs the
 *       request's last score (max over the request), then streams its scores out one group per cycle
 *       ({@code RequantDecision.scala}); a refetch pass is queued for the arbiter;</li>
 *   <li>the value path in request order, refetched requests' first passes thrown ({@code StageRequantBuffer}):
 *       the top-k engine holds each request's first beat for its top-k cycles and streams all its score
 *       groups, skipping the delay when values kept &gt;= keys kept ({@code TopKDummy}, {@code StageTopK});
 *       the value fetch of the first of a batch goes to the fetcher's round-robin arbiter; Prob×V reads one
 *       value line per cycle as data and kept probabilities arrive, in request order ({@code
 *       StageMultiplyValue}); value-buffer lines are released after the batch's last Prob×V.</li>
 * </ol>
 * Queries come with the request (the RTL passes them in {@code io.req.query}); nothing fetches them. The
 * queries of one prefill head and the second of a fused pair are followers: they read their leader's lines.
 */
public final class SpattenPipeline implements QkvFetcher.Sink {
    /** Requests allowed between the arbiter and their report [RTL: req_fifo depth 16, input halted below 8 free]. */
    static final int REQ_FIFO_ADMIT = 8;
    /** Lines are allocated in multiples of the number of fused matrices [RTL maxFusedMatrix = 2]. */
    static final int LINE_GRANULE = 2;

    private final SpattenConfig cfg;
    private final Workload w;
    private final Simulation sim = new Simulation();
    private final ClockDomain clocks;
    private final FetchPort fetcher;
    private final ComputeUnits units;
    private final FetchPlan plan;
    private final MemoryLayout layout;
    private final SpattenConfig.Latency lat;
    private final int n;
    private final int headDim;
    private final boolean progressive;
    private final boolean fetchAll;
    private final int rowsPerLine;
    private final int keyCapacity;
    private final int valueCapacity;
    private final int transactionBytes;

    // Per task.
    private final long[] startTime;
    private final long[] finalTime;
    private final long[] decisionOut;
    private final boolean[] finalKnown;
    private final long[] doneTime;
    private final boolean[] doneKnown;
    private final boolean[] requanted;
    /** Per group leader: its group's shared LSB refetch has been fetched. */
    private final boolean[] lsbFetched;
    private final boolean[] gateRequested;
    private final boolean[] gateOpen;
    private final int[] keyHeld;
    private final int[] valueHeld;
    private final int[] lastMember;
    private final int[] membersNotDone;
    /**
     * Per gate task (the first of a layer and step): the tasks whose KV heads' page metadata it reads before the
     * layer's selection, or null; the metadata fetches outstanding, when the last arrived, and the layer's dot
     * products with the metadata.
     */
    private final int[][] metadataReads;
    private final long[] metadataDots;
    private final int[] metadataPending;
    private final boolean[] metadataIssued;
    private final long[] metadataDoneAt;

    // Admission and the key path.
    private int nextAdmit;
    private int reqFifo;
    private int freeKeyLines;
    private final ArrayDeque<Integer> newQueue = new ArrayDeque<>();
    private final ArrayDeque<Integer> requantQueue = new ArrayDeque<>();
    private final ArrayDeque<Long> requantReadyAt = new ArrayDeque<>();
    /** Pass waiting in the stage register before the fork (task * 2 + refetch), or -1. */
    private int stageReg = -1;
    private long stageRegAt;
    /** Pass in the key fork, or -1. */
    private int forkPass = -1;
    private int forkLines;
    private int forkNextLine;
    private int forkRowsRetired;
    private int forkBlockRows;
    private long forkLastScore;
    private boolean forkBlockDone;
    private long forkBlockDoneAt;
    private long decisionFree;

    // The value path, in task order.
    private int nextFinal;
    private long topkFree;
    private int freeValueLines;
    private final ArrayDeque<Integer> valueAllocWaiting = new ArrayDeque<>();
    private final ArrayDeque<Integer> pvQueue = new ArrayDeque<>();
    private final long[] topkStart;
    /** Per group leader while its value rows are in use: each row's arrival, and how many rows have arrived. */
    private final long[][] valueRowTime;
    private final int[] valueRowsRetired;
    private int pvTask = -1;
    private int pvNextLine;
    private int pvLines;
    private long pvLast;
    private int tasksDone;

    final Actions actions = new Actions();
    private org.spattensim.accel.RunProgress progress = org.spattensim.accel.RunProgress.NONE;

    /** Where to report the tasks done (every 128 and at the end); nothing the simulation reads. */
    public void progress(org.spattensim.accel.RunProgress p) {
        this.progress = p;
    }

    /** Action counts so far (complete after {@link #run}). */
    public Actions actions() {
        return actions;
    }

    /** Action counts for the energy model, kept apart from the energy per action. */
    public static final class Actions {
        long qkMacs;
        long pvMacs;
        long softmaxElements;
        long topkComparatorCycles;
        long keyBufferWriteBytes;
        long keyBufferReadBytes;
        long valueBufferWriteBytes;
        long valueBufferReadBytes;
        long convertedBytes;
        long requants;
        long cascadeTopKRuns;
        long valueTopKRuns;

        public long requants() {
            return requants;
        }

        public SpattenActions toActions() {
            return new SpattenActions(qkMacs, pvMacs, softmaxElements, topkComparatorCycles,
                    keyBufferWriteBytes + keyBufferReadBytes, valueBufferWriteBytes + valueBufferReadBytes, convertedBytes);
        }
    }

    /** Creates the fetch path for a pipeline: it owns the engine and delivers rows to the sink. */
    @FunctionalInterface
    public interface PortFactory {
        FetchPort create(Simulation sim, ClockDomain clocks, QkvFetcher.Sink sink);
    }

    /** The cycle-level pipeline on a DRAM system. */
    SpattenPipeline(SpattenConfig cfg, Workload w, DramSystem dram, FetchPolicy policy) {
        this(cfg, w, dram.config(), policy, (sim, clocks, sink) -> new QkvFetcher(dram, sim, clocks,
                cfg.memory().fetcherChannels(), cfg.memory().maxPendingPerChannel(), sink));
    }

    /** The pipeline on any fetch path (the fast model passes a calibrated one). */
    public SpattenPipeline(SpattenConfig cfg, Workload w, DramConfig dramConfig, FetchPolicy policy, PortFactory ports) {
        this.cfg = cfg;
        this.fetchAll = policy == FetchPolicy.ALL_THEN_DECIDE;
        this.w = w;
        this.n = w.size();
        this.headDim = w.headDim();
        this.lat = cfg.latency();
        this.progressive = cfg.quant().enabled() && cfg.quant().progressive();
        this.clocks = ClockDomain.ofMHz(Math.round(cfg.compute().clockGhz() * 1000),
                Math.round(dramConfig.organization().clockGhz() * 1000));
        this.units = new ComputeUnits(cfg, headDim);
        this.rowsPerLine = Math.max(1, cfg.buffers().lineElements() / headDim);
        this.keyCapacity = cfg.buffers().keyLines();
        this.valueCapacity = cfg.buffers().valueLines();
        this.freeKeyLines = keyCapacity;
        this.freeValueLines = valueCapacity;
        this.transactionBytes = dramConfig.controller().transactionBytes();
        this.plan = new FetchPlan(cfg, w, transactionBytes, fetchAll);
        this.layout = plan.layout();
        long footprint = layout.footprintBytes(w.readsMetadata());
        if (!plan.testbenchLayout() && footprint > dramConfig.organization().capacityBytes()) {
            throw org.spattensim.common.InvalidInputException.of(w.source(), "memory.channels",
                    "the workload's Q/K/V regions need " + footprint + " B of DRAM (" + w.layers()
                            + " layers x " + w.heads() + " heads x the longest context) but " + dramConfig.name()
                            + " with " + dramConfig.organization().channels() + " channels holds "
                            + dramConfig.organization().capacityBytes() + " B",
                    "more channels (--set memory.channels=N), a larger DRAM preset, or a smaller workload");
        }
        startTime = new long[n];
        finalTime = new long[n];
        decisionOut = new long[n];
        finalKnown = new boolean[n];
        doneTime = new long[n];
        doneKnown = new boolean[n];
        requanted = new boolean[n];
        lsbFetched = new boolean[n];
        gateRequested = new boolean[n];
        gateOpen = new boolean[n];
        keyHeld = new int[n];
        valueHeld = new int[n];
        lastMember = new int[n];
        membersNotDone = new int[n];
        topkStart = new long[n];
        valueRowTime = new long[n][];
        valueRowsRetired = new int[n];
        for (int j = 0; j < n; j++) {
            int l = plan.leader(j);
            lastMember[l] = j;
            if (l == j) {
                membersNotDone[j] = plan.groupSize(j);
            }
        }
        metadataReads = new int[w.readsMetadata() ? n : 0][];
        metadataDots = new long[metadataReads.length];
        metadataPending = new int[metadataReads.length];
        metadataIssued = new boolean[metadataReads.length];
        metadataDoneAt = new long[metadataReads.length];
        if (w.readsMetadata()) {
            collectMetadataReads();
        }
        this.fetcher = ports.create(sim, clocks, this);
    }

    private boolean active(int j) {
        return plan.active(j);
    }

    /** Attaches each layer's page-metadata reads and scoring to the layer's first task, whose gate waits for them. */
    private void collectMetadataReads() {
        int gate = 0;
        java.util.List<Integer> reads = new java.util.ArrayList<>();
        for (int j = 0; j <= n; j++) {
            boolean newLayer = j == n || w.step(j) != w.step(gate) || w.layer(j) != w.layer(gate);
            if (newLayer) {
                if (!reads.isEmpty()) {
                    metadataReads[gate] = reads.stream().mapToInt(Integer::intValue).toArray();
                }
                reads.clear();
                gate = j;
            }
            if (j < n) {
                if (w.metadataRows(j) > 0) {
                    reads.add(j);
                }
                metadataDots[gate] += w.metadataDots(j);
            }
        }
    }

    /** Simulates the whole workload; returns the cycle the last task finished. */
    public long run() {
        tryAdmit();
        fetcher.runUntilIdle();
        if (tasksDone != n) {
            throw new IllegalStateException("pipeline stopped with " + tasksDone + " of " + n + " tasks done (next to admit "
                    + nextAdmit + ", next to finalise " + nextFinal + ", in the fork " + forkPass + ", stage register "
                    + stageReg + ", refetches waiting " + requantQueue.size() + ", request FIFO " + reqFifo
                    + ", free key lines " + freeKeyLines + ", free value lines " + freeValueLines + ", value allocations waiting "
                    + valueAllocWaiting.size() + ", Prob×V on " + pvTask + " with " + pvQueue.size() + " queued)");
        }
        long end = 0;
        for (int j = 0; j < n; j++) {
            end = Math.max(end, doneTime[j]);
        }
        return end;
    }

    // ---- sizes, in buffer lines ----

    /** Lines of one matrix of one head holding {@code rows} rows [RTL keymatNumLines / valmatNumLines]. */
    private int linesOf(int rows) {
        int raw = (rows + rowsPerLine - 1) / rowsPerLine;
        return (raw + LINE_GRANULE - 1) / LINE_GRANULE * LINE_GRANULE;
    }

    private int heads(int l) {
        return w.fusedSlot(l) == 1 ? 2 : 1;
    }

    /** Score groups of one pass: the stream of S scores per cycle that leaves Q×K [RTL numSoftMaxUnit]. */
    private int beats(int rows) {
        int s = units.scoresPerCycle;
        return (rows + s - 1) / s;
    }

    /** Cycles Q×K spends on one line: a line of {@code rowsPerLine} rows at S scores per cycle. */
    private int cyclesPerLine() {
        return Math.max(1, (rowsPerLine + units.scoresPerCycle - 1) / units.scoresPerCycle);
    }


    // ---- admission, in task order ----

    private void tryAdmit() {
        long now = sim.now();
        while (nextAdmit < n) {
            int j = nextAdmit;
            if (needsGate(j) && !gateOpen[j]) {
                requestGate(j);
                break;
            }
            if (!active(j)) {
                startTime[j] = now;
                nextAdmit++;
                decisionOut[j] = now;
                markFinal(j, now);
                continue;
            }
            if (reqFifo > REQ_FIFO_ADMIT) {
                break;
            }
            if (plan.leader(j) == j) {
                int need = Math.min(linesOf(plan.keyRows(j)) * heads(j), keyCapacity);
                if (need > freeKeyLines) {
                    break;
                }
                freeKeyLines -= need;
                keyHeld[j] = need;
            }
            nextAdmit++;
            reqFifo++;
            newQueue.addLast(j);
        }
        tryFork();
    }

    private boolean needsGate(int j) {
        return w.tokenTopKCycles(j) > 0 || w.headTopKCycles(j) > 0 || (metadataReads.length > 0 && metadataReads[j] != null);
    }

    /**
     * A query-aware KV policy's page metadata for gate task j: fetched as soon as the gate is reached (it depends
     * on the query, not on the previous layer), one block per KV head, behind the blocks already queued.
     */
    private boolean metadataOutstanding(int j) {
        if (metadataReads.length == 0 || metadataReads[j] == null) {
            return false;
        }
        if (!metadataIssued[j]) {
            metadataIssued[j] = true;
            metadataPending[j] = metadataReads[j].length;
            long at = sim.now() + lat.fetchRequest();
            for (int m : metadataReads[j]) {
                FetchBlock b = plan.metadataBlock(j, m, transactionBytes);
                sim.schedule(at, (s) -> fetcher.enqueue(b));
            }
        }
        return metadataPending[j] > 0;
    }

    /**
     * The cascade top-k before task j runs on the importance scores of the previous layer: token top-k once
     * the previous task's softmax is final, head top-k once it has finished Prob×V.
     */
    private void requestGate(int j) {
        if (gateRequested[j] || metadataOutstanding(j)) {
            return;
        }
        long tokenReady = 0;
        long headReady = 0;
        if (j > 0) {
            if (!finalKnown[j - 1] || (w.headTopKCycles(j) > 0 && !doneKnown[j - 1])) {
                return;
            }
            tokenReady = finalTime[j - 1];
            headReady = w.headTopKCycles(j) > 0 ? doneTime[j - 1] : 0;
        }
        gateRequested[j] = true;
        long t = Math.max(sim.now(), tokenReady);
        if (metadataReads.length > 0 && metadataDots[j] > 0) {
            // Page bounds on the Q×K array, S rows per cycle, once the metadata is in; the gate holds Q×K idle
            // (the previous layer's decisions are final), so no other pass contends.
            t = Math.max(t, metadataDoneAt[j]) + (metadataDots[j] + units.scoresPerCycle - 1) / units.scoresPerCycle;
            actions.qkMacs += metadataDots[j] * headDim;
        }
        if (w.tokenTopKCycles(j) > 0) {
            t = units.cascadeTopK.issueBatch(t, w.tokenTopKCycles(j));
            actions.topkComparatorCycles += (long) w.tokenTopKCycles(j) * cfg.topk().parallelism();
            actions.cascadeTopKRuns++;
        }
        if (w.headTopKCycles(j) > 0) {
            t = units.cascadeTopK.issueBatch(Math.max(t, headReady), w.headTopKCycles(j));
            actions.topkComparatorCycles += (long) w.headTopKCycles(j) * cfg.topk().parallelism();
            actions.cascadeTopKRuns++;
        }
        sim.schedule(Math.max(t, sim.now()), (s) -> {
            gateOpen[j] = true;
            tryAdmit();
        });
    }

    // ---- the arbiter, its stage register and the key fork ----

    /** Fills the stage register (refetch passes first) and moves it into a free fork, one cycle per hop. */
    private void tryFork() {
        long now = sim.now();
        if (stageReg < 0) {
            if (!requantQueue.isEmpty() && requantReadyAt.peekFirst() <= now) {
                requantReadyAt.pollFirst();
                stageReg = requantQueue.pollFirst() * 2 + 1;
                stageRegAt = now + 1;
            } else if (!newQueue.isEmpty()) {
                stageReg = newQueue.pollFirst() * 2;
                stageRegAt = now + 1;
            }
        }
        if (forkPass < 0 && stageReg >= 0) {
            int p = stageReg;
            stageReg = -1;
            forkPass = p;
            long at = Math.max(now, stageRegAt);
            sim.schedule(at, (s) -> enterFork(p));
            tryFork();
        }
    }

    /** Request p's key lines are all in the key buffer: no fetch, Q×K reads them one line per cycle. */
    private void forkFromBuffer(int p, long now) {
        int j = p >> 1;
        forkBlockRows = 0;
        forkBlockDone = true;
        forkBlockDoneAt = now;
        long t = now;
        for (int i = 0; i < forkLines; i++) {
            t = readKeyLine(j, now + 1, i);
        }
        forkFinished(p, t);
    }

    private void enterFork(int p) {
        long now = sim.now();
        int j = p >> 1;
        boolean refetch = (p & 1) == 1;
        if (!refetch) {
            startTime[j] = now;
        }
        forkLines = linesOf(w.keptKeys(j));
        forkNextLine = 0;
        forkRowsRetired = 0;
        forkLastScore = now;
        forkBlockDone = false;
        int l = plan.leader(j);
        if (refetch && plan.sharesRefetch(l) && lsbFetched[l]) {
            // The group's LSBs are in the key buffer already: recompute from the buffer.
            forkFromBuffer(p, now);
        } else if (refetch) {
            FetchBlock b;
            if (plan.sharesRefetch(l)) {
                lsbFetched[l] = true;
                forkBlockRows = plan.keyRows(l);
                b = plan.keyLsbGroupBlock(l, j, transactionBytes);
            } else {
                forkBlockRows = w.keptKeys(j);
                b = plan.keyLsbBlock(j, transactionBytes);
            }
            sim.schedule(now + lat.fetchRequest(), (s) -> fetcher.enqueue(b));
        } else if (l == j) {
            forkBlockRows = plan.keyRows(j);
            FetchBlock b = plan.keyBlock(j, transactionBytes, fetchAll);
            sim.schedule(now + lat.fetchRequest(), (s) -> fetcher.enqueue(b));
        } else {
            // A follower reads the lines its leader fetched, all in the buffer by now.
            forkFromBuffer(p, now);
        }
    }

    /** Q×K reads key line i of task j, ready at {@code ready}; returns the cycle its scores leave Q×K. */
    private long readKeyLine(int j, long ready, int line) {
        int rows = Math.min(rowsPerLine, w.keptKeys(j) - line * rowsPerLine);
        // A line takes cyclesPerLine() back-to-back issues of the Q×K array: one batch, the same timing and counts.
        long done = units.qk.issueBatch(ready, cyclesPerLine());
        if (rows > 0) {
            actions.qkMacs += (long) rows * headDim;
            actions.softmaxElements += rows;
            actions.keyBufferReadBytes += (long) rows * headDim * cfg.buffers().elementBits() / 8;
            forkLastScore = units.softmaxAccumulate.issue(done);
        }
        return done;
    }

    /** Rows of the pass's fetched block that key line i needs (kept rows spread over fetched rows if fetchAll). */
    private int rowsNeeded(int j, int line) {
        int kept = Math.min(w.keptKeys(j), (line + 1) * rowsPerLine);
        if (!fetchAll || forkBlockRows <= w.keptKeys(j)) {
            return Math.min(forkBlockRows, kept);
        }
        return (int) Math.min(forkBlockRows, ((long) kept * forkBlockRows + w.keptKeys(j) - 1) / w.keptKeys(j));
    }

    private void keyRowsArrived(FetchBlock block, int rowsRetired, long cycle) {
        int p = forkPass;
        if (p < 0 || block.task() != p >> 1) {
            throw new IllegalStateException("key data of task " + block.task() + " while pass " + p + " holds the fork");
        }
        int j = p >> 1;
        forkRowsRetired = rowsRetired;
        long ready = cycle + lat.fetchResponse();
        long last = -1;
        while (forkNextLine < forkLines && rowsNeeded(j, forkNextLine) <= forkRowsRetired) {
            last = readKeyLine(j, ready, forkNextLine++);
        }
        if (forkNextLine == forkLines && last >= 0) {
            forkLastRead = last;
        }
        if (forkNextLine == forkLines && forkBlockDone && !forkFinishing) {
            forkFinishing = true;
            forkFinished(p, Math.max(forkLastRead, forkBlockDoneAt + lat.fetchResponse()));
        }
    }

    private long forkLastRead;
    private boolean forkFinishing;

    /** The pass's last key line has left Q×K at {@code lastDone}: the fork takes the next pass a cycle later. */
    private void forkFinished(int p, long lastDone) {
        int j = p >> 1;
        long releaseAt = Math.max(sim.now(), lastDone - lat.qkPipeline() + 1);
        long lastScore = units.softmaxNormalize.issue(forkLastScore);
        long decision = Math.max(lastScore + lat.decision(), decisionFree);
        decisionFree = decision + beats(w.keptKeys(j));
        sim.schedule(releaseAt, (s) -> {
            forkPass = -1;
            forkFinishing = false;
            tryFork();
        });
        sim.schedule(Math.max(decision, sim.now()), (s) -> decide(p));
    }

    // ---- data arriving from the fetcher ----

    @Override
    public void rowReady(FetchBlock block, int row, long cycle) {
        int bytes = (int) (block.bytes() / block.rows());
        actions.convertedBytes += bytes;
        switch (block.kind()) {
            case KEY, KEY_LSB -> {
                actions.keyBufferWriteBytes += bytes;
                keyRowsArrived(block, row + 1, cycle);
            }
            case VALUE -> {
                actions.valueBufferWriteBytes += bytes;
                int l = block.task();
                long[] times = valueRowTime[l];
                if (times == null) {
                    // Every task of the group has finished Prob×V; rows of the group's union nobody reads.
                    return;
                }
                times[row] = cycle + lat.fetchResponse();
                valueRowsRetired[l] = row + 1;
                advancePv();
            }
            case QUERY, PAGE_METADATA -> { }
        }
    }

    @Override
    public void blockDone(FetchBlock block, long cycle) {
        if (block.kind() == MatrixKind.PAGE_METADATA) {
            int j = block.task();
            metadataDoneAt[j] = Math.max(metadataDoneAt[j], cycle + lat.fetchResponse());
            if (--metadataPending[j] == 0) {
                requestGate(j);
            }
            return;
        }
        if (block.kind() == MatrixKind.KEY || block.kind() == MatrixKind.KEY_LSB) {
            forkBlockDone = true;
            forkBlockDoneAt = cycle;
            keyRowsArrived(block, forkRowsRetired, cycle);
        }
    }

    // ---- the requantization decision ----

    /** First output beat of pass p's decision: report to the request FIFO, refetch or finalise. */
    private void decide(int p) {
        long now = sim.now();
        int j = p >> 1;
        boolean refetch = (p & 1) == 1;
        reqFifo--;
        boolean need = !refetch && progressive && w.requant(j) && w.keyLsbBits(j) > 0;
        if (need) {
            requanted[j] = true;
            actions.requants++;
            long at = now + lat.requantReport();
            reqFifo++;
            requantQueue.addLast(j);
            requantReadyAt.addLast(at);
            sim.schedule(at, (s) -> tryFork());
        } else {
            decisionOut[j] = now;
            markFinal(j, now);
            // [RTL StageRequantizeOrRelease] the batch's lines go back at its last request's final report.
            int l = plan.leader(j);
            if (lastMember[l] == j && keyHeld[l] > 0) {
                int lines = keyHeld[l];
                keyHeld[l] = 0;
                sim.schedule(now + 1, (s) -> {
                    freeKeyLines += lines;
                    tryAdmit();
                });
            }
        }
        tryAdmit();
    }

    // ---- the value path, in task order ----

    private void markFinal(int j, long t) {
        finalKnown[j] = true;
        finalTime[j] = t;
        while (nextFinal < n && finalKnown[nextFinal]) {
            valueAllocWaiting.addLast(nextFinal++);
        }
        tryValueAlloc();
        if (nextAdmit < n && needsGate(nextAdmit)) {
            requestGate(nextAdmit);
        }
    }

    /** Top-k and value-buffer allocation, in task order (a request waits for lines in front of the top-k). */
    private void tryValueAlloc() {
        while (!valueAllocWaiting.isEmpty()) {
            int k = valueAllocWaiting.peekFirst();
            int l = plan.leader(k);
            if (active(k) && l == k && plan.valueRows(k) > 0) {
                int need = Math.min(linesOf(plan.valueRows(k)) * heads(k), valueCapacity);
                if (need > freeValueLines) {
                    return;
                }
                freeValueLines -= need;
                valueHeld[k] = need;
            }
            valueAllocWaiting.pollFirst();
            topk(k);
        }
    }

    private void topk(int k) {
        if (!active(k)) {
            topkStart[k] = Math.max(decisionOut[k], topkFree);
            pvQueue.addLast(k);
            advancePv();
            return;
        }
        long head = Math.max(Math.max(decisionOut[k] + lat.valuePath(), topkFree), sim.now());
        long start = head;
        // [RTL StageTopK] requests keeping at least as many values as keys skip the top-k.
        if (w.valueTopKCycles(k) > 0 && w.keptValues(k) < w.keptKeys(k)) {
            start = units.valueTopK.issueBatch(head, w.valueTopKCycles(k));
            actions.topkComparatorCycles += (long) w.valueTopKCycles(k) * cfg.topk().parallelism();
            actions.valueTopKRuns++;
        }
        topkStart[k] = start;
        topkFree = start + beats(w.keptKeys(k));
        int l = plan.leader(k);
        if (l == k && plan.valueRows(k) > 0) {
            int rows = plan.valueRows(k);
            valueRowTime[k] = new long[rows];
            valueRowsRetired[k] = 0;
            FetchBlock b = plan.valueBlock(k, transactionBytes, fetchAll);
            sim.schedule(start + lat.fetchRequest(), (s) -> fetcher.enqueue(b));
        }
        pvQueue.addLast(k);
        advancePv();
    }

    /** Prob×V, one request at a time in task order, one value line per cycle as data and probabilities arrive. */
    private void advancePv() {
        while (true) {
            if (pvTask < 0) {
                if (pvQueue.isEmpty()) {
                    return;
                }
                pvTask = pvQueue.pollFirst();
                pvNextLine = 0;
                pvLast = Math.max(topkStart[pvTask], sim.now());
                pvLines = active(pvTask) ? linesOf(w.keptValues(pvTask)) : 0;
                if (w.keptValues(pvTask) == 0) {
                    pvLines = 0;
                }
            }
            int k = pvTask;
            int l = plan.leader(k);
            long[] times = valueRowTime[l];
            int retired = times == null ? 0 : valueRowsRetired[l];
            int rowsTotal = times == null ? 0 : times.length;
            while (pvNextLine < pvLines) {
                int keptSoFar = Math.min(w.keptValues(k), (pvNextLine + 1) * rowsPerLine);
                // Fetching everything (A3/MNNFast): the kept rows are spread over the fetched ones.
                int need = fetchAll && rowsTotal > w.keptValues(k)
                        ? (int) Math.min(rowsTotal, ((long) keptSoFar * rowsTotal + w.keptValues(k) - 1) / w.keptValues(k))
                        : Math.min(rowsTotal, keptSoFar);
                if (need > retired) {
                    return;
                }
                long dataReady = need == 0 ? 0 : times[need - 1];
                // Kept probabilities leave the top-k one group per cycle.
                long probReady = topkStart[k] + beats(Math.min(w.keptValues(k), (pvNextLine + 1) * rowsPerLine));
                int rows = Math.min(rowsPerLine, w.keptValues(k) - pvNextLine * rowsPerLine);
                pvLast = units.pv.issueBatch(Math.max(dataReady, probReady),
                        Math.max(1, (rowsPerLine + units.valuesPerCycle - 1) / units.valuesPerCycle));
                if (rows > 0) {
                    actions.pvMacs += (long) rows * headDim;
                    actions.valueBufferReadBytes += (long) rows * headDim * cfg.buffers().elementBits() / 8;
                }
                pvNextLine++;
            }
            long end = Math.max(pvLast, sim.now());
            pvTask = -1;
            sim.schedule(end, (s) -> taskDone(k));
        }
    }

    private void taskDone(int j) {
        doneKnown[j] = true;
        doneTime[j] = sim.now();
        tasksDone++;
        if ((tasksDone & 127) == 0 || tasksDone == n) {
            progress.update("simulating", tasksDone, n);
        }
        int l = plan.leader(j);
        if (--membersNotDone[l] == 0) {
            valueRowTime[l] = null;
            if (valueHeld[l] > 0) {
                freeValueLines += valueHeld[l];
                valueHeld[l] = 0;
                tryValueAlloc();
            }
        }
        if (nextAdmit < n && needsGate(nextAdmit)) {
            requestGate(nextAdmit);
        }
    }

    // ---- results ----

    ComputeUnits units() {
        return units;
    }

    FetchPort fetcher() {
        return fetcher;
    }

    Simulation simulation() {
        return sim;
    }

    public long startTime(int j) {
        return startTime[j];
    }

    public long doneTime(int j) {
        return doneTime[j];
    }

    int keyCapacityRows() {
        return keyCapacity * rowsPerLine;
    }
}
