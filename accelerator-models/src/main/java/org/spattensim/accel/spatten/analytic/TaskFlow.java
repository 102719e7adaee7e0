package org.spattensim.accel.spatten.analytic;

import java.util.Arrays;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.accel.spatten.workload.Workload;

/**
 * The task-level flow of the analytic model: the cycle-level pipeline's decisions (admission, gates, LSB
 * refetch, in-order finalisation, value stage) at block granularity, with a handful of events per task
 * instead of one per DRAM transaction. Times are in accelerator cycles (fractions allowed for the fetcher).
 */
final class TaskFlow {
    private static final int CONVERTER_LATENCY = 1;
    private static final int DECIDE = 0;
    private static final int KEY_RELEASE = 1;
    private static final int GATE_OPEN = 2;
    private static final int VALUE_READY = 3;
    private static final int VALUES_DONE = 4;
    private static final int DONE = 5;

    /** Action counts for the energy model (the cycle model's closed forms). */
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
    }

    final Actions actions = new Actions();
    private final SpattenAnalyticModel.Plan p;
    private final Workload w;
    private final int n;
    private final double bytesPerCycle;
    private final double latency;
    private final int spc;
    private final int vpc;
    private final int qkLatency;
    private final int accumulateLatency;
    private final int normalizeLatency;
    private final int pvLatency;
    private final int keyCapacity;
    private final int valueCapacity;
    private final int topkParallelism;
    private final int readBytesPerRow;

    private double fetchFree;
    private double qkFree;
    private double normFree;
    private double pvFree;
    private double valueTopKFree;
    private double cascadeFree;
    private final double[] finalTime;
    private final boolean[] finalKnown;
    private final double[] doneTime;
    private final boolean[] doneKnown;
    private final double[] valuesDone;
    private final boolean[] valuesDoneKnown;
    private final boolean[] requanted;
    private final int[] membersNotFinal;
    private final int[] membersNotDone;
    private final boolean[] gateRequested;
    private final boolean[] gateOpen;
    private final int[] valueQueue;
    private int queueHead;
    private int queueTail;
    private int nextAdmit;
    private int nextFinal;
    private int tasksDone;
    private double lastValueStage;
    private double lastValueReady;
    private int freeKeyRows;
    private int freeValueRows;
    private double now;

    // Event heap ordered by (time, insertion sequence).
    private double[] evTime = new double[256];
    private long[] evSeq = new long[256];
    private int[] evPayload = new int[256];
    private int evSize;
    private long seq;

    TaskFlow(SpattenConfig cfg, Workload w, SpattenAnalyticModel.Plan p, FetchCalibration cal) {
        this.p = p;
        this.w = w;
        this.n = w.size();
        this.bytesPerCycle = cal.bytesPerCycle();
        this.latency = cal.latencyCycles();
        this.spc = cfg.compute().scoresPerCycle();
        this.vpc = cfg.compute().valuesPerCycle();
        SpattenConfig.Latency l = cfg.latency();
        this.qkLatency = l.qkPipeline();
        this.accumulateLatency = l.softmaxDequantize() + l.softmaxExp() + l.softmaxAccumulate();
        this.normalizeLatency = l.softmaxDivide() + l.softmaxQuantize();
        this.pvLatency = l.pvPipeline();
        int lineElements = cfg.buffers().lineElements();
        this.keyCapacity = (int) Math.max(1, (long) cfg.buffers().keyLines() * lineElements / p.headDim);
        this.valueCapacity = (int) Math.max(1, (long) cfg.buffers().valueLines() * lineElements / p.headDim);
        this.freeKeyRows = keyCapacity;
        this.freeValueRows = valueCapacity;
        this.topkParallelism = cfg.topk().parallelism();
        this.readBytesPerRow = p.headDim * cfg.buffers().elementBits() / 8;
        finalTime = new double[n];
        finalKnown = new boolean[n];
        doneTime = new double[n];
        doneKnown = new boolean[n];
        valuesDone = new double[n];
        valuesDoneKnown = new boolean[n];
        requanted = new boolean[n];
        membersNotFinal = new int[n];
        membersNotDone = new int[n];
        gateRequested = new boolean[n];
        gateOpen = new boolean[n];
        valueQueue = new int[n];
        for (int j = 0; j < n; j++) {
            if (p.fetch.leader(j) == j) {
                membersNotFinal[j] = p.fetch.groupSize(j);
                membersNotDone[j] = p.fetch.groupSize(j);
            }
        }
    }

    /** Runs the flow; returns the cycle the last task finished (rounded up). */
    long run() {
        tryAdmitKeys();
        while (evSize > 0) {
            now = evTime[0];
            int payload = evPayload[0];
            pop();
            int task = payload & 0x0FFF_FFFF;
            switch (payload >>> 28) {
                case DECIDE -> decide(task);
                case KEY_RELEASE -> {
                    freeKeyRows += Math.min(p.fetch.keyRows(task), keyCapacity);
                    tryAdmitKeys();
                }
                case GATE_OPEN -> {
                    gateOpen[task] = true;
                    tryAdmitKeys();
                }
                case VALUE_READY -> {
                    valueQueue[queueTail++] = task;
                    tryAdmitValues();
                }
                case VALUES_DONE -> {
                    valuesDoneKnown[task] = true;
                    tryAdmitValues();
                }
                case DONE -> done(task);
                default -> throw new IllegalStateException("event " + payload);
            }
        }
        if (tasksDone != n) {
            throw new IllegalStateException("analytic flow stopped with " + tasksDone + " of " + n + " tasks done");
        }
        double end = 0;
        for (int j = 0; j < n; j++) {
            end = Math.max(end, doneTime[j]);
        }
        return (long) Math.ceil(end - 1e-9);
    }

    // ---- keys ----

    private boolean needsGate(int j) {
        return w.tokenTopKCycles(j) > 0 || w.headTopKCycles(j) > 0;
    }

    private void tryAdmitKeys() {
        while (nextAdmit < n) {
            int j = nextAdmit;
            if (needsGate(j) && !gateOpen[j]) {
                requestGate(j);
                return;
            }
            if (!p.active(j)) {
                nextAdmit++;
                markFinal(j, now);
                continue;
            }
            if (p.fetch.leader(j) != j) {
                nextAdmit++;
                continue;
            }
            int need = Math.min(p.fetch.keyRows(j), keyCapacity);
            if (need > freeKeyRows) {
                return;
            }
            freeKeyRows -= need;
            nextAdmit++;
            fetchKeys(j);
        }
    }

    /** A leader's query and key rows through the fetcher, Q×K as rows arrive; its followers score after. */
    private void fetchKeys(int l) {
        serve(p.queryStride);
        int rows = p.fetch.keyRows(l);
        long bytes = (long) rows * p.fetch.keyStride(l);
        double s = serve(bytes);
        double keysDone = fetchFree + latency + CONVERTER_LATENCY;
        actions.convertedBytes += bytes;
        actions.keyBufferWriteBytes += bytes;
        double first = s + latency + (double) Math.min(rows, spc) * p.fetch.keyStride(l) / bytesPerCycle + CONVERTER_LATENCY;
        scores(l, rows, first, keysDone);
        for (int f = l + 1; f < n && p.fetch.leader(f) == l; f++) {
            scores(f, w.keptKeys(f), keysDone, keysDone);
        }
    }

    /** Q×K and softmax of {@code rows} scores arriving from {@code first} to {@code last}; decide once normalised. */
    private void scores(int j, int rows, double first, double last) {
        int groups = (rows + spc - 1) / spc;
        double lastStart = Math.max(Math.max(qkFree, first) + groups - 1, last);
        qkFree = lastStart + 1;
        double accumulated = lastStart + qkLatency + accumulateLatency;
        double normStart = Math.max(accumulated, normFree);
        normFree = normStart + 1;
        actions.qkMacs += (long) rows * p.headDim;
        actions.softmaxElements += rows;
        actions.keyBufferReadBytes += (long) rows * readBytesPerRow;
        schedule(Math.max(normStart + normalizeLatency, now), DECIDE, j);
    }

    /** Reserves the fetcher for {@code bytes} from now (FIFO); returns the start. */
    private double serve(long bytes) {
        double s = Math.max(now, fetchFree);
        fetchFree = s + bytes / bytesPerCycle;
        return s;
    }

    private void decide(int j) {
        if (!p.requants(j) || requanted[j]) {
            markFinal(j, now);
            return;
        }
        requanted[j] = true;
        actions.requants++;
        int stride = p.lsbStride(j);
        int rows = w.keptKeys(j);
        long bytes = (long) rows * stride;
        double s = serve(bytes);
        actions.convertedBytes += bytes;
        actions.keyBufferWriteBytes += bytes;
        double first = s + latency + (double) Math.min(rows, spc) * stride / bytesPerCycle + CONVERTER_LATENCY;
        scores(j, rows, first, fetchFree + latency + CONVERTER_LATENCY);
    }

    // ---- cascade top-k gates ----

    private void requestGate(int j) {
        if (gateRequested[j]) {
            return;
        }
        double tokenReady = 0;
        double headReady = 0;
        if (j > 0) {
            if (!finalKnown[j - 1] || (w.headTopKCycles(j) > 0 && !doneKnown[j - 1])) {
                return;
            }
            tokenReady = finalTime[j - 1];
            headReady = w.headTopKCycles(j) > 0 ? doneTime[j - 1] : 0;
        }
        gateRequested[j] = true;
        double t = Math.max(now, tokenReady);
        if (w.tokenTopKCycles(j) > 0) {
            double s = Math.max(t, cascadeFree);
            cascadeFree = s + w.tokenTopKCycles(j);
            t = cascadeFree;
            actions.topkComparatorCycles += (long) w.tokenTopKCycles(j) * topkParallelism;
        }
        if (w.headTopKCycles(j) > 0) {
            double s = Math.max(Math.max(t, headReady), cascadeFree);
            cascadeFree = s + w.headTopKCycles(j);
            t = cascadeFree;
            actions.topkComparatorCycles += (long) w.headTopKCycles(j) * topkParallelism;
        }
        schedule(Math.max(t, now), GATE_OPEN, j);
    }

    // ---- in-order completion: value top-k, value fetch, Prob×V ----

    private void markFinal(int j, double t) {
        finalKnown[j] = true;
        finalTime[j] = t;
        int l = p.fetch.leader(j);
        if (--membersNotFinal[l] == 0 && p.active(l)) {
            schedule(Math.max(t, now), KEY_RELEASE, l);
        }
        while (nextFinal < n && finalKnown[nextFinal]) {
            int k = nextFinal++;
            double start = Math.max(finalTime[k], lastValueStage);
            lastValueStage = start;
            valueStage(k, start);
        }
        if (nextAdmit < n && needsGate(nextAdmit)) {
            requestGate(nextAdmit);
        }
    }

    private void valueStage(int k, double start) {
        if (!p.active(k)) {
            schedule(Math.max(start, now), DONE, k);
            return;
        }
        double t = start;
        int cycles = w.valueTopKCycles(k);
        if (cycles > 0) {
            double s = Math.max(start, valueTopKFree);
            valueTopKFree = s + cycles;
            t = valueTopKFree;
            actions.topkComparatorCycles += (long) cycles * topkParallelism;
        }
        t = Math.max(t, lastValueReady);
        lastValueReady = t;
        schedule(Math.max(t, now), VALUE_READY, k);
    }

    private void tryAdmitValues() {
        while (queueHead < queueTail) {
            int k = valueQueue[queueHead];
            int l = p.fetch.leader(k);
            if (l != k) {
                if (!valuesDoneKnown[l]) {
                    return;
                }
                queueHead++;
                double t = Math.max(valuesDone[l], now);
                int rows = w.keptValues(k);
                double end = rows > 0 ? products(rows, t, t) : t;
                schedule(Math.max(end, now), DONE, k);
                continue;
            }
            int rows = p.fetch.valueRows(k);
            if (rows == 0) {
                queueHead++;
                schedule(now, DONE, k);
                continue;
            }
            int need = Math.min(rows, valueCapacity);
            if (need > freeValueRows) {
                return;
            }
            freeValueRows -= need;
            queueHead++;
            long bytes = (long) rows * p.fetch.valueStride(k);
            double s = serve(bytes);
            actions.convertedBytes += bytes;
            actions.valueBufferWriteBytes += bytes;
            double last = fetchFree + latency + CONVERTER_LATENCY;
            double first = s + latency + (double) Math.min(rows, vpc) * p.fetch.valueStride(k) / bytesPerCycle + CONVERTER_LATENCY;
            double end = products(rows, first, last);
            valuesDone[k] = last;
            schedule(last, VALUES_DONE, k);
            schedule(Math.max(end, last), DONE, k);
        }
    }

    /** Prob×V over {@code rows} value rows arriving from {@code first} to {@code last}; returns the last result. */
    private double products(int rows, double first, double last) {
        int groups = (rows + vpc - 1) / vpc;
        double lastStart = Math.max(Math.max(pvFree, first) + groups - 1, last);
        pvFree = lastStart + 1;
        actions.pvMacs += (long) rows * p.headDim;
        actions.valueBufferReadBytes += (long) rows * readBytesPerRow;
        return lastStart + pvLatency;
    }

    private void done(int j) {
        doneKnown[j] = true;
        doneTime[j] = now;
        tasksDone++;
        int l = p.fetch.leader(j);
        if (--membersNotDone[l] == 0 && p.active(l) && p.fetch.valueRows(l) > 0) {
            freeValueRows += Math.min(p.fetch.valueRows(l), valueCapacity);
            tryAdmitValues();
        }
        if (nextAdmit < n && needsGate(nextAdmit)) {
            requestGate(nextAdmit);
        }
    }

    // ---- event heap ----

    private void schedule(double time, int type, int task) {
        if (evSize == evTime.length) {
            int c = evSize * 2;
            evTime = Arrays.copyOf(evTime, c);
            evSeq = Arrays.copyOf(evSeq, c);
            evPayload = Arrays.copyOf(evPayload, c);
        }
        int i = evSize++;
        long s = seq++;
        int payload = type << 28 | task;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(time, s, evTime[parent], evSeq[parent])) {
                break;
            }
            evTime[i] = evTime[parent];
            evSeq[i] = evSeq[parent];
            evPayload[i] = evPayload[parent];
            i = parent;
        }
        evTime[i] = time;
        evSeq[i] = s;
        evPayload[i] = payload;
    }

    private static boolean before(double t1, long s1, double t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void pop() {
        int last = --evSize;
        double t = evTime[last];
        long s = evSeq[last];
        int pl = evPayload[last];
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= evSize) {
                break;
            }
            if (c + 1 < evSize && before(evTime[c + 1], evSeq[c + 1], evTime[c], evSeq[c])) {
                c++;
            }
            if (!before(evTime[c], evSeq[c], t, s)) {
                break;
            }
            evTime[i] = evTime[c];
            evSeq[i] = evSeq[c];
            evPayload[i] = evPayload[c];
            i = c;
        }
        if (evSize > 0) {
            evTime[i] = t;
            evSeq[i] = s;
            evPayload[i] = pl;
        }
    }
}
