package org.spattensim.memory.sram;

import java.util.Arrays;
import org.spattensim.common.InvalidInputException;
import org.spattensim.energy.ActionCounts;
import org.spattensim.stats.StatsRegistry;

/**
 * An on-chip SRAM buffer of {@code lines} lines of {@code lineWidthBits} bits, split into
 * {@code banks} single-ported banks, with {@code readPorts} read ports and {@code writePorts} write
 * ports shared by all banks. Modelled by reservation, like the units in
 * {@link org.spattensim.engine.unit}.
 *
 * <p>Timing (see docs/engine.md): line {@code l} lives in bank {@code l mod banks} (low-order
 * interleaving, so consecutive lines hit different banks). Each bank performs one access per cycle
 * and each port carries one access per cycle. An access requested at cycle {@code c} is granted at
 * the first cycle {@code >= c} at which its bank and a port of its kind are both free; the data of a
 * read is available after the caller's read latency. Each bank and port remembers the cycle it is
 * next free, so accesses to one bank are granted in booking order; an access takes the port that
 * became free most recently (best fit), so idle cycles of other ports stay usable. Book accesses
 * in non-decreasing request cycle for exact results.
 * Conflict stall cycles are {@code granted - requested}, summed over accesses.
 */
public final class SramBuffer {
    /** Kind of access. */
    public enum Access {
        READ, WRITE
    }

    private final String name;
    private final long lines;
    private final int lineWidthBits;
    private final int banks;
    private final int readPorts;
    private final int writePorts;

    private final long[] bankFree;
    private final long[] readPortFree;
    private final long[] writePortFree;

    private long reads;
    private long writes;
    private long conflictStallCycles;
    private long bankConflicts;
    private long portConflicts;

    /**
     * @param name hierarchical name for statistics and energy accounting, e.g. {@code spatten.key_buffer}
     * @param lines number of lines, {@code >= 1} and {@code >= banks}
     * @param lineWidthBits bits per line, {@code >= 1}
     * @param banks number of banks, {@code >= 1}
     * @param readPorts read ports, {@code >= 0}
     * @param writePorts write ports, {@code >= 0}; at least one port in total
     */
    public SramBuffer(String name, long lines, int lineWidthBits, int banks, int readPorts, int writePorts) {
        if (name == null || name.isBlank()) {
            throw InvalidInputException.of("SramBuffer", "name", "is empty", "a non-empty buffer name");
        }
        String src = "SramBuffer " + name;
        if (lineWidthBits < 1) {
            throw InvalidInputException.of(src, "lineWidthBits", "is " + lineWidthBits, "an integer >= 1 bits");
        }
        if (lines < 1) {
            throw InvalidInputException.of(src, "lines", "is " + lines
                    + " (capacity smaller than one line)", "an integer >= 1 lines");
        }
        if (banks < 1) {
            throw InvalidInputException.of(src, "banks", "is " + banks, "an integer >= 1");
        }
        if (banks > lines) {
            throw InvalidInputException.of(src, "banks", "is " + banks + ", more than the " + lines + " lines",
                    "at most one bank per line");
        }
        if (readPorts < 0) {
            throw InvalidInputException.of(src, "readPorts", "is " + readPorts, "an integer >= 0");
        }
        if (writePorts < 0) {
            throw InvalidInputException.of(src, "writePorts", "is " + writePorts, "an integer >= 0");
        }
        if (readPorts + writePorts < 1) {
            throw InvalidInputException.of(src, "readPorts + writePorts", "is 0", "at least one port");
        }
        this.name = name;
        this.lines = lines;
        this.lineWidthBits = lineWidthBits;
        this.banks = banks;
        this.readPorts = readPorts;
        this.writePorts = writePorts;
        this.bankFree = new long[banks];
        this.readPortFree = new long[readPorts];
        this.writePortFree = new long[writePorts];
    }

    /**
     * A buffer sized in bytes: {@code capacityBytes * 8} must be a whole, non-zero number of lines.
     */
    public static SramBuffer ofCapacity(String name, long capacityBytes, int lineWidthBits, int banks,
            int readPorts, int writePorts) {
        String src = "SramBuffer " + name;
        if (lineWidthBits < 1) {
            throw InvalidInputException.of(src, "lineWidthBits", "is " + lineWidthBits, "an integer >= 1 bits");
        }
        if (capacityBytes < 0 || capacityBytes * 8 < lineWidthBits) {
            throw InvalidInputException.of(src, "capacityBytes", "is " + capacityBytes
                    + ", smaller than one line of " + lineWidthBits + " bits", "at least one line");
        }
        long bits = Math.multiplyExact(capacityBytes, 8L);
        if (bits % lineWidthBits != 0) {
            throw InvalidInputException.of(src, "capacityBytes", "is " + capacityBytes
                    + ", not a whole number of " + lineWidthBits + "-bit lines", "a multiple of the line size");
        }
        return new SramBuffer(name, bits / lineWidthBits, lineWidthBits, banks, readPorts, writePorts);
    }

    /**
     * Books one access to {@code line}, requested at {@code cycle}.
     *
     * @return the cycle the access is granted
     */
    public long access(long line, long cycle, Access kind) {
        if (line < 0 || line >= lines) {
            throw new IndexOutOfBoundsException(name + ": line " + line + " outside [0, " + lines + ")");
        }
        long[] ports = kind == Access.READ ? readPortFree : writePortFree;
        if (ports.length == 0) {
            throw new IllegalStateException(name + " has no " + kind.name().toLowerCase() + " port");
        }
        int b = (int) (line % banks);
        long bankAt = bankFree[b];
        long t = Math.max(cycle, bankAt);
        // Best fit: the port that became free most recently at or before t keeps earlier holes in
        // the other ports usable; if none is free at t, the earliest-free port.
        int p = -1;
        long bestFit = Long.MIN_VALUE;
        int earliest = 0;
        for (int i = 0; i < ports.length; i++) {
            long f = ports[i];
            if (f <= t && f > bestFit) {
                bestFit = f;
                p = i;
            }
            if (f < ports[earliest]) {
                earliest = i;
            }
        }
        long granted = t;
        if (p < 0) {
            p = earliest;
            granted = ports[p];
            portConflicts++;
        }
        if (bankAt > cycle) {
            bankConflicts++;
        }
        conflictStallCycles += granted - cycle;
        bankFree[b] = granted + 1;
        ports[p] = granted + 1;
        if (kind == Access.READ) {
            reads++;
        } else {
            writes++;
        }
        return granted;
    }

    /** {@link #access(long, long, Access)} for a read. */
    public long read(long line, long cycle) {
        return access(line, cycle, Access.READ);
    }

    /** {@link #access(long, long, Access)} for a write. */
    public long write(long line, long cycle) {
        return access(line, cycle, Access.WRITE);
    }

    /**
     * Books {@code count} accesses to consecutive lines {@code firstLine, firstLine + 1, ...}
     * (wrapping at the end of the buffer), all requested at {@code cycle}.
     *
     * @return the grant cycle of the last access; {@code cycle} if {@code count == 0}
     */
    public long accessLines(long firstLine, long count, long cycle, Access kind) {
        long last = cycle;
        long line = firstLine;
        for (long i = 0; i < count; i++) {
            last = access(line, cycle, kind);
            line = line + 1 == lines ? 0 : line + 1;
        }
        return last;
    }

    /** Bank holding {@code line}. */
    public int bankOf(long line) {
        return (int) (line % banks);
    }

    public String name() {
        return name;
    }

    public long lines() {
        return lines;
    }

    public int lineWidthBits() {
        return lineWidthBits;
    }

    public int banks() {
        return banks;
    }

    public int readPorts() {
        return readPorts;
    }

    public int writePorts() {
        return writePorts;
    }

    public long capacityBits() {
        return lines * lineWidthBits;
    }

    public long reads() {
        return reads;
    }

    public long writes() {
        return writes;
    }

    /** Sum over accesses of cycles between request and grant. */
    public long conflictStallCycles() {
        return conflictStallCycles;
    }

    /** Accesses delayed (at least partly) because their bank was busy. */
    public long bankConflicts() {
        return bankConflicts;
    }

    /** Accesses delayed (at least partly) because every port of their kind was busy. */
    public long portConflicts() {
        return portConflicts;
    }

    /** Clears timing state and statistics. */
    public void reset() {
        Arrays.fill(bankFree, 0);
        Arrays.fill(readPortFree, 0);
        Arrays.fill(writePortFree, 0);
        reads = 0;
        writes = 0;
        conflictStallCycles = 0;
        bankConflicts = 0;
        portConflicts = 0;
    }

    /** Registers reads, writes, conflict_stall_cycles, bank_conflicts and port_conflicts under {@code <name>.}. */
    public void registerStats(StatsRegistry stats) {
        stats.counterOf(name + ".reads", "accesses", "line reads from " + name, this::reads);
        stats.counterOf(name + ".writes", "accesses", "line writes to " + name, this::writes);
        stats.counterOf(name + ".conflict_stall_cycles", "item-cycles",
                "sum over accesses of cycles waited for a bank or port of " + name, this::conflictStallCycles);
        stats.counterOf(name + ".bank_conflicts", "accesses", "accesses to " + name + " delayed by a busy bank",
                this::bankConflicts);
        stats.counterOf(name + ".port_conflicts", "accesses", "accesses to " + name + " delayed by busy ports",
                this::portConflicts);
    }

    /** Adds this buffer's reads and writes to {@code counts} as actions {@code read} and {@code write}. */
    public void exportActions(ActionCounts counts) {
        counts.add(name, "read", reads);
        counts.add(name, "write", writes);
    }

    @Override
    public String toString() {
        return "SramBuffer[" + name + ", " + lines + " x " + lineWidthBits + " bits, " + banks + " banks, "
                + readPorts + "R/" + writePorts + "W]";
    }
}
