package org.spattensim.memory.dram.controller;

/** FIFO of issued requests waiting for their data; completion cycles are non-decreasing in issue order. */
final class CompletionRing {
    private final long[] id;
    private final long[] arrival;
    private final long[] done;
    private final int mask;
    private int head;
    private int tail;

    CompletionRing(int minCapacity) {
        int cap = Integer.highestOneBit(Math.max(2, minCapacity - 1)) << 1;
        id = new long[cap];
        arrival = new long[cap];
        done = new long[cap];
        mask = cap - 1;
    }

    boolean isEmpty() {
        return head == tail;
    }

    int size() {
        return tail - head;
    }

    void push(long reqId, long arrivalCycle, long doneCycle) {
        if (tail - head > mask) {
            throw new IllegalStateException("completion ring overflow");
        }
        int i = tail & mask;
        id[i] = reqId;
        arrival[i] = arrivalCycle;
        done[i] = doneCycle;
        tail++;
    }

    long headDone() {
        return head == tail ? Long.MAX_VALUE : done[head & mask];
    }

    long headId() {
        return id[head & mask];
    }

    long headArrival() {
        return arrival[head & mask];
    }

    void pop() {
        head++;
    }
}
