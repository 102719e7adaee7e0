package org.spattensim.memory.dram.checker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramTiming;
import org.spattensim.memory.dram.command.CommandLog;
import org.spattensim.memory.dram.command.DramCommand;

/**
 * Replays a {@link CommandLog} and checks every command against the device rules, independently of the
 * controller: it keeps the cycle of the most recent command of each kind per bank, bank group, rank and
 * channel and checks distances from them (the controller instead keeps "earliest cycle" registers).
 *
 * <p>Checked: bank state (ACT only to a closed bank, column commands only to the open row, PRE only to an open
 * bank, REF only with all banks closed); tRCD (RD and WR), tRP, tRAS, tRC, tRTP, write recovery, tCCD_S/L and
 * the burst on the data bus, tRRD_S/L, tFAW, tWTR_S/L, read-to-write turnaround, rank-to-rank switch (tRTRS),
 * tRFC, one command per cycle per channel, non-decreasing cycles per channel, auto-precharge of RDA/WRA, and
 * that refreshes are not postponed by more than {@value #MAX_POSTPONED_REFRESHES} intervals (JEDEC allows 8).
 */
public final class TimingChecker {
    public static final int MAX_POSTPONED_REFRESHES = 8;
    private static final long NONE = Long.MIN_VALUE / 4;

    private final DramTiming t;
    private final int ranks, bankGroups, banksPerGroup, banksPerRank, units;
    /** False for the Ramulator 2.0 controller, which never refreshes (its HBM2 model has no rank level). */
    private final boolean refreshExpected;
    private final int maxViolations;

    public TimingChecker(DramConfig config) {
        this(config, 100);
    }

    /** @param maxViolations stop collecting after this many */
    public TimingChecker(DramConfig config, int maxViolations) {
        this.t = config.timing();
        this.ranks = config.organization().ranks();
        this.bankGroups = config.organization().bankGroups();
        this.banksPerGroup = config.organization().banksPerGroup();
        this.banksPerRank = bankGroups * banksPerGroup;
        this.units = config.organization().units();
        this.refreshExpected = config.controller().model() != org.spattensim.memory.dram.ControllerModel.RAMULATOR2;
        this.maxViolations = maxViolations;
    }

    /** Per-channel replay state. */
    private final class Channel {
        final int[] openRow = new int[ranks * banksPerRank];
        final long[] lastAct = new long[ranks * banksPerRank];
        final long[] lastPre = new long[ranks * banksPerRank];
        final long[] lastRd = new long[ranks * banksPerRank];
        final long[] lastWr = new long[ranks * banksPerRank];
        final long[] bgLastAct = new long[ranks * bankGroups];
        final long[] bgLastRd = new long[ranks * bankGroups];
        final long[] bgLastWr = new long[ranks * bankGroups];
        final long[] rankLastAct = new long[ranks];
        final long[] rankLastRd = new long[ranks];
        final long[] rankLastWr = new long[ranks];
        final long[] rankLastRef = new long[ranks];
        final long[][] actHistory = new long[ranks][4];
        final int[] actCount = new int[ranks];
        long lastCycle = NONE;

        Channel() {
            Arrays.fill(openRow, -1);
            for (long[] a : List.of(lastAct, lastPre, lastRd, lastWr, bgLastAct, bgLastRd, bgLastWr, rankLastAct,
                    rankLastRd, rankLastWr, rankLastRef)) {
                Arrays.fill(a, NONE);
            }
            for (long[] h : actHistory) {
                Arrays.fill(h, NONE);
            }
            Arrays.fill(rankLastRef, 0);
        }
    }

    /** Returns the violations found (empty when the log obeys every rule). */
    public List<TimingViolation> check(CommandLog log) {
        return check(log, -1);
    }

    /**
     * @param endCycle the cycle the simulation reached; when >= 0, also checks that each rank was refreshed at
     *                 least every {@value #MAX_POSTPONED_REFRESHES} x tREFI up to it
     */
    public List<TimingViolation> check(CommandLog log, long endCycle) {
        List<TimingViolation> out = new ArrayList<>();
        Channel[] ch = new Channel[units];
        for (int i = 0; i < units; i++) {
            ch[i] = new Channel();
        }
        for (int i = 0; i < log.size() && out.size() < maxViolations; i++) {
            checkOne(log, i, ch[log.channel(i)], out);
        }
        if (endCycle >= 0 && refreshExpected) {
            long limit = (long) MAX_POSTPONED_REFRESHES * t.nREFI();
            for (int u = 0; u < units && out.size() < maxViolations; u++) {
                for (int r = 0; r < ranks; r++) {
                    if (endCycle - ch[u].rankLastRef[r] > limit + t.nREFI()) {
                        out.add(new TimingViolation(log.size(), endCycle, "tREFI",
                                "channel " + u + " rank " + r + ": no REF since cycle " + ch[u].rankLastRef[r]));
                    }
                }
            }
        }
        return out;
    }

    private void need(List<TimingViolation> out, CommandLog log, int i, String rule, long earliest, String what) {
        long c = log.cycle(i);
        if (c < earliest) {
            out.add(new TimingViolation(i, c, rule, log.command(i) + " " + describe(log, i) + ": " + what
                    + " allows it at cycle " + earliest + " at the earliest"));
        }
    }

    private static String describe(CommandLog log, int i) {
        return "ch " + log.channel(i) + " rank " + log.rank(i) + " bg " + log.bankGroup(i) + " bank " + log.bank(i)
                + " row " + log.row(i);
    }

    private static long after(long prev, long gap) {
        return prev == NONE ? NONE : prev + gap;
    }

    private void checkOne(CommandLog log, int i, Channel s, List<TimingViolation> out) {
        long c = log.cycle(i);
        DramCommand cmd = log.command(i);
        int r = log.rank(i);
        if (c < s.lastCycle) {
            out.add(new TimingViolation(i, c, "order", "cycle goes back from " + s.lastCycle));
        } else if (c == s.lastCycle) {
            out.add(new TimingViolation(i, c, "command bus", "second command in cycle " + c + " on channel "
                    + log.channel(i)));
        }
        s.lastCycle = Math.max(s.lastCycle, c);
        if (cmd == DramCommand.PREA || cmd == DramCommand.REF) {
            int base = r * banksPerRank;
            for (int k = base; k < base + banksPerRank; k++) {
                if (cmd == DramCommand.PREA) {
                    if (s.openRow[k] >= 0) {
                        checkPrecharge(log, i, s, k, out);
                        s.openRow[k] = -1;
                        s.lastPre[k] = c;
                    }
                } else {
                    if (s.openRow[k] >= 0) {
                        out.add(new TimingViolation(i, c, "state", "REF with bank " + (k - base) + " open"));
                    }
                    need(out, log, i, "tRP", after(s.lastPre[k], t.nRP()), "PRE of bank " + (k - base) + " + tRP");
                    need(out, log, i, "tRC", after(s.lastAct[k], t.nRC()), "ACT of bank " + (k - base) + " + tRC");
                }
            }
            if (cmd == DramCommand.REF) {
                need(out, log, i, "tRFC", s.rankLastRef[r] == 0 ? NONE : s.rankLastRef[r] + t.nRFC(), "previous REF + tRFC");
                s.rankLastRef[r] = c;
            }
            return;
        }
        int g = r * bankGroups + log.bankGroup(i);
        int k = g * banksPerGroup + log.bank(i);
        switch (cmd) {
            case ACT -> {
                if (s.openRow[k] >= 0) {
                    out.add(new TimingViolation(i, c, "state", "ACT " + describe(log, i) + " while row "
                            + s.openRow[k] + " is open"));
                }
                need(out, log, i, "tRC", after(s.lastAct[k], t.nRC()), "previous ACT of the bank + tRC");
                need(out, log, i, "tRP", after(s.lastPre[k], t.nRP()), "PRE of the bank + tRP");
                need(out, log, i, "tRRD_L", after(s.bgLastAct[g], t.nRRDL()), "ACT in the bank group + tRRD_L");
                need(out, log, i, "tRRD_S", after(s.rankLastAct[r], t.nRRDS()), "ACT in the rank + tRRD_S");
                if (s.actCount[r] >= 4) {
                    need(out, log, i, "tFAW", s.actHistory[r][s.actCount[r] & 3] + t.nFAW(),
                            "fourth-last ACT in the rank + tFAW");
                }
                need(out, log, i, "tRFC", s.rankLastRef[r] == 0 ? NONE : s.rankLastRef[r] + t.nRFC(), "REF + tRFC");
                s.actHistory[r][s.actCount[r] & 3] = c;
                s.actCount[r]++;
                s.openRow[k] = log.row(i);
                s.lastAct[k] = c;
                s.bgLastAct[g] = c;
                s.rankLastAct[r] = c;
            }
            case PRE -> {
                if (s.openRow[k] < 0) {
                    out.add(new TimingViolation(i, c, "state", "PRE " + describe(log, i) + " of a closed bank"));
                }
                checkPrecharge(log, i, s, k, out);
                s.openRow[k] = -1;
                s.lastPre[k] = c;
            }
            case RD, RDA, WR, WRA -> {
                boolean write = cmd.isWrite();
                if (s.openRow[k] != log.row(i)) {
                    out.add(new TimingViolation(i, c, "state", cmd + " " + describe(log, i) + " but open row is "
                            + s.openRow[k]));
                }
                need(out, log, i, write ? "tRCDWR" : "tRCD", after(s.lastAct[k], write ? t.nRCDWR() : t.nRCD()),
                        "ACT of the bank + tRCD");
                need(out, log, i, "tCCD_L", after(Math.max(s.bgLastRd[g], s.bgLastWr[g]), t.ccdL()),
                        "column command in the bank group + max(tCCD_L, burst)");
                need(out, log, i, "tCCD_S", after(Math.max(s.rankLastRd[r], s.rankLastWr[r]), t.ccdS()),
                        "column command in the rank + max(tCCD_S, burst)");
                if (write) {
                    need(out, log, i, "tRTW", after(s.rankLastRd[r], t.readToWrite()),
                            "RD in the rank + CL + burst + 2 - CWL");
                } else {
                    need(out, log, i, "tWTR_L", after(s.bgLastWr[g], t.writeToReadL()),
                            "WR in the bank group + CWL + burst + tWTR_L");
                    need(out, log, i, "tWTR_S", after(s.rankLastWr[r], t.writeToReadS()),
                            "WR in the rank + CWL + burst + tWTR_S");
                }
                for (int o = 0; o < ranks; o++) {
                    if (o == r) {
                        continue;
                    }
                    // Data of this command must not overlap other ranks' data, with tRTRS between them.
                    long myStart = c + (write ? t.nCWL() : t.nCL());
                    long rdEnd = after(s.rankLastRd[o], t.nCL() + t.nBL());
                    long wrEnd = after(s.rankLastWr[o], t.nCWL() + t.nBL());
                    long busFree = Math.max(rdEnd, wrEnd);
                    if (busFree != NONE && myStart < busFree + t.nRTRS()) {
                        out.add(new TimingViolation(i, c, "tRTRS", cmd + " " + describe(log, i)
                                + ": data at " + myStart + " overlaps rank " + o + " data ending at " + busFree
                                + " + tRTRS"));
                    }
                }
                need(out, log, i, "tRFC", s.rankLastRef[r] == 0 ? NONE : s.rankLastRef[r] + t.nRFC(), "REF + tRFC");
                if (write) {
                    s.lastWr[k] = c;
                    s.bgLastWr[g] = c;
                    s.rankLastWr[r] = c;
                } else {
                    s.lastRd[k] = c;
                    s.bgLastRd[g] = c;
                    s.rankLastRd[r] = c;
                }
                if (cmd == DramCommand.RDA || cmd == DramCommand.WRA) {
                    // Auto-precharge happens at the first cycle every precharge rule allows.
                    long preAt = Math.max(after(s.lastAct[k], t.nRAS()),
                            write ? c + t.writeToPrecharge() : c + t.nRTP());
                    s.openRow[k] = -1;
                    s.lastPre[k] = preAt;
                }
            }
            default -> throw new IllegalStateException("unexpected " + cmd);
        }
    }

    private void checkPrecharge(CommandLog log, int i, Channel s, int k, List<TimingViolation> out) {
        need(out, log, i, "tRAS", after(s.lastAct[k], t.nRAS()), "ACT of bank " + k + " + tRAS");
        need(out, log, i, "tRTP", after(s.lastRd[k], t.nRTP()), "RD of bank " + k + " + tRTP");
        need(out, log, i, "tWR", after(s.lastWr[k], t.writeToPrecharge()), "WR of bank " + k + " + CWL + burst + tWR");
    }
}
