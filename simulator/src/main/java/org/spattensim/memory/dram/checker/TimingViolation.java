package org.spattensim.memory.dram.checker;

/**
 * One broken constraint found in a command log.
 *
 * @param index      position of the offending command in the log
 * @param cycle      its cycle
 * @param constraint the constraint's name, e.g. {@code tRCD}, {@code tFAW}
 * @param message    what happened, with the earliest legal cycle
 */
public record TimingViolation(int index, long cycle, String constraint, String message) {
    @Override
    public String toString() {
        return "#" + index + " @" + cycle + " " + constraint + ": " + message;
    }
}
