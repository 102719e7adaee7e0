package org.spattensim.memory.dram.command;

/** DRAM commands the controller issues. RDA/WRA auto-precharge after the access (closed-page policy). */
public enum DramCommand {
    ACT, PRE, PREA, RD, WR, RDA, WRA, REF;

    private static final DramCommand[] VALUES = values();

    public static DramCommand of(int ordinal) {
        return VALUES[ordinal];
    }

    public boolean isRead() {
        return this == RD || this == RDA;
    }

    public boolean isWrite() {
        return this == WR || this == WRA;
    }

    public boolean isColumn() {
        return isRead() || isWrite();
    }
}
