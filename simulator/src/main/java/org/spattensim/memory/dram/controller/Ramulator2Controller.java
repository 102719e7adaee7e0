package org.spattensim.memory.dram.controller;

import java.util.Arrays;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramListener;
import org.spattensim.memory.dram.DramTiming;
import org.spattensim.memory.dram.LatencyHistogram;
import org.spattensim.memory.dram.command.CommandLog;
import org.spattensim.memory.dram.command.DramCommand;

/**
 * One channel as Ramulator 2.0 simulates it for the SpAtten release ({@code ControllerModel.RAMULATOR2}).
 *
 * <p>Sources, [R20] = CMU-SAFARI/ramulator2 @be93be7: {@code generic_dram_controller.cpp} (the tick: serve at
 * most one finished read, then schedule one command; active buffer first, then the read or write buffer by
 * the write-drain watermarks; a PRE that would close the bank of an active-buffer request is held back; a
 * request moves to the active buffer when its ACT issues), {@code generic_scheduler.cpp} (FRFCFS: the oldest
 * request whose next command is ready, without row-hit priority) and {@code dram/impl/HBM2.cpp} (the timing
 * table: a 2-cycle ACT blocking the channel's next ACT/PRE; tRRD, tFAW, the data-bus burst nBL, tCCD_S and the
 * read/write turnarounds per pseudo-channel; tCCD_L, tRRD_L and tWTR_L per bank group; tRC, tRCD, tRAS, tRP,
 * tRTP and write recovery per bank; read latency nCL + nBL). A read that matches a queued write is forwarded
 * and departs the next cycle (as in the controller's {@code send}). No refresh is issued: Ramulator 2.0's
 * all-bank refresh manager loops over a rank level its HBM2 model does not have (shared reference notes).
 * Writes complete at WR + nCWL + nBL (Ramulator 2.0 gives writes no completion; our assumption).
 *
 * <p>Cycle convention: a request enqueued at cycle t can issue its first command at t, so an idle row hit
 * completes at t + nCL + nBL. This reproduces Ramulator 2.0's idle latencies as its external frontend reports
 * them (11 / 18 / 25 cycles for a hit / miss / conflict on HBM2_2Gbps).
 *
 * <p>Time skips: the controller acts at the cycles a command can issue or a read completes; between them
 * nothing changes, because a request's next command and readiness depend only on issued commands.
 */
public final class Ramulator2Controller extends EventDrivenChannel {
    private static final int ACT = 0;
    private static final int PRE = 1;
    private static final int RD = 2;
    private static final int WR = 3;
    private static final int NCMD = 4;
    private static final long NEVER = Long.MAX_VALUE / 4;
    private static final long LONG_AGO = -(1L << 40);
    /** [R20] HBM2.cpp: ACT occupies two cycles of the channel's row-command bus. */
    private static final int ACT_CYCLES = 2;
    /** [R20] base/request.h: ReqBuffer's default max_size, which the generic controller never changes for its active buffer. */
    private static final int ACTIVE_MAX_SIZE = 32;

    /**
     * Requests a Ramulator 2.0 buffer of {@code maxSize} holds: [R20] base/request.h {@code ReqBuffer::enqueue} accepts
     * while {@code buffer.size() <= max_size}, so one more than its size. Under load this is one more request queued
     * ahead of each arrival (about one service interval of latency on the reference streams). The write-drain
     * watermarks still scale with max_size ({@code set_write_mode}).
     */
    private static int heldBy(int maxSize) {
        return maxSize + 1;
    }

    private final int unit;
    private final int pcs;
    private final int bankGroups;
    private final int banksPerGroup;
    private final int nBL, nCL, nCWL, nRCD, nRCDWR, nRP, nRAS, nRC, nRTP, nCCDS, nCCDL, nRRDS, nRRDL, nFAW;
    private final int rdToWr, wrToRdS, wrToRdL, wrToPre;
    private final int writeHighCount;
    private final int writeLowCount;
    private final int writeCapacity;

    private final long[] chReady = new long[NCMD];
    /* Earliest issue cycle per (pseudo channel | bank group | bank, command), flat: index x NCMD + command. */
    private final long[] pcReady;
    private final long[] bgReady;
    private final long[] bankReady;
    private final long[][] fawHistory;
    private final int[] fawPos;
    private final int[] openRow;
    /** Bank group of each bank (k / banksPerGroup), looked up rather than divided on the hot path. */
    private final int[] groupOf;

    private final Buffer readBuf;
    private final Buffer writeBuf;
    private final Buffer activeBuf;
    private boolean writeMode;

    /** Reads whose RD issued (or forwarded), in issue order: Ramulator's {@code pending} deque. */
    private final Ring readPending;
    private final Ring writePending;
    private long lastServed = LONG_AGO;
    /** The next cycle a request completes, recomputed ({@link #nextCompletion}) whenever the pending rings or {@link #lastServed} change. */
    private long nextDone = NEVER;


    private final LatencyHistogram latency;
    private DramListener listener;
    private CommandLog log;
    private long reads, writes, activates, precharges, rowHits, rowMisses, rowConflicts;

    public Ramulator2Controller(int unit, DramConfig config, LatencyHistogram latency, DramListener listener) {
        this.unit = unit;
        schedAt = NEVER;
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
        nCCDS = t.nCCDS();
        nCCDL = t.nCCDL();
        nRRDS = t.nRRDS();
        nRRDL = t.nRRDL();
        nFAW = t.nFAW();
        rdToWr = t.readToWrite();
        wrToRdS = t.writeToReadS();
        wrToRdL = t.writeToReadL();
        wrToPre = t.writeToPrecharge();
        pcs = config.organization().pseudoChannels();
        bankGroups = config.organization().bankGroups();
        banksPerGroup = config.organization().banksPerGroup();
        int groups = pcs * bankGroups;
        int banks = groups * banksPerGroup;
        pcReady = new long[pcs * NCMD];
        bgReady = new long[groups * NCMD];
        bankReady = new long[banks * NCMD];
        fawHistory = new long[pcs][4];
        for (long[] h : fawHistory) {
            Arrays.fill(h, LONG_AGO);
        }
        fawPos = new int[pcs];
        openRow = new int[banks];
        groupOf = new int[banks];
        for (int k = 0; k < banks; k++) {
            groupOf[k] = k / banksPerGroup;
        }
        Arrays.fill(openRow, -1);
        int rq = config.controller().readQueueSize();
        writeCapacity = config.controller().writeQueueSize();
        readBuf = new Buffer(heldBy(rq), true);
        writeBuf = new Buffer(heldBy(writeCapacity), true);
        activeBuf = new Buffer(heldBy(ACTIVE_MAX_SIZE), false);
        // [R20] set_write_mode compares buffer sizes with watermark x max_size as floats.
        writeHighCount = (int) Math.floor(config.controller().writeHighWatermark() * writeCapacity);
        writeLowCount = (int) Math.ceil(config.controller().writeLowWatermark() * writeCapacity);
        readPending = new Ring(heldBy(rq) + heldBy(writeCapacity) + heldBy(ACTIVE_MAX_SIZE) + 4);
        writePending = new Ring(heldBy(writeCapacity) + heldBy(ACTIVE_MAX_SIZE) + 4);
        this.latency = latency;
        this.listener = listener;
    }

    /**
     * Request buffer in arrival order ([R20] ReqBuffer, a list appended at the back). A request keeps its slot in
     * the parallel arrays until it leaves; {@code ord} lists the slots in buffer order, so a removal shifts one int
     * array instead of every field.
     */
    private static final class Buffer {
        final long[] id;
        final long[] arrive;
        final int[] pc;
        final int[] bank;
        final int[] row;
        final int[] col;
        final boolean[] write;
        final boolean[] classified;
        /**
         * The buffer as runs of consecutive requests with one bank, row and direction: such requests need the same next
         * command and are ready at the same cycle, so a scan looks at each run's first request only. Run j starts with
         * the request in slot {@code runHead[j]} and has {@code runLen[j]} requests. Two equal runs that become adjacent
         * by a removal stay two runs (still exact, only not minimal). Stored from index {@code r0}.
         */
        final int[] runHead;
        final int[] runLen;
        int r0;
        int runs;
        /**
         * Slots in buffer order from index {@code o}: position i holds the slot of the i-th request. Both this and the
         * runs have twice the buffer's capacity, so that the common removal, the oldest, moves a start index instead of
         * shifting the array; they are moved down when their end is reached.
         */
        final int[] ord;
        int o;
        private final int[] free;
        private int freeTop;
        /** True when requests are appended in arrival order (read and write buffers; not the active one). */
        final boolean arrivalOrdered;
        int size;
        /** After a {@code best} that found no ready request: the earliest cycle one of them is ready. */
        long earliest;

        Buffer(int capacity, boolean arrivalOrdered) {
            this.arrivalOrdered = arrivalOrdered;
            id = new long[capacity];
            arrive = new long[capacity];
            pc = new int[capacity];
            bank = new int[capacity];
            row = new int[capacity];
            col = new int[capacity];
            write = new boolean[capacity];
            classified = new boolean[capacity];
            runHead = new int[2 * capacity];
            runLen = new int[2 * capacity];
            ord = new int[2 * capacity];
            free = new int[capacity];
            for (int k = 0; k < capacity; k++) {
                free[k] = capacity - 1 - k;
            }
            freeTop = capacity;
        }

        boolean full() {
            return size == id.length;
        }

        /** Appends a request; returns its slot. */
        int add(long i, long a, int p, int b, int r, int c, boolean w, boolean cl) {
            int s = free[--freeTop];
            id[s] = i;
            arrive[s] = a;
            pc[s] = p;
            bank[s] = b;
            row[s] = r;
            col[s] = c;
            write[s] = w;
            classified[s] = cl;
            if (o + size == ord.length) {
                System.arraycopy(ord, o, ord, 0, size);
                o = 0;
            }
            ord[o + size++] = s;
            if (runs > 0) {
                int h = runHead[r0 + runs - 1];
                if (bank[h] == b && row[h] == r && write[h] == w) {
                    runLen[r0 + runs - 1]++;
                    return s;
                }
            }
            if (r0 + runs == runHead.length) {
                System.arraycopy(runHead, r0, runHead, 0, runs);
                System.arraycopy(runLen, r0, runLen, 0, runs);
                r0 = 0;
            }
            runHead[r0 + runs] = s;
            runLen[r0 + runs] = 1;
            runs++;
            return s;
        }

        /** The slot of the request at position i. */
        int slotAt(int i) {
            return ord[o + i];
        }

        /** Appends the request in slot {@code s} of this buffer to {@code to}. */
        void copyTo(int s, Buffer to) {
            to.add(id[s], arrive[s], pc[s], bank[s], row[s], col[s], write[s], classified[s]);
        }

        /** Removes the request at position {@code i}, keeping the others' order. */
        void remove(int i) {
            int s = ord[o + i];
            int j = r0;
            int start = 0;
            while (i >= start + runLen[j]) {
                start += runLen[j++];
            }
            if (--runLen[j] == 0) {
                if (j == r0) {
                    r0++;
                } else {
                    System.arraycopy(runHead, j + 1, runHead, j, r0 + runs - j - 1);
                    System.arraycopy(runLen, j + 1, runLen, j, r0 + runs - j - 1);
                }
                runs--;
            } else if (i == start) {
                runHead[j] = ord[o + i + 1]; // the rest of the run starts at the next position
            }
            free[freeTop++] = s;
            if (i == 0) {
                o++;
            } else {
                System.arraycopy(ord, o + i + 1, ord, o + i, size - i - 1);
            }
            size--;
            if (size == 0) {
                o = 0;
                r0 = 0;
            }
        }
    }

    /** FIFO of issued requests: id, arrival, departure. */
    private static final class Ring {
        final long[] id;
        final long[] arrive;
        final long[] depart;
        int head;
        int size;

        Ring(int capacity) {
            id = new long[capacity];
            arrive = new long[capacity];
            depart = new long[capacity];
        }

        void push(long i, long a, long d) {
            if (size == id.length) {
                throw new IllegalStateException("completion ring overflow");
            }
            int k = head + size;
            if (k >= id.length) {
                k -= id.length;
            }
            id[k] = i;
            arrive[k] = a;
            depart[k] = d;
            size++;
        }

        long headDepart() {
            return size == 0 ? NEVER : depart[head];
        }

        void pop() {
            if (++head == id.length) {
                head = 0;
            }
            size--;
        }
    }

    @Override
    public void setListener(DramListener l) {
        listener = l;
    }

    @Override
    public void setCommandLog(CommandLog l) {
        log = l;
    }


    @Override
    public boolean canAccept(boolean write) {
        return !(write ? writeBuf : readBuf).full();
    }

    @Override
    public void enqueue(long id, boolean write, int pseudoChannel, int flatBank, int row, int column) {
        int bank = pseudoChannel * bankGroups * banksPerGroup + flatBank;
        if (!write && forwardFromWrites(bank, row, column)) {
            // [R20] send(): a read whose address is in the write buffer departs at the next cycle.
            readPending.push(id, now, now + 1);
            nextDone = nextCompletion();
            reads++;
            rowHits++;
            return;
        }
        Buffer b = write ? writeBuf : readBuf;
        if (b.full()) {
            throw new IllegalStateException("buffer full: check canAccept first");
        }
        int s = b.add(id, now, pseudoChannel, bank, row, column, write, false);
        if (schedAt <= now) {
            return;
        }
        // schedAt > now: the last pass issued nothing, and schedAt is the earliest cycle a request it looked at (the
        // active buffer and the buffer of the write-drain mode) is ready; between commands readiness does not change.
        // A pass before schedAt would act only if the mode flips (sizes changed) or this request is a candidate that
        // is ready sooner; otherwise it finds nothing and is skipped, as the FR-FCFS controller does.
        if (nextWriteMode() != writeMode) {
            schedAt = now;
            return;
        }
        if (write != writeMode) {
            return;
        }
        long r = readyAt(b, s, nextCommand(b, s));
        if (r < schedAt) {
            schedAt = Math.max(r, now);
        }
    }

    private boolean forwardFromWrites(int bank, int row, int column) {
        for (int i = 0; i < writeBuf.size; i++) {
            int s = writeBuf.slotAt(i);
            if (writeBuf.bank[s] == bank && writeBuf.row[s] == row && writeBuf.col[s] == column) {
                return true;
            }
        }
        return false; // [R20] searches only m_write_buffer, not writes already moved to the active buffer
    }

    @Override
    public long nextEventCycle() {
        return Math.min(schedAt, nextDone);
    }

    private long nextCompletion() {
        long r = readPending.size == 0 ? NEVER : Math.max(readPending.headDepart(), lastServed + 1);
        return Math.min(r, writePending.headDepart());
    }


    @Override
    protected void completeDue() {
        if (nextDone > now) {
            return;
        }
        while (writePending.headDepart() <= now) {
            long d = writePending.headDepart();
            latency.record(d - writePending.arrive[writePending.head], d);
            long id = writePending.id[writePending.head];
            writePending.pop();
            listener.completed(id, true, d);
        }
        // [R20] serve_completed_reads: at most the oldest issued read per cycle.
        if (readPending.size > 0 && readPending.headDepart() <= now && lastServed < now) {
            lastServed = now;
            long id = readPending.id[readPending.head];
            latency.record(now - readPending.arrive[readPending.head], now);
            readPending.pop();
            listener.completed(id, false, now);
        }
        nextDone = nextCompletion();
    }

    /** The command the request in slot s of buffer b needs next ([R20] get_preq_command: ACT, PRE or its RD/WR). */
    private int nextCommand(Buffer b, int s) {
        int k = b.bank[s];
        if (openRow[k] < 0) {
            return ACT;
        }
        if (openRow[k] != b.row[s]) {
            return PRE;
        }
        return b.write[s] ? WR : RD;
    }

    /** The cycle command {@code cmd} of the request in slot s of buffer b can issue. */
    private long readyAt(Buffer b, int s, int cmd) {
        int k = b.bank[s];
        int p = b.pc[s];
        long e = Math.max(Math.max(chReady[cmd], pcReady[p * NCMD + cmd]),
                Math.max(bgReady[groupOf[k] * NCMD + cmd], bankReady[k * NCMD + cmd]));
        if (cmd == ACT) {
            e = Math.max(e, fawHistory[p][fawPos[p]] + nFAW);
        }
        return e;
    }

    /**
     * [R20] FRFCFS get_best_request: the position of the oldest ready request, else of the oldest; -1 when empty.
     * Sets {@link #bestReady} and {@link #bestCommand} for it. When none is ready, {@code b.earliest} holds the
     * earliest cycle one will be (every request was looked at).
     */
    private int best(Buffer b) {
        long earliest = NEVER;
        int n = b.size;
        if (b.arrivalOrdered) {
            // Arrival order is index order: the first ready request is the oldest ready one (ties: the earlier).
            // A run of requests with one bank, row and direction is ready as one: look at its first only.
            int[] heads = b.runHead;
            int[] lens = b.runLen;
            int end = b.r0 + b.runs;
            for (int j = b.r0, i = 0; j < end; i += lens[j++]) {
                int s = heads[j];
                int cmd = nextCommand(b, s);
                long r = readyAt(b, s, cmd);
                if (r <= now) {
                    bestReady = true;
                    bestCommand = cmd;
                    return i;
                }
                earliest = Math.min(earliest, r);
            }
            b.earliest = earliest;
            bestReady = false;
            return n > 0 ? 0 : -1;
        }
        int best = -1;
        int bestSlot = -1;
        boolean ready0 = false;
        int cmd0 = -1;
        for (int i = 0; i < n; i++) {
            int s = b.slotAt(i);
            int cmd = nextCommand(b, s);
            long r = readyAt(b, s, cmd);
            boolean ready = r <= now;
            earliest = Math.min(earliest, r);
            if (best < 0 || ready && !ready0 || ready == ready0 && b.arrive[s] < b.arrive[bestSlot]) {
                best = i;
                bestSlot = s;
                ready0 = ready;
                cmd0 = cmd;
            }
        }
        b.earliest = earliest;
        bestReady = ready0;
        bestCommand = cmd0;
        return best;
    }

    /** Whether the request {@link #best} picked is ready, and its next command. */
    private boolean bestReady;
    private int bestCommand;

    @Override
    protected void schedule() {
        Buffer from = null;
        int i = -1;
        if (activeBuf.size > 0) {
            i = best(activeBuf);
            if (bestReady) {
                from = activeBuf;
            }
        }
        Buffer mode = null;
        if (from == null) {
            updateWriteMode();
            mode = writeMode ? writeBuf : readBuf;
            if (mode.size > 0) {
                i = best(mode);
                if (bestReady) {
                    from = mode;
                }
            }
        }
        boolean blocked = false;
        if (from != null && bestCommand == PRE && activeWaitsOn(from.bank[from.slotAt(i)])) {
            // [R20] schedule_request 2.3: do not close a row that an activated request is about to use.
            from = null;
            blocked = true;
        }
        if (from == null) {
            if (activeBuf.size + readBuf.size + writeBuf.size == 0) {
                schedAt = NEVER;
                return;
            }
            // Nothing was ready: both buffers were looked at whole, and best() kept their earliest readiness.
            long e = blocked ? now + 1 : Math.min(activeBuf.size > 0 ? activeBuf.earliest : NEVER,
                    mode.size > 0 ? mode.earliest : NEVER);
            // The write-drain mode can change only when the buffers change (enqueue or issue), which reschedule.
            schedAt = Math.max(e, now + 1);
            return;
        }
        issue(from, i, bestCommand);
        schedAt = now + 1;
    }

    private boolean activeWaitsOn(int bank) {
        for (int j = 0; j < activeBuf.size; j++) {
            if (activeBuf.bank[activeBuf.slotAt(j)] == bank) {
                return true;
            }
        }
        return false;
    }

    /** [R20] set_write_mode. */
    private void updateWriteMode() {
        writeMode = nextWriteMode();
    }

    /** The write-drain mode {@link #updateWriteMode} would set now: hysteresis between the watermarks. */
    private boolean nextWriteMode() {
        if (!writeMode) {
            return writeBuf.size > writeHighCount || readBuf.size == 0;
        }
        return !(writeBuf.size < writeLowCount && readBuf.size != 0);
    }

    /** Issues the next command, {@code cmd}, of the request at position i of buffer b. */
    private void issue(Buffer b, int i, int cmd) {
        int s = b.slotAt(i);
        int k = b.bank[s];
        int p = b.pc[s];
        int g = groupOf[k];
        if (!b.classified[s]) {
            b.classified[s] = true;
            if (cmd == RD || cmd == WR) {
                rowHits++;
            } else if (cmd == ACT) {
                rowMisses++;
            } else {
                rowConflicts++;
            }
        }
        switch (cmd) {
            case ACT -> {
                openRow[k] = b.row[s];
                raise(chReady, ACT, now + ACT_CYCLES);
                raise(chReady, PRE, now + ACT_CYCLES);
                raise(pcReady, p * NCMD + ACT, now + nRRDS);
                raise(bgReady, g * NCMD + ACT, now + nRRDL);
                raise(bankReady, k * NCMD + ACT, now + nRC);
                raise(bankReady, k * NCMD + RD, now + nRCD);
                raise(bankReady, k * NCMD + WR, now + nRCDWR);
                raise(bankReady, k * NCMD + PRE, now + nRAS);
                fawHistory[p][fawPos[p]] = now;
                fawPos[p] = (fawPos[p] + 1) & 3;
                activates++;
                record(DramCommand.ACT, p, k, b.row[s], -1);
                // [R20] the request moves to the active buffer when its opening command issues, if that buffer takes
                // it; otherwise it stays where it is (and is then a row hit there).
                if (!activeBuf.full()) {
                    b.copyTo(s, activeBuf);
                    b.remove(i);
                }
            }
            case PRE -> {
                record(DramCommand.PRE, p, k, openRow[k], -1);
                openRow[k] = -1;
                raise(bankReady, k * NCMD + ACT, now + nRP);
                precharges++;
            }
            case RD -> {
                raise(pcReady, p * NCMD + RD, now + Math.max(nBL, nCCDS));
                raise(pcReady, p * NCMD + WR, now + rdToWr);
                raise(bgReady, g * NCMD + RD, now + nCCDL);
                raise(bankReady, k * NCMD + PRE, now + nRTP);
                reads++;
                readPending.push(b.id[s], b.arrive[s], now + nCL + nBL);
                nextDone = nextCompletion();
                record(DramCommand.RD, p, k, b.row[s], b.col[s]);
                b.remove(i);
            }
            default -> {
                raise(pcReady, p * NCMD + WR, now + Math.max(nBL, nCCDS));
                raise(pcReady, p * NCMD + RD, now + wrToRdS);
                raise(bgReady, g * NCMD + WR, now + nCCDL);
                raise(bgReady, g * NCMD + RD, now + wrToRdL);
                raise(bankReady, k * NCMD + PRE, now + wrToPre);
                writes++;
                writePending.push(b.id[s], b.arrive[s], now + nCWL + nBL);
                nextDone = nextCompletion();
                record(DramCommand.WR, p, k, b.row[s], b.col[s]);
                b.remove(i);
            }
        }
    }

    private static void raise(long[] ready, int index, long at) {
        if (at > ready[index]) {
            ready[index] = at;
        }
    }

    private void record(DramCommand c, int pc, int k, int row, int col) {
        if (log != null) {
            int inPc = k - pc * bankGroups * banksPerGroup;
            log.record(now, c, unit * pcs + pc, 0, inPc / banksPerGroup, inPc % banksPerGroup, row, col);
        }
    }

    @Override
    public int queued() {
        return readBuf.size + writeBuf.size + activeBuf.size;
    }

    @Override
    public int pending() {
        return queued() + readPending.size + writePending.size;
    }

    @Override
    public long reads() {
        return reads;
    }

    @Override
    public long writes() {
        return writes;
    }

    @Override
    public long activates() {
        return activates;
    }

    @Override
    public long precharges() {
        return precharges;
    }

    @Override
    public long refreshes() {
        return 0;
    }

    @Override
    public long rowHits() {
        return rowHits;
    }

    @Override
    public long rowMisses() {
        return rowMisses;
    }

    @Override
    public long rowConflicts() {
        return rowConflicts;
    }
}
