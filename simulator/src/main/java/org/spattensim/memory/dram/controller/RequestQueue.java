package org.spattensim.memory.dram.controller;

import java.util.Arrays;

/**
 * A bounded request queue in fixed slots of parallel primitive arrays (a request keeps its slot until it
 * leaves; nothing shifts). Each bank threads its requests through a list in arrival order and keeps the slot
 * of its oldest request that hits the bank's open row and of its oldest that does not, with their sequence
 * numbers: every hit of one bank waits for the same timing registers, and so does every miss, so FR-FCFS only
 * needs these two per bank. A bitset of banks with queued requests lets the scheduler visit only those.
 *
 * <p>Cost: adding is O(1); removing the oldest hit is O(1) plus the walk to the bank's next hit; a change of
 * the open row walks only that bank's list.
 */
final class RequestQueue {
    static final long NONE = Long.MAX_VALUE;
    static final int NIL = -1;

    final int capacity;
    final long[] id;
    final long[] arrival;
    final long[] seq;
    final int[] bank;
    final int[] row;
    final int[] column;
    final boolean[] classified;
    /** Per slot: the next and previous slot of the same bank in arrival order. */
    private final int[] next;
    private final int[] prev;
    private final int[] freeSlots;
    private int freeTop;
    int size;

    private final int[] openRow;
    /** Per bank: first and last slot in arrival order, entries queued and entries hitting the open row. */
    private final int[] head;
    private final int[] tail;
    final int[] count;
    private final int[] hitCount;
    /** Per bank: oldest hit's and oldest miss's sequence number (NONE if none) and slot (NIL if none). */
    final long[] hitSeq;
    final long[] missSeq;
    final int[] hitSlot;
    final int[] missSlot;
    /** Bit k of word k >>> 6 is set while bank k has queued entries. */
    final long[] occupied;

    RequestQueue(int capacity, int[] openRow) {
        this.capacity = capacity;
        this.openRow = openRow;
        int banks = openRow.length;
        id = new long[capacity];
        arrival = new long[capacity];
        seq = new long[capacity];
        bank = new int[capacity];
        row = new int[capacity];
        column = new int[capacity];
        classified = new boolean[capacity];
        next = new int[capacity];
        prev = new int[capacity];
        freeSlots = new int[capacity];
        for (int s = 0; s < capacity; s++) {
            freeSlots[s] = capacity - 1 - s;
        }
        freeTop = capacity;
        head = new int[banks];
        tail = new int[banks];
        count = new int[banks];
        hitCount = new int[banks];
        hitSeq = new long[banks];
        missSeq = new long[banks];
        hitSlot = new int[banks];
        missSlot = new int[banks];
        Arrays.fill(head, NIL);
        Arrays.fill(tail, NIL);
        Arrays.fill(hitSeq, NONE);
        Arrays.fill(missSeq, NONE);
        Arrays.fill(hitSlot, NIL);
        Arrays.fill(missSlot, NIL);
        occupied = new long[(banks + 63) >>> 6];
    }

    boolean full() {
        return size == capacity;
    }

    /**
     * Appends; {@code sequence} must exceed every queued entry's. Returns the slot, and whether the entry became
     * its bank's oldest hit or oldest miss can be read from {@link #hitSlot} / {@link #missSlot}.
     */
    int add(long reqId, long cycle, long sequence, int flatBank, int rowIndex, int col) {
        int s = freeSlots[--freeTop];
        id[s] = reqId;
        arrival[s] = cycle;
        seq[s] = sequence;
        bank[s] = flatBank;
        row[s] = rowIndex;
        column[s] = col;
        classified[s] = false;
        int t = tail[flatBank];
        next[s] = NIL;
        prev[s] = t;
        if (t == NIL) {
            head[flatBank] = s;
            occupied[flatBank >>> 6] |= 1L << flatBank;
        } else {
            next[t] = s;
        }
        tail[flatBank] = s;
        count[flatBank]++;
        size++;
        if (rowIndex == openRow[flatBank]) {
            hitCount[flatBank]++;
            if (hitSlot[flatBank] == NIL) {
                hitSlot[flatBank] = s;
                hitSeq[flatBank] = sequence;
            }
        } else if (missSlot[flatBank] == NIL) {
            missSlot[flatBank] = s;
            missSeq[flatBank] = sequence;
        }
        return s;
    }

    /** Removes slot {@code s}; the bank's open row must be the one its entries were classified against. */
    void remove(int s) {
        int k = bank[s];
        int n = next[s];
        int p = prev[s];
        if (p == NIL) {
            head[k] = n;
        } else {
            next[p] = n;
        }
        if (n == NIL) {
            tail[k] = p;
        } else {
            prev[n] = p;
        }
        freeSlots[freeTop++] = s;
        size--;
        if (--count[k] == 0) {
            occupied[k >>> 6] &= ~(1L << k);
        }
        int open = openRow[k];
        if (row[s] == open) {
            hitCount[k]--;
            if (hitSlot[k] == s) {
                // Younger hits follow s in arrival order.
                int h = NIL;
                if (hitCount[k] > 0) {
                    h = n;
                    while (row[h] != open) {
                        h = next[h];
                    }
                }
                setHit(k, h);
            }
        } else if (missSlot[k] == s) {
            int m = n;
            while (m != NIL && row[m] == open) {
                m = next[m];
            }
            setMiss(k, m);
        }
    }

    private void setHit(int k, int s) {
        hitSlot[k] = s;
        hitSeq[k] = s == NIL ? NONE : seq[s];
    }

    private void setMiss(int k, int s) {
        missSlot[k] = s;
        missSeq[k] = s == NIL ? NONE : seq[s];
    }

    /** Reclassifies one bank's entries after its open row changed. */
    void refreshBank(int k) {
        int open = openRow[k];
        int first = head[k];
        if (open < 0) {
            hitCount[k] = 0;
            setHit(k, NIL);
            setMiss(k, first);
            return;
        }
        int hits = 0;
        int h = NIL;
        int m = NIL;
        for (int s = first; s != NIL; s = next[s]) {
            if (row[s] == open) {
                hits++;
                if (h == NIL) {
                    h = s;
                }
            } else if (m == NIL) {
                m = s;
            }
        }
        hitCount[k] = hits;
        setHit(k, h);
        setMiss(k, m);
    }

    /** Entries of bank {@code k} that hit its open row. */
    int hits(int k) {
        return hitCount[k];
    }

    /** True if an entry other than slot {@code except} targets this bank and row. */
    boolean hasHit(int flatBank, int rowIndex, int except) {
        for (int s = head[flatBank]; s != NIL; s = next[s]) {
            if (s != except && row[s] == rowIndex) {
                return true;
            }
        }
        return false;
    }
}
