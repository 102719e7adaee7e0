package org.spattensim.memory.dram.controller;

import java.util.Arrays;

/**
 * A bounded request queue kept in arrival order in parallel primitive arrays (removal from the middle shifts
 * the younger entries; queues hold tens of entries). It also keeps, per bank, the sequence number of the
 * oldest entry that hits the bank's open row and of the oldest that does not: every hit of one bank waits for
 * the same timing registers, and so does every miss, so FR-FCFS only needs these two per bank and the
 * scheduler scans banks instead of requests.
 */
final class RequestQueue {
    static final long NONE = Long.MAX_VALUE;

    final int capacity;
    final long[] id;
    final long[] arrival;
    final long[] seq;
    final int[] bank;
    final int[] row;
    final int[] column;
    final boolean[] classified;
    int size;

    private final int[] openRow;
    /** Per bank: entries queued, oldest hit's sequence number, oldest miss's sequence number (NONE if none). */
    final int[] count;
    final long[] hitSeq;
    final long[] missSeq;

    RequestQueue(int capacity, int[] openRow) {
        this.capacity = capacity;
        this.openRow = openRow;
        id = new long[capacity];
        arrival = new long[capacity];
        seq = new long[capacity];
        bank = new int[capacity];
        row = new int[capacity];
        column = new int[capacity];
        classified = new boolean[capacity];
        count = new int[openRow.length];
        hitSeq = new long[openRow.length];
        missSeq = new long[openRow.length];
        Arrays.fill(hitSeq, NONE);
        Arrays.fill(missSeq, NONE);
    }

    boolean full() {
        return size == capacity;
    }

    /** Appends; {@code sequence} must exceed every queued entry's. */
    void add(long reqId, long cycle, long sequence, int flatBank, int rowIndex, int col) {
        int i = size++;
        id[i] = reqId;
        arrival[i] = cycle;
        seq[i] = sequence;
        bank[i] = flatBank;
        row[i] = rowIndex;
        column[i] = col;
        classified[i] = false;
        count[flatBank]++;
        if (rowIndex == openRow[flatBank]) {
            if (hitSeq[flatBank] == NONE) {
                hitSeq[flatBank] = sequence;
            }
        } else if (missSeq[flatBank] == NONE) {
            missSeq[flatBank] = sequence;
        }
    }

    void remove(int i) {
        int k = bank[i];
        int n = size - i - 1;
        if (n > 0) {
            System.arraycopy(id, i + 1, id, i, n);
            System.arraycopy(arrival, i + 1, arrival, i, n);
            System.arraycopy(seq, i + 1, seq, i, n);
            System.arraycopy(bank, i + 1, bank, i, n);
            System.arraycopy(row, i + 1, row, i, n);
            System.arraycopy(column, i + 1, column, i, n);
            System.arraycopy(classified, i + 1, classified, i, n);
        }
        size--;
        count[k]--;
        refreshBank(k);
    }

    int indexOf(long sequence) {
        for (int j = 0; j < size; j++) {
            if (seq[j] == sequence) {
                return j;
            }
        }
        throw new IllegalStateException("no queued request with sequence " + sequence);
    }

    /** Recomputes the oldest hit and miss of one bank (after its open row changed or an entry left). */
    void refreshBank(int k) {
        long h = NONE;
        long m = NONE;
        if (count[k] > 0) {
            int open = openRow[k];
            for (int j = 0; j < size; j++) {
                if (bank[j] == k) {
                    if (row[j] == open) {
                        if (h == NONE) {
                            h = seq[j];
                            if (m != NONE) {
                                break;
                            }
                        }
                    } else if (m == NONE) {
                        m = seq[j];
                        if (h != NONE) {
                            break;
                        }
                    }
                }
            }
        }
        hitSeq[k] = h;
        missSeq[k] = m;
    }

    /** Recomputes banks [from, to) in one pass (after a precharge-all). */
    void refreshBanks(int from, int to) {
        for (int k = from; k < to; k++) {
            hitSeq[k] = NONE;
            missSeq[k] = NONE;
        }
        for (int j = 0; j < size; j++) {
            int k = bank[j];
            if (k >= from && k < to) {
                if (row[j] == openRow[k]) {
                    if (hitSeq[k] == NONE) {
                        hitSeq[k] = seq[j];
                    }
                } else if (missSeq[k] == NONE) {
                    missSeq[k] = seq[j];
                }
            }
        }
    }

    /** True if an entry other than {@code except} targets this bank and row. */
    boolean hasHit(int flatBank, int rowIndex, int except) {
        if (count[flatBank] == 0) {
            return false;
        }
        for (int j = 0; j < size; j++) {
            if (j != except && bank[j] == flatBank && row[j] == rowIndex) {
                return true;
            }
        }
        return false;
    }
}
