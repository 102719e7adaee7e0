package org.spattensim.memory.dram.controller;

import java.util.Arrays;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramListener;
import org.spattensim.memory.dram.DramTiming;
import org.spattensim.memory.dram.LatencyHistogram;
import org.spattensim.memory.dram.PagePolicy;
import org.spattensim.memory.dram.command.CommandLog;
import org.spattensim.memory.dram.command.DramCommand;

/**
 * FR-FCFS controller of one (pseudo-)channel: bounded read and write queues, write drain between watermarks,
 * all-bank refresh every tREFI, at most one command per cycle on the command bus.
 *
 * <p>Timing is kept as "earliest cycle" registers per bank, per bank group and per rank, raised when a command
 * issues (the Ramulator 2 style); the earliest cycle of a request's next command is the maximum of the
 * registers that apply. Because state changes only when a command issues, a request arrives or a refresh
 * falls due, the controller jumps from one such cycle to the next and never visits idle cycles.
 *
 * <p>Scheduling at a cycle: first a request whose ACT has issued and whose column command is ready, whatever the
 * write-drain mode; no PRE closes a bank such a request waits on (Ramulator 2's active buffer, [R20]
 * generic_dram_controller.cpp schedule_request 2.1 and 2.3: without it a write drain closes rows reads just opened);
 * then a due refresh of a rank (PREA when banks are open, then REF; the rank takes no other command meanwhile); then,
 * in the active queue (writes while draining, else reads), the oldest request whose column command (row hit) is
 * ready; else the oldest whose ACT or PRE is ready.
 */
public final class ChannelController extends EventDrivenChannel {
    private static final long NEVER = Long.MAX_VALUE / 4;
    private static final long LONG_AGO = -(1L << 40);

    private final int unit;
    private final int nBL, nCL, nCWL, nRCD, nRCDWR, nRP, nRAS, nRC, nRTP, nRRDS, nRRDL, nFAW, nRFC, nREFI, nRTRS;
    private final int ccdS, ccdL, rdToWr, wrToRdS, wrToRdL, wrToPre;
    private final int ranks, bankGroups, banksPerGroup, banksPerRank, nBanks;
    private final int rankShift, groupShift;
    private final boolean closedPage;
    private final int writeHigh, writeLow;

    private final int[] openRow;
    private final long[] actReady, preReady, rdReady, wrReady;
    private final long[] bgActReady, bgRdReady, bgWrReady;
    private final long[] rankActReady, rankRdReady, rankWrReady;
    private final long[] fawWindow;
    /**
     * Per bank, the bank and bank-group part of the earliest RD, WR and row command (PRE when a row is open,
     * else ACT); the rank part is added during the scan. Recomputed whenever a register they read changes.
     */
    private final long[] bankRdReady, bankWrReady, bankRowReady;
    /** Per rank, the earliest ACT by tRRD_S and tFAW (both change only when an ACT issues). */
    private final long[] rankActFawReady;
    /** Earliest completion of an issued request (NEVER if none). */
    private long nextDone = Long.MAX_VALUE;
    private final int[] fawPos;
    private final long[] refDue;
    /** Earliest refDue of a rank without a pending refresh (NEVER if all are pending). */
    private long nextRefDue;
    private final boolean[] refPending;
    private int refPendingCount;

    private final RequestQueue readQ, writeQ;
    /** Per bank: 0, or 1 / 2 when the read / write queue's request that opened its row has not been served yet. */
    private final byte[] activated;
    private int activatedCount;
    private boolean writeMode;
    private final CompletionRing readDone, writeDone;

    private long nextSeq;

    private final LatencyHistogram latency;
    private DramListener listener;
    private CommandLog log;

    private long reads, writes, activates, precharges, refreshes, rowHits, rowMisses, rowConflicts;

    public ChannelController(int unit, DramConfig config, LatencyHistogram latency, DramListener listener) {
        this.unit = unit;
        DramTiming t = config.timing();
        nBL = t.nBL();
        nCL = t.nCL();
        nCWL = t.nCWL();
        nRCD = t.nRCD();
        nRCDWR = t.nRCDWR();
        nRP = t.nRP();
        nRAS = t.nRAS();
        nRC = t.nRC();
        nRTP = t.nRTP();
        nRRDS = t.nRRDS();
        nRRDL = t.nRRDL();
        nFAW = t.nFAW();
        nRFC = t.nRFC();
        nREFI = t.nREFI();
        nRTRS = t.nRTRS();
        ccdS = t.ccdS();
        ccdL = t.ccdL();
        rdToWr = t.readToWrite();
        wrToRdS = t.writeToReadS();
        wrToRdL = t.writeToReadL();
        wrToPre = t.writeToPrecharge();
        ranks = config.organization().ranks();
        bankGroups = config.organization().bankGroups();
        banksPerGroup = config.organization().banksPerGroup();
        banksPerRank = bankGroups * banksPerGroup;
        nBanks = ranks * banksPerRank;
        rankShift = Integer.numberOfTrailingZeros(banksPerRank);
        groupShift = Integer.numberOfTrailingZeros(banksPerGroup);
        closedPage = config.controller().pagePolicy() == PagePolicy.CLOSED;

        openRow = new int[nBanks];
        Arrays.fill(openRow, -1);
        actReady = new long[nBanks];
        preReady = new long[nBanks];
        rdReady = new long[nBanks];
        wrReady = new long[nBanks];
        bgActReady = new long[ranks * bankGroups];
        bgRdReady = new long[ranks * bankGroups];
        bgWrReady = new long[ranks * bankGroups];
        rankActReady = new long[ranks];
        rankRdReady = new long[ranks];
        rankWrReady = new long[ranks];
        bankRdReady = new long[nBanks];
        bankWrReady = new long[nBanks];
        bankRowReady = new long[nBanks];
        fawWindow = new long[ranks * 4];
        Arrays.fill(fawWindow, LONG_AGO);
        rankActFawReady = new long[ranks];
        for (int r = 0; r < ranks; r++) {
            rankActFawReady[r] = Math.max(rankActReady[r], fawWindow[r * 4] + nFAW);
        }
        fawPos = new int[ranks];
        refDue = new long[ranks];
        Arrays.fill(refDue, nREFI);
        nextRefDue = nREFI;
        refPending = new boolean[ranks];

        activated = new byte[nBanks];
        readQ = new RequestQueue(config.controller().readQueueSize(), openRow);
        writeQ = new RequestQueue(config.controller().writeQueueSize(), openRow);
        int wq = config.controller().writeQueueSize();
        writeHigh = (int) Math.floor(config.controller().writeHighWatermark() * wq);
        writeLow = (int) Math.ceil(config.controller().writeLowWatermark() * wq);
        readDone = new CompletionRing(nCL + nBL + 2);
        writeDone = new CompletionRing(nCWL + nBL + 2);
        this.latency = latency;
        this.listener = listener;
        schedAt = nREFI;
    }

    public void setListener(DramListener l) {
        listener = l;
    }

    public void setCommandLog(CommandLog l) {
        log = l;
    }


    public boolean canAccept(boolean write) {
        return !(write ? writeQ : readQ).full();
    }

    /** Queued requests (not yet issued). */
    public int queued() {
        return readQ.size + writeQ.size;
    }

    /** Queued plus issued requests whose data has not yet completed. */
    public int pending() {
        return readQ.size + writeQ.size + readDone.size() + writeDone.size();
    }

    /**
     * Adds a request at the current cycle ({@link #now()}); the caller has checked {@link #canAccept(boolean)}.
     *
     * @param flatBank bank index within this channel: (rank x bankGroups + bankGroup) x banksPerGroup + bank
     */
    @Override
    public void enqueue(long id, boolean write, int pseudoChannel, int flatBank, int row, int column) {
        enqueue(id, write, flatBank, row, column);
    }

    public void enqueue(long id, boolean write, int flatBank, int row, int column) {
        RequestQueue q = write ? writeQ : readQ;
        if (q.full()) {
            throw new IllegalStateException("queue full: check canAccept first");
        }
        int s = q.add(id, now, nextSeq++, flatBank, row, column);
        if (schedAt <= now) {
            return;
        }
        // schedAt > now means the last scheduling pass issued nothing and schedAt is the earliest cycle any
        // candidate becomes ready. A pass now would change something only if the write-drain mode flips or
        // this request is a new candidate of the active queue; otherwise it can be skipped.
        if (drainModeWouldFlip()) {
            schedAt = now;
            return;
        }
        if (write != writeMode || refPending[flatBank >>> rankShift]) {
            return;
        }
        long e;
        if (q.hitSlot[flatBank] == s) {
            e = columnReady(flatBank, write);
        } else if (q.missSlot[flatBank] == s) {
            e = rowCommandReady(flatBank);
        } else {
            return;
        }
        if (e < schedAt) {
            schedAt = Math.max(e, now);
        }
    }

    private boolean drainModeWouldFlip() {
        if (!writeMode) {
            return writeQ.size > writeHigh || (readQ.size == 0 && writeQ.size > 0);
        }
        return writeQ.size < writeLow && readQ.size > 0 || writeQ.size == 0;
    }

    /** Earliest cycle of a column command to bank k's open row. */
    private long columnReady(int k, boolean write) {
        int r = k >>> rankShift;
        return write ? Math.max(bankWrReady[k], rankWrReady[r]) : Math.max(bankRdReady[k], rankRdReady[r]);
    }

    /** Earliest cycle of the ACT (bank closed) or PRE (other row open) that bank k's oldest miss needs. */
    private long rowCommandReady(int k) {
        if (openRow[k] >= 0) {
            return bankRowReady[k];
        }
        int r = k >>> rankShift;
        return Math.max(bankRowReady[k], rankActFawReady[r]);
    }

    private void updateBank(int k) {
        int g = k >>> groupShift;
        bankRdReady[k] = Math.max(rdReady[k], bgRdReady[g]);
        bankWrReady[k] = Math.max(wrReady[k], bgWrReady[g]);
        bankRowReady[k] = openRow[k] >= 0 ? preReady[k] : Math.max(actReady[k], bgActReady[g]);
    }

    /** After a column command: only the group's column registers and the bank's row registers changed. */
    private void updateGroupColumns(int g) {
        int base = g << groupShift;
        long rd = bgRdReady[g];
        long wr = bgWrReady[g];
        for (int k = base; k < base + banksPerGroup; k++) {
            bankRdReady[k] = Math.max(rdReady[k], rd);
            bankWrReady[k] = Math.max(wrReady[k], wr);
        }
    }

    private void updateGroup(int g) {
        int base = g << groupShift;
        for (int k = base; k < base + banksPerGroup; k++) {
            updateBank(k);
        }
    }

    /** Earliest cycle at which this controller acts: issues a command, completes a request or starts a refresh. */
    public long nextEventCycle() {
        return Math.min(schedAt, nextDone);
    }


    @Override
    protected void completeDue() {
        while (nextDone <= now) {
            long r = readDone.headDone();
            long w = writeDone.headDone();
            CompletionRing ring;
            boolean write;
            long done;
            if (r <= w) {
                ring = readDone;
                write = false;
                done = r;
            } else {
                ring = writeDone;
                write = true;
                done = w;
            }
            long id = ring.headId();
            latency.record(done - ring.headArrival(), done);
            ring.pop();
            nextDone = Math.min(readDone.headDone(), writeDone.headDone());
            listener.completed(id, write, done);
        }
    }

    @Override
    protected void schedule() {
        long next = NEVER;
        if (activatedCount > 0) {
            // Requests whose ACT issued are served first, in age order, whatever the mode (Ramulator 2 rule).
            long best = RequestQueue.NONE;
            int bestBank = -1;
            for (int k = 0; k < nBanks; k++) {
                if (activated[k] == 0) {
                    continue;
                }
                boolean w = activated[k] == 2;
                RequestQueue aq = w ? writeQ : readQ;
                long e = columnReady(k, w);
                if (e <= now) {
                    if (aq.hitSeq[k] < best) {
                        best = aq.hitSeq[k];
                        bestBank = k;
                    }
                } else {
                    next = Math.min(next, e);
                }
            }
            if (bestBank >= 0) {
                boolean w = activated[bestBank] == 2;
                RequestQueue aq = w ? writeQ : readQ;
                issueColumn(aq, aq.hitSlot[bestBank], w);
                schedAt = now + 1;
                return;
            }
        }
        if (refPendingCount == 0 && now < nextRefDue) {
            next = Math.min(next, nextRefDue);
        } else {
            long r = scheduleRefresh();
            if (r < 0) {
                return;
            }
            next = Math.min(next, r);
        }
        // Write drain with hysteresis (Ramulator 2 generic controller rule).
        if (!writeMode) {
            if (writeQ.size > writeHigh || (readQ.size == 0 && writeQ.size > 0)) {
                writeMode = true;
            }
        } else if (writeQ.size < writeLow && readQ.size > 0 || writeQ.size == 0) {
            writeMode = false;
        }
        RequestQueue q = writeMode ? writeQ : readQ;
        boolean write = writeMode;
        long bestHit = RequestQueue.NONE;
        long bestRow = RequestQueue.NONE;
        int bestHitBank = -1;
        int bestRowBank = -1;
        final long[] hitSeq = q.hitSeq;
        final long[] missSeq = q.missSeq;
        final long[] occupied = q.occupied;
        // Only banks with queued requests; the result (oldest ready hit, oldest ready miss, earliest future
        // ready cycle) does not depend on the visiting order.
        for (int w = 0; w < occupied.length; w++) {
            long bits = occupied[w];
            while (bits != 0) {
                int k = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int r = k >>> rankShift;
                if (refPendingCount > 0 && refPending[r]) {
                    continue;
                }
                long h = hitSeq[k];
                if (h != RequestQueue.NONE) {
                    long e = columnReady(k, write);
                    if (e <= now) {
                        if (h < bestHit) {
                            bestHit = h;
                            bestHitBank = k;
                        }
                    } else if (e < next) {
                        next = e;
                    }
                }
                long m = missSeq[k];
                if (m != RequestQueue.NONE && m < bestRow && activated[k] == 0) {
                    long e = rowCommandReady(k);
                    if (e <= now) {
                        bestRow = m;
                        bestRowBank = k;
                    } else if (e < next) {
                        next = e;
                    }
                }
            }
        }
        if (bestHit != RequestQueue.NONE) {
            issueColumn(q, q.hitSlot[bestHitBank], write);
            schedAt = probeNext();
            return;
        }
        if (bestRow != RequestQueue.NONE) {
            int i = q.missSlot[bestRowBank];
            if (openRow[bestRowBank] < 0) {
                issueActivate(q, i);
            } else {
                issuePrecharge(q, i);
            }
            schedAt = probeNext();
            return;
        }
        schedAt = next;
    }

    /**
     * After a command issued at {@link #now}: the next cycle a pass can issue, or a lower bound of it. Exactly what the
     * pass at now + 1 would find and keep in {@link #schedAt} when it issues nothing, computed now, so the passes
     * in between (one after nearly every column command: the next one waits tCCD) are not run. Readiness changes
     * only when a command issues, and the cases a pass would handle differently (activated rows served first, a
     * refresh due or pending, the write-drain mode about to flip) return now + 1 and leave it to that pass; a
     * request that arrives meanwhile lowers {@code schedAt} in {@link #enqueue}, as after a pass that found nothing.
     */
    private long probeNext() {
        long t = now + 1;
        if (activatedCount > 0 || refPendingCount > 0 || nextRefDue <= t || drainModeWouldFlip()) {
            return t;
        }
        RequestQueue q = writeMode ? writeQ : readQ;
        long next = nextRefDue;
        for (int w = 0; w < q.occupied.length; w++) {
            for (long bits = q.occupied[w]; bits != 0; bits &= bits - 1) {
                int k = (w << 6) + Long.numberOfTrailingZeros(bits);
                if (q.hitSeq[k] != RequestQueue.NONE) {
                    next = Math.min(next, columnReady(k, writeMode));
                }
                if (q.missSeq[k] != RequestQueue.NONE) {
                    next = Math.min(next, rowCommandReady(k));
                }
                if (next <= t) {
                    return t;
                }
            }
        }
        return next;
    }

    /**
     * Refresh: falls due every tREFI per rank; a due rank is closed (PREA) and refreshed before anything else.
     * Returns -1 when a PREA or REF issued, else the earliest cycle a refresh acts (due or its PREA/REF ready).
     */
    private long scheduleRefresh() {
        long next = NEVER;
        for (int r = 0; r < ranks; r++) {
            if (!refPending[r]) {
                if (now >= refDue[r]) {
                    refPending[r] = true;
                    refPendingCount++;
                    refDue[r] += nREFI;
                } else {
                    next = Math.min(next, refDue[r]);
                }
            }
        }
        if (refPendingCount > 0) {
            for (int r = 0; r < ranks; r++) {
                if (!refPending[r]) {
                    continue;
                }
                boolean anyOpen = false;
                boolean waits = false;
                long preaAt = 0;
                long refAt = 0;
                int base = r * banksPerRank;
                for (int k = base; k < base + banksPerRank; k++) {
                    if (openRow[k] >= 0) {
                        anyOpen = true;
                        preaAt = Math.max(preaAt, preReady[k]);
                    }
                    refAt = Math.max(refAt, actReady[k]);
                    waits |= activated[k] != 0;
                }
                if (waits) {
                    // The PREA waits until the activated requests of the rank are served (their turn comes first).
                    continue;
                }
                long at = anyOpen ? preaAt : refAt;
                if (at <= now) {
                    if (anyOpen) {
                        issuePrechargeAll(r);
                    } else {
                        issueRefresh(r);
                    }
                    schedAt = now + 1;
                    return -1;
                }
                next = Math.min(next, at);
            }
        }
        updateNextRefDue();
        return next;
    }

    private void updateNextRefDue() {
        long d = NEVER;
        for (int r = 0; r < ranks; r++) {
            if (!refPending[r]) {
                d = Math.min(d, refDue[r]);
            }
        }
        nextRefDue = d;
    }

    private void record(DramCommand c, int k, int row, int col) {
        if (log != null) {
            int r = (k >>> rankShift);
            int inRank = (k & (banksPerRank - 1));
            log.record(now, c, unit, r, (inRank >>> groupShift), (inRank & (banksPerGroup - 1)), row, col);
        }
    }

    private void issueActivate(RequestQueue q, int i) {
        int k = q.bank[i];
        int r = (k >>> rankShift);
        int g = (k >>> groupShift);
        int row = q.row[i];
        openRow[k] = row;
        actReady[k] = Math.max(actReady[k], now + nRC);
        rdReady[k] = now + nRCD;
        wrReady[k] = now + nRCDWR;
        preReady[k] = Math.max(preReady[k], now + nRAS);
        bgActReady[g] = Math.max(bgActReady[g], now + nRRDL);
        rankActReady[r] = Math.max(rankActReady[r], now + nRRDS);
        fawWindow[r * 4 + fawPos[r]] = now;
        fawPos[r] = (fawPos[r] + 1) & 3;
        rankActFawReady[r] = Math.max(rankActReady[r], fawWindow[r * 4 + fawPos[r]] + nFAW);
        updateGroup(g);
        activates++;
        if (!q.classified[i]) {
            q.classified[i] = true;
            rowMisses++;
        }
        record(DramCommand.ACT, k, row, -1);
        readQ.refreshBank(k);
        writeQ.refreshBank(k);
        activated[k] = (byte) (q == writeQ ? 2 : 1);
        activatedCount++;
    }

    private void issuePrecharge(RequestQueue q, int i) {
        int k = q.bank[i];
        record(DramCommand.PRE, k, openRow[k], -1);
        openRow[k] = -1;
        actReady[k] = Math.max(actReady[k], now + nRP);
        updateBank(k);
        precharges++;
        if (!q.classified[i]) {
            q.classified[i] = true;
            rowConflicts++;
        }
        readQ.refreshBank(k);
        writeQ.refreshBank(k);
    }

    private void issuePrechargeAll(int r) {
        int base = r * banksPerRank;
        for (int k = base; k < base + banksPerRank; k++) {
            if (openRow[k] >= 0) {
                openRow[k] = -1;
                actReady[k] = Math.max(actReady[k], now + nRP);
                precharges++;
            }
        }
        for (int k = base; k < base + banksPerRank; k++) {
            updateBank(k);
            readQ.refreshBank(k);
            writeQ.refreshBank(k);
        }
        if (log != null) {
            log.record(now, DramCommand.PREA, unit, r, -1, -1, -1, -1);
        }
    }

    private void issueRefresh(int r) {
        int base = r * banksPerRank;
        for (int k = base; k < base + banksPerRank; k++) {
            actReady[k] = Math.max(actReady[k], now + nRFC);
            updateBank(k);
        }
        refPending[r] = false;
        refPendingCount--;
        updateNextRefDue();
        refreshes++;
        if (log != null) {
            log.record(now, DramCommand.REF, unit, r, -1, -1, -1, -1);
        }
    }

    private void issueColumn(RequestQueue q, int i, boolean write) {
        int k = q.bank[i];
        int r = (k >>> rankShift);
        int g = (k >>> groupShift);
        // Entry i hits the open row, so no other queued request hits it when the banks' hit counts sum to one.
        boolean auto = closedPage && readQ.hits(k) + writeQ.hits(k) == 1;
        if (write) {
            bgWrReady[g] = Math.max(bgWrReady[g], now + ccdL);
            bgRdReady[g] = Math.max(bgRdReady[g], now + wrToRdL);
            for (int o = 0; o < ranks; o++) {
                if (o == r) {
                    rankWrReady[o] = Math.max(rankWrReady[o], now + ccdS);
                    rankRdReady[o] = Math.max(rankRdReady[o], now + wrToRdS);
                } else {
                    rankWrReady[o] = Math.max(rankWrReady[o], now + nBL + nRTRS);
                    rankRdReady[o] = Math.max(rankRdReady[o], now + nCWL + nBL + nRTRS - nCL);
                }
            }
            preReady[k] = Math.max(preReady[k], now + wrToPre);
            writes++;
            writeDone.push(q.id[i], q.arrival[i], now + nCWL + nBL);
        } else {
            bgRdReady[g] = Math.max(bgRdReady[g], now + ccdL);
            bgWrReady[g] = Math.max(bgWrReady[g], now + Math.max(ccdL, rdToWr));
            for (int o = 0; o < ranks; o++) {
                if (o == r) {
                    rankRdReady[o] = Math.max(rankRdReady[o], now + ccdS);
                    rankWrReady[o] = Math.max(rankWrReady[o], now + Math.max(ccdS, rdToWr));
                } else {
                    rankRdReady[o] = Math.max(rankRdReady[o], now + nBL + nRTRS);
                    rankWrReady[o] = Math.max(rankWrReady[o], now + nCL + nBL + nRTRS - nCWL);
                }
            }
            preReady[k] = Math.max(preReady[k], now + nRTP);
            reads++;
            readDone.push(q.id[i], q.arrival[i], now + nCL + nBL);
        }
        if (!q.classified[i]) {
            rowHits++;
        }
        if (activated[k] == (write ? 2 : 1)) {
            // The queue's oldest hit in the bank is the request that opened the row.
            activated[k] = 0;
            activatedCount--;
        }
        DramCommand c = write ? (auto ? DramCommand.WRA : DramCommand.WR) : (auto ? DramCommand.RDA : DramCommand.RD);
        record(c, k, q.row[i], q.column[i]);
        q.remove(i);
        if (auto) {
            // The device precharges itself as soon as tRAS and tRTP / write recovery allow.
            long preAt = preReady[k];
            openRow[k] = -1;
            actReady[k] = Math.max(actReady[k], preAt + nRP);
            precharges++;
            readQ.refreshBank(k);
            writeQ.refreshBank(k);
        }
        updateGroupColumns(g);
        bankRowReady[k] = openRow[k] >= 0 ? preReady[k] : Math.max(actReady[k], bgActReady[g]);
        nextDone = Math.min(readDone.headDone(), writeDone.headDone());
    }

    public int unit() {
        return unit;
    }

    public long reads() {
        return reads;
    }

    public long writes() {
        return writes;
    }

    public long activates() {
        return activates;
    }

    public long precharges() {
        return precharges;
    }

    public long refreshes() {
        return refreshes;
    }

    public long rowHits() {
        return rowHits;
    }

    public long rowMisses() {
        return rowMisses;
    }

    public long rowConflicts() {
        return rowConflicts;
    }
}
