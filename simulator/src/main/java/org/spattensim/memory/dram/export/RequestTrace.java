package org.spattensim.memory.dram.export;

import java.util.Arrays;

/** The request stream offered to a DRAM system (enqueue cycle, byte address, read/write), in primitive arrays. */
public final class RequestTrace {
    private long[] cycle = new long[1024];
    private long[] address = new long[1024];
    private boolean[] write = new boolean[1024];
    private int size;

    public void record(long atCycle, long addr, boolean isWrite) {
        if (size == cycle.length) {
            int n = size * 2;
            cycle = Arrays.copyOf(cycle, n);
            address = Arrays.copyOf(address, n);
            write = Arrays.copyOf(write, n);
        }
        cycle[size] = atCycle;
        address[size] = addr;
        write[size] = isWrite;
        size++;
    }

    public int size() {
        return size;
    }

    public long cycle(int i) {
        return cycle[i];
    }

    public long address(int i) {
        return address[i];
    }

    public boolean isWrite(int i) {
        return write[i];
    }
}
