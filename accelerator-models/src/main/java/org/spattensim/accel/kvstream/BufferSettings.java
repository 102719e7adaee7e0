package org.spattensim.accel.kvstream;

import org.spattensim.common.InvalidInputException;

/**
 * On-chip key and value buffers of a K/V-streaming design.
 *
 * @param keyBufferBytes   key buffer
 * @param valueBufferBytes value buffer
 */
public record BufferSettings(long keyBufferBytes, long valueBufferBytes) {
    /** 64 MiB: far beyond any attention SRAM, to refuse typing errors before they cost a run. */
    static final long MAX = 64L << 20;

    public BufferSettings {
        if (keyBufferBytes < 1 || keyBufferBytes > MAX) {
            throw InvalidInputException.of("", "buffers.keyBufferBytes", "is " + keyBufferBytes, "1 to " + MAX + " B");
        }
        if (valueBufferBytes < 1 || valueBufferBytes > MAX) {
            throw InvalidInputException.of("", "buffers.valueBufferBytes", "is " + valueBufferBytes, "1 to " + MAX + " B");
        }
    }
}
