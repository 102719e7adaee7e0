package org.spattensim.memory.dram.mapping;

/**
 * Address-mapping schemes, named from the most significant field to the least (Ramulator 2 naming). The
 * transaction offset (log2 of the transaction size) lies below all fields. "Ra" covers pseudo-channel and rank
 * bits (pseudo-channel above rank).
 */
public enum MappingScheme {
    /** Ramulator 2's default and the SpAtten release's mapping: from LSB, Ch, Co, Ra, Bg, Ba, Ro. Consecutive
     * lines stay in one row of one bank until the row is exhausted. */
    RoBaRaCoCh,
    /** Bank groups interleaved at line granularity: from LSB, Ch, Bg, Co, Ra, Ba, Ro. Consecutive lines rotate
     * over the bank groups (tCCD_S instead of tCCD_L) and keep row locality in each. */
    RoBaRaCoBgCh
}
