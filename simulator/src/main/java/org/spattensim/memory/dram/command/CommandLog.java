package org.spattensim.memory.dram.command;

import java.util.Arrays;

/**
 * Every command the controllers issued, in issue order per channel, stored in primitive arrays (no object per
 * command). Rank-wide commands (PREA, REF) carry bank group and bank -1. Replayed by
 * {@link org.spattensim.memory.dram.checker.TimingChecker}.
 */
public final class CommandLog {
    private long[] cycle = new long[1024];
    private byte[] cmd = new byte[1024];
    private int[] channel = new int[1024];
    private int[] rank = new int[1024];
    private int[] bankGroup = new int[1024];
    private int[] bank = new int[1024];
    private int[] row = new int[1024];
    private int[] column = new int[1024];
    private int size;

    public void record(long atCycle, DramCommand command, int ch, int rk, int bg, int ba, int rw, int col) {
        if (size == cycle.length) {
            int n = size * 2;
            cycle = Arrays.copyOf(cycle, n);
            cmd = Arrays.copyOf(cmd, n);
            channel = Arrays.copyOf(channel, n);
            rank = Arrays.copyOf(rank, n);
            bankGroup = Arrays.copyOf(bankGroup, n);
            bank = Arrays.copyOf(bank, n);
            row = Arrays.copyOf(row, n);
            column = Arrays.copyOf(column, n);
        }
        cycle[size] = atCycle;
        cmd[size] = (byte) command.ordinal();
        channel[size] = ch;
        rank[size] = rk;
        bankGroup[size] = bg;
        bank[size] = ba;
        row[size] = rw;
        column[size] = col;
        size++;
    }

    public int size() {
        return size;
    }

    public long cycle(int i) {
        return cycle[i];
    }

    public DramCommand command(int i) {
        return DramCommand.of(cmd[i]);
    }

    public int channel(int i) {
        return channel[i];
    }

    public int rank(int i) {
        return rank[i];
    }

    public int bankGroup(int i) {
        return bankGroup[i];
    }

    public int bank(int i) {
        return bank[i];
    }

    public int row(int i) {
        return row[i];
    }

    public int column(int i) {
        return column[i];
    }

    /** Count of one command type. */
    public long count(DramCommand c) {
        long n = 0;
        for (int i = 0; i < size; i++) {
            if (cmd[i] == c.ordinal()) {
                n++;
            }
        }
        return n;
    }

    /** A copy with entry {@code i} moved to another cycle; for tests that break a log on purpose. */
    public CommandLog withCycle(int i, long newCycle) {
        CommandLog c = copy();
        c.cycle[i] = newCycle;
        return c;
    }

    public CommandLog copy() {
        CommandLog c = new CommandLog();
        c.cycle = Arrays.copyOf(cycle, Math.max(size, 1));
        c.cmd = Arrays.copyOf(cmd, Math.max(size, 1));
        c.channel = Arrays.copyOf(channel, Math.max(size, 1));
        c.rank = Arrays.copyOf(rank, Math.max(size, 1));
        c.bankGroup = Arrays.copyOf(bankGroup, Math.max(size, 1));
        c.bank = Arrays.copyOf(bank, Math.max(size, 1));
        c.row = Arrays.copyOf(row, Math.max(size, 1));
        c.column = Arrays.copyOf(column, Math.max(size, 1));
        c.size = size;
        return c;
    }

    /** One line per command: {@code cycle,CMD,channel,rank,bankgroup,bank,row,column}. */
    public String toCsvLine(int i) {
        return cycle[i] + "," + command(i) + "," + channel[i] + "," + rank[i] + "," + bankGroup[i] + "," + bank[i]
                + "," + row[i] + "," + column[i];
    }
}
