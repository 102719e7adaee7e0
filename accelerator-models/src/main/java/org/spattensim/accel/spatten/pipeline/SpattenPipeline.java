package org.spattensim.accel.spatten.pipeline;

import org.spattensim.accel.spatten.energy.SpattenActions;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.energy.SpattenActions;
import org.spattensim.accel.spatten.fetch.FetchBlock;
import org.spattensim.accel.spatten.fetch.MatrixKind;
import org.spattensim.accel.spatten.fetch.FetchPlan;
import org.spattensim.accel.spatten.fetch.MemoryLayout;
import org.spattensim.accel.spatten.fetch.QkvFetcher;
import org.spattensim.accel.spatten.workload.Workload;
import org.spattensim.engine.ClockDomain;
import org.spattensim.engine.Simulation;
import org.spattensim.memory.dram.DramSystem;

/**
 * Runs one workload through the SpAtten pipeline on the event engine and the DRAM model.
 *
 * <p>Per task, in hardware order (docs/spatten-timing.md): cascade token/head top-k at a layer boundary
 * (gates the fetch), query + kept keys fetched (key buffer rows reserved first), Q×K and the softmax
 * accumulate pass as rows arrive, the normalise pass once the sum is known, the progressive-quantization
 * decision (LSB refetch and recompute), then, in task order, the local value top-k, the kept values fetched
 * (value buffer rows reserved first) and Prob×V. Tasks overlap as far as buffer space, unit occupancy and
 * in-order completion allow. Tasks that share fetched rows (two heads fused in one 12-bit slot, or the
 * queries of one head in a prefill pass) read the rows their leader fetched.
 */
final class SpattenPipeline implements QkvFetcher.Sink {
    static final int CONVERTER_LATENCY = 1;

    private final SpattenConfig cfg;
    private final Workload w;
    private final Simulation sim = new Simulation();
    private final DramSystem dram;
    private final ClockDomain clocks;
    private final QkvFetcher fetcher;
    private final ComputeUnits units;
    private final FetchPlan plan;
    private final MemoryLayout layout;
    private final int n;
    private final int headDim;
    private final boolean progressive;
    private final boolean fetchAll;
    private final int keyCapacity;
    private final int valueCapacity;

    // Task structure.
    // Task progress.
    private final int[] groupFill;
    private final int[] scoreGroups;
    private final long[] accLast;
    private final long[] keysDone;
    private final long[] valuesDone;
    private final long[] finalTime;
    private final boolean[] finalKnown;
    private final long[] pvLast;
    private final int[] pvFill;
    private final long[] doneTime;
    private final boolean[] doneKnown;
    private final long[] startTime;
    private final int[] membersNotFinal;
    private final int[] membersNotDone;
    private final boolean[] gateRequested;
    private final boolean[] gateOpen;
    private final boolean[] requanted;
    private final ArrayDeque<Integer> keyWaitingFollowers = new ArrayDeque<>();
    private final ArrayDeque<Integer> valueQueue = new ArrayDeque<>();
    private int nextAdmit;
    private int nextFinal;
    private long lastValueStage;
    private long lastValueReady;
    private int freeKeyRows;
    private int freeValueRows;
    private int tasksDone;

    final Actions actions = new Actions();

    /** Action counts for the energy model, kept apart from the energy per action. */
    static final class Actions {
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

        SpattenActions toActions() {
            return new SpattenActions(qkMacs, pvMacs, softmaxElements, topkComparatorCycles,
                    keyBufferWriteBytes + keyBufferReadBytes, valueBufferWriteBytes + valueBufferReadBytes, convertedBytes);
        }
    }

    SpattenPipeline(SpattenConfig cfg, Workload w, DramSystem dram, FetchPolicy policy) {
        this.cfg = cfg;
        this.fetchAll = policy == FetchPolicy.ALL_THEN_DECIDE;
        this.w = w;
        this.dram = dram;
        this.n = w.size();
        this.headDim = w.headDim();
        this.progressive = cfg.quant().enabled() && cfg.quant().progressive();
        this.clocks = ClockDomain.ofMHz(Math.round(cfg.compute().clockGhz() * 1000),
                Math.round(dram.config().organization().clockGhz() * 1000));
        this.units = new ComputeUnits(cfg);
        int elementsPerLine = cfg.buffers().lineElements();
        this.keyCapacity = (int) Math.max(1, (long) cfg.buffers().keyLines() * elementsPerLine / headDim);
        this.valueCapacity = (int) Math.max(1, (long) cfg.buffers().valueLines() * elementsPerLine / headDim);
        this.freeKeyRows = keyCapacity;
        this.freeValueRows = valueCapacity;

        this.plan = new FetchPlan(cfg, w, dram.config().controller().transactionBytes(), fetchAll);
        this.layout = plan.layout();
        if (layout.footprintBytes() > dram.config().organization().capacityBytes()) {
            throw new IllegalArgumentException("workload needs " + layout.footprintBytes() + " B of DRAM but "
                    + dram.config().name() + " with " + dram.config().organization().channels() + " channels holds "
                    + dram.config().organization().capacityBytes() + " B");
        }
        groupFill = new int[n];
        scoreGroups = new int[n];
        accLast = new long[n];
        keysDone = filled(n, -1);
        valuesDone = filled(n, -1);
        finalTime = new long[n];
        finalKnown = new boolean[n];
        pvLast = new long[n];
        pvFill = new int[n];
        doneTime = new long[n];
        doneKnown = new boolean[n];
        startTime = new long[n];
        membersNotFinal = new int[n];
        membersNotDone = new int[n];
        gateRequested = new boolean[n];
        gateOpen = new boolean[n];
        requanted = new boolean[n];
        for (int j = 0; j < n; j++) {
            if (plan.leader(j) == j) {
                membersNotFinal[j] = plan.groupSize(j);
                membersNotDone[j] = plan.groupSize(j);
            }
        }
        this.fetcher = new QkvFetcher(dram, sim, clocks, cfg.memory().fetcherChannels(), this);
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    private boolean active(int j) {
        return plan.active(j);
    }

    /** Simulates the whole workload; returns the cycle the last task finished. */
    long run() {
        tryAdmitKeys();
        fetcher.runUntilIdle();
        if (tasksDone != n) {
            throw new IllegalStateException("pipeline stopped with " + tasksDone + " of " + n + " tasks done (next to admit "
                    + nextAdmit + ", next to finalise " + nextFinal + ")");
        }
        long end = 0;
        for (int j = 0; j < n; j++) {
            end = Math.max(end, doneTime[j]);
        }
        return end;
    }

    // ---- admission of key fetches, in task order ----

    private void tryAdmitKeys() {
        long now = sim.now();
        while (nextAdmit < n) {
            int j = nextAdmit;
            if (needsGate(j) && !gateOpen[j]) {
                requestGate(j);
                return;
            }
            if (!active(j)) {
                startTime[j] = now;
                nextAdmit++;
                markFinal(j, now);
                continue;
            }
            if (plan.leader(j) != j) {
                startTime[j] = now;
                nextAdmit++;
                followerKeys(j);
                continue;
            }
            int need = Math.min(plan.keyRows(j), keyCapacity);
            if (need > freeKeyRows) {
                return;
            }
            freeKeyRows -= need;
            startTime[j] = now;
            nextAdmit++;
            int queryStride = plan.queryStride();
            fetcher.enqueue(new FetchBlock(j, MatrixKind.QUERY, layout.regionBase(MatrixKind.QUERY, w.layer(j), w.head(j))
                    + (long) w.query(j) * queryStride, queryStride, 1, layout.transactionBytes(), null, 1));
            fetcher.enqueue(new FetchBlock(j, MatrixKind.KEY, layout.regionBase(MatrixKind.KEY, w.layer(j), w.head(j)),
                    plan.keyStride(j), plan.keyRows(j), layout.transactionBytes(), w.hasIndices() && !fetchAll ? w.keyIndices(j) : null,
                    w.contextLength(j)));
        }
    }

    private boolean needsGate(int j) {
        return w.tokenTopKCycles(j) > 0 || w.headTopKCycles(j) > 0;
    }

    /**
     * The cascade top-k before task j runs on the importance scores of the previous layer: token top-k once
     * the previous task's softmax is final, head top-k once it has finished Prob×V.
     */
    private void requestGate(int j) {
        if (gateRequested[j]) {
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
            tryAdmitKeys();
        });
    }

    // ---- data arriving from the fetcher ----

    @Override
    public void rowReady(FetchBlock block, int row, long cycle) {
        int j = block.task();
        long t = cycle + CONVERTER_LATENCY;
        switch (block.kind()) {
            case KEY, KEY_LSB -> {
                actions.convertedBytes += block.bytes() / block.rows();
                actions.keyBufferWriteBytes += block.bytes() / block.rows();
                groupFill[j] += computedRows(w.keptKeys(j), row, block.rows());
                boolean last = row == block.rows() - 1;
                while (groupFill[j] >= units.scoresPerCycle || last && groupFill[j] > 0) {
                    int rows = Math.min(groupFill[j], units.scoresPerCycle);
                    scoreGroup(j, t, rows);
                    groupFill[j] -= rows;
                }
            }
            case VALUE -> {
                actions.convertedBytes += block.bytes() / block.rows();
                actions.valueBufferWriteBytes += block.bytes() / block.rows();
                pvFill[j] += computedRows(w.keptValues(j), row, block.rows());
                boolean last = row == block.rows() - 1;
                while (pvFill[j] >= units.valuesPerCycle || last && pvFill[j] > 0) {
                    int rows = Math.min(pvFill[j], units.valuesPerCycle);
                    valueGroup(j, t, rows);
                    pvFill[j] -= rows;
                }
            }
            case QUERY -> { }
        }
    }

    /**
     * Rows of the arriving row {@code row} that are computed: all of them when only kept rows are fetched;
     * with {@link FetchPolicy#ALL_THEN_DECIDE} the kept share, spread evenly over the fetched rows.
     */
    private int computedRows(int kept, int row, int fetched) {
        if (!fetchAll || kept >= fetched) {
            return 1;
        }
        return (int) ((long) (row + 1) * kept / fetched - (long) row * kept / fetched);
    }

    private void scoreGroup(int j, long ready, int rows) {
        long q = units.qk.issue(ready);
        accLast[j] = units.softmaxAccumulate.issue(q);
        scoreGroups[j]++;
        actions.qkMacs += (long) rows * headDim;
        actions.softmaxElements += rows;
        actions.keyBufferReadBytes += (long) rows * headDim * cfg.buffers().elementBits() / 8;
    }

    private void valueGroup(int j, long ready, int rows) {
        pvLast[j] = units.pv.issue(ready);
        actions.pvMacs += (long) rows * headDim;
        actions.valueBufferReadBytes += (long) rows * headDim * cfg.buffers().elementBits() / 8;
    }

    @Override
    public void blockDone(FetchBlock block, long cycle) {
        int j = block.task();
        switch (block.kind()) {
            case KEY -> {
                keysDone[j] = cycle + CONVERTER_LATENCY;
                scoresComplete(j);
                while (!keyWaitingFollowers.isEmpty() && keysDone[plan.leader(keyWaitingFollowers.peekFirst())] >= 0) {
                    followerScores(keyWaitingFollowers.pollFirst());
                }
            }
            case KEY_LSB -> scoresComplete(j);
            case VALUE -> {
                valuesDone[j] = cycle + CONVERTER_LATENCY;
                long end = Math.max(pvLast[j], valuesDone[j]);
                sim.schedule(Math.max(end, sim.now()), (s) -> taskDone(j));
                tryAdmitValues();
            }
            case QUERY -> { }
        }
    }

    /** A follower reads its leader's key rows once they are all in the buffer, after earlier followers. */
    private void followerKeys(int f) {
        if (keysDone[plan.leader(f)] < 0 || !keyWaitingFollowers.isEmpty()) {
            keyWaitingFollowers.addLast(f);
            return;
        }
        followerScores(f);
    }

    private void followerScores(int f) {
        int rows = w.keptKeys(f);
        long t = Math.max(keysDone[plan.leader(f)], sim.now());
        for (int left = rows; left > 0; left -= units.scoresPerCycle) {
            scoreGroup(f, t, Math.min(left, units.scoresPerCycle));
        }
        scoresComplete(f);
    }

    /** All scores of task j (or of its recompute) have been accumulated: normalise, then decide. */
    private void scoresComplete(int j) {
        long done = units.softmaxNormalize.issue(accLast[j]);
        scoreGroups[j] = 0;
        sim.schedule(Math.max(done, sim.now()), (s) -> decide(j));
    }

    /** Progressive quantization: refetch the key LSBs and recompute when the softmax is not confident. */
    private void decide(int j) {
        boolean refetch = progressive && w.requant(j) && w.keyLsbBits(j) > 0 && !requanted[j];
        if (!refetch) {
            markFinal(j, sim.now());
            return;
        }
        requanted[j] = true;
        actions.requants++;
        int stride = layout.strideBytes(headDim, w.keyLsbBits(j));
        fetcher.enqueue(new FetchBlock(j, MatrixKind.KEY_LSB, layout.regionBase(MatrixKind.KEY_LSB, w.layer(j), w.head(j)),
                stride, w.keptKeys(j), layout.transactionBytes(), w.hasIndices() ? w.keyIndices(j) : null,
                w.contextLength(j)));
    }

    // ---- in-order completion: value top-k, value fetch, Prob×V ----

    private void markFinal(int j, long t) {
        finalKnown[j] = true;
        finalTime[j] = t;
        int l = plan.leader(j);
        if (--membersNotFinal[l] == 0 && active(l)) {
            int slots = Math.min(plan.keyRows(l), keyCapacity);
            sim.schedule(Math.max(t, sim.now()), (s) -> {
                freeKeyRows += slots;
                tryAdmitKeys();
            });
        }
        while (nextFinal < n && finalKnown[nextFinal]) {
            int k = nextFinal++;
            long start = Math.max(finalTime[k], lastValueStage);
            lastValueStage = start;
            valueStage(k, start);
        }
        if (nextAdmit < n && needsGate(nextAdmit)) {
            requestGate(nextAdmit);
        }
    }

    private void valueStage(int k, long start) {
        if (!active(k)) {
            sim.schedule(Math.max(start, sim.now()), (s) -> taskDone(k));
            return;
        }
        long t = start;
        if (w.valueTopKCycles(k) > 0) {
            t = units.valueTopK.issueBatch(start, w.valueTopKCycles(k));
            actions.topkComparatorCycles += (long) w.valueTopKCycles(k) * cfg.topk().parallelism();
            actions.valueTopKRuns++;
        }
        // The value stage keeps task order: a request without top-k work still waits for the one before it.
        t = Math.max(t, lastValueReady);
        lastValueReady = t;
        sim.schedule(Math.max(t, sim.now()), (s) -> {
            valueQueue.addLast(k);
            tryAdmitValues();
        });
    }

    private void tryAdmitValues() {
        while (!valueQueue.isEmpty()) {
            int k = valueQueue.peekFirst();
            int l = plan.leader(k);
            if (l != k) {
                if (valuesDone[l] < 0) {
                    return;
                }
                valueQueue.pollFirst();
                long t = Math.max(valuesDone[l], sim.now());
                int rows = w.keptValues(k);
                for (int left = rows; left > 0; left -= units.valuesPerCycle) {
                    valueGroup(k, t, Math.min(left, units.valuesPerCycle));
                }
                long end = rows > 0 ? pvLast[k] : t;
                sim.schedule(Math.max(end, sim.now()), (s) -> taskDone(k));
                continue;
            }
            if (plan.valueRows(k) == 0) {
                valueQueue.pollFirst();
                sim.schedule(sim.now(), (s) -> taskDone(k));
                continue;
            }
            int need = Math.min(plan.valueRows(k), valueCapacity);
            if (need > freeValueRows) {
                return;
            }
            freeValueRows -= need;
            valueQueue.pollFirst();
            fetcher.enqueue(new FetchBlock(k, MatrixKind.VALUE, layout.regionBase(MatrixKind.VALUE, w.layer(k), w.head(k)),
                    plan.valueStride(k), plan.valueRows(k), layout.transactionBytes(), w.hasIndices() && !fetchAll ? w.valueIndices(k) : null,
                    w.contextLength(k)));
        }
    }

    private void taskDone(int j) {
        doneKnown[j] = true;
        doneTime[j] = sim.now();
        tasksDone++;
        int l = plan.leader(j);
        if (--membersNotDone[l] == 0 && active(l) && plan.valueRows(l) > 0) {
            freeValueRows += Math.min(plan.valueRows(l), valueCapacity);
            tryAdmitValues();
        }
        if (nextAdmit < n && needsGate(nextAdmit)) {
            requestGate(nextAdmit);
        }
    }

    // ---- results ----

    ComputeUnits units() {
        return units;
    }

    QkvFetcher fetcher() {
        return fetcher;
    }

    Simulation simulation() {
        return sim;
    }

    long startTime(int j) {
        return startTime[j];
    }

    long doneTime(int j) {
        return doneTime[j];
    }

    int keyCapacityRows() {
        return keyCapacity;
    }
}
