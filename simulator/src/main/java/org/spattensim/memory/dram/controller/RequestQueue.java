package org.spattensim.memory.dram.controller;

/**
 * A bounded request queue kept in arrival order in parallel primitive arrays; removal from the middle shifts
 * the younger entries (queues hold tens of entries, so this is cheaper than any linked structure).
 */
final class RequestQueue {
    final int capacity;
    final long[] id;
    final long[] arrival;
    final int[] bank;
    final int[] row;
    final int[] column;
    final boolean[] classified;
    int size;

    RequestQueue(int capacity) {
        this.capacity = capacity;
        id = new long[capacity];
        arrival = new long[capacity];
        bank = new int[capacity];
        row = new int[capacity];
        column = new int[capacity];
        classified = new boolean[capacity];
    }

    boolean full() {
        return size == capacity;
    }

    void add(long reqId, long cycle, int flatBank, int rowIndex, int col) {
        int i = size++;
        id[i] = reqId;
        arrival[i] = cycle;
        bank[i] = flatBank;
        row[i] = rowIndex;
        column[i] = col;
        classified[i] = false;
    }

    void remove(int i) {
        int n = size - i - 1;
        if (n > 0) {
            System.arraycopy(id, i + 1, id, i, n);
            System.arraycopy(arrival, i + 1, arrival, i, n);
            System.arraycopy(bank, i + 1, bank, i, n);
            System.arraycopy(row, i + 1, row, i, n);
            System.arraycopy(column, i + 1, column, i, n);
            System.arraycopy(classified, i + 1, classified, i, n);
        }
        size--;
    }

    /** True if an entry other than {@code except} targets this bank and row. */
    boolean hasHit(int flatBank, int rowIndex, int except) {
        for (int j = 0; j < size; j++) {
            if (j != except && bank[j] == flatBank && row[j] == rowIndex) {
                return true;
            }
        }
        return false;
    }
}
