package org.spattensim.accel.spatten.prune;

/**
 * The cached positions of every (layer, KV head) of an evicting policy, each an ascending list: positions enter
 * at the end as the context grows and leave when the policy evicts them; an evicted token never returns.
 */
final class CacheSets {
    private final int[][] positions;
    private final int[] size;
    /** Position of the step at which each set last admitted its newest token (-1: never). */
    private final int[] admittedAt;
    /** Every position up to this one has entered the set (evicted ones stay out). */
    private final int[] admittedThrough;

    CacheSets(int sets, int capacity) {
        positions = new int[sets][];
        size = new int[sets];
        admittedAt = new int[sets];
        java.util.Arrays.fill(admittedAt, -1);
        admittedThrough = new int[sets];
        java.util.Arrays.fill(admittedThrough, -1);
        for (int s = 0; s < sets; s++) {
            positions[s] = new int[Math.min(capacity, 64)];
        }
    }

    int size(int set) {
        return size[set];
    }

    int get(int set, int i) {
        return positions[set][i];
    }

    int[] array(int set) {
        return positions[set];
    }

    /** True once per set and step: the caller then evicts and admits the step's token. */
    boolean firstAt(int set, int position) {
        if (admittedAt[set] == position) {
            return false;
        }
        admittedAt[set] = position;
        return true;
    }

    /** Admits every position from the last one held up to {@code position} (prompt positions and the new token). */
    void admitThrough(int set, int position) {
        for (int p = admittedThrough[set] + 1; p <= position; p++) {
            if (size[set] == positions[set].length) {
                positions[set] = java.util.Arrays.copyOf(positions[set], positions[set].length * 2);
            }
            positions[set][size[set]++] = p;
        }
        admittedThrough[set] = Math.max(admittedThrough[set], position);
    }

    /** Keeps the entries at the given indices (ascending) and drops the others. */
    void retain(int set, int[] indices, int count) {
        int[] p = positions[set];
        for (int i = 0; i < count; i++) {
            p[i] = p[indices[i]];
        }
        size[set] = count;
    }

    int copyTo(int set, int[] out) {
        System.arraycopy(positions[set], 0, out, 0, size[set]);
        return size[set];
    }
}
