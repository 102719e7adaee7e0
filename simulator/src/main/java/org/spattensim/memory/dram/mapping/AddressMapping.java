package org.spattensim.memory.dram.mapping;

import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramOrganization;

/**
 * Byte address to (channel, pseudo-channel, rank, bank group, bank, row, column) by bit slicing. The lowest
 * log2(transactionBytes) bits are the offset inside a transaction; columns count transactions within a row.
 * Bits above the system's capacity are ignored (the address wraps), as in Ramulator 2's linear mappers.
 * Allocation-free: each accessor is a shift and a mask.
 */
public final class AddressMapping {
    private final MappingScheme scheme;
    private final int txBits;
    private final int chShift, chBits;
    private final int pcShift, pcBits;
    private final int raShift, raBits;
    private final int bgShift, bgBits;
    private final int baShift, baBits;
    private final int roShift, roBits;
    private final int coShift, coBits;
    private final int bankGroups, banksPerGroup, pseudoChannels;
    /** One controller serves all pseudo-channels of a channel ({@code ControllerModel.RAMULATOR2}). */
    private final boolean sharedPseudoChannels;

    public AddressMapping(DramConfig config) {
        DramOrganization o = config.organization();
        this.scheme = config.controller().mapping();
        this.txBits = log2(config.controller().transactionBytes());
        this.chBits = log2(o.channels());
        this.pcBits = log2(o.pseudoChannels());
        this.raBits = log2(o.ranks());
        this.bgBits = log2(o.bankGroups());
        this.baBits = log2(o.banksPerGroup());
        this.roBits = log2(o.rows());
        this.coBits = log2(config.linesPerRow());
        this.bankGroups = o.bankGroups();
        this.banksPerGroup = o.banksPerGroup();
        this.pseudoChannels = o.pseudoChannels();
        this.sharedPseudoChannels = config.controller().model() == org.spattensim.memory.dram.ControllerModel.RAMULATOR2;
        int pos = txBits;
        switch (scheme) {
            case RoBaRaCoCh -> {
                chShift = pos; pos += chBits;
                coShift = pos; pos += coBits;
                raShift = pos; pos += raBits;
                pcShift = pos; pos += pcBits;
                bgShift = pos; pos += bgBits;
                baShift = pos; pos += baBits;
                roShift = pos;
            }
            case RoBaRaCoBgCh -> {
                chShift = pos; pos += chBits;
                bgShift = pos; pos += bgBits;
                coShift = pos; pos += coBits;
                raShift = pos; pos += raBits;
                pcShift = pos; pos += pcBits;
                baShift = pos; pos += baBits;
                roShift = pos;
            }
            default -> throw new IllegalStateException("unhandled mapping " + scheme);
        }
    }

    private static int log2(int powerOfTwo) {
        return Integer.numberOfTrailingZeros(powerOfTwo);
    }

    private static int field(long addr, int shift, int bits) {
        return (int) ((addr >>> shift) & ((1L << bits) - 1));
    }

    public MappingScheme scheme() {
        return scheme;
    }

    public int channel(long addr) {
        return field(addr, chShift, chBits);
    }

    public int pseudoChannel(long addr) {
        return field(addr, pcShift, pcBits);
    }

    /**
     * Index of the controller serving the address: channel x pseudoChannels + pseudo-channel, or the channel when
     * one controller serves all its pseudo-channels.
     */
    public int unit(long addr) {
        return sharedPseudoChannels ? channel(addr) : channel(addr) * pseudoChannels + pseudoChannel(addr);
    }

    public int rank(long addr) {
        return field(addr, raShift, raBits);
    }

    public int bankGroup(long addr) {
        return field(addr, bgShift, bgBits);
    }

    public int bank(long addr) {
        return field(addr, baShift, baBits);
    }

    public int row(long addr) {
        return field(addr, roShift, roBits);
    }

    /** Column in transactions (lines) within the row. */
    public int column(long addr) {
        return field(addr, coShift, coBits);
    }

    /** Bank index within its (pseudo-)channel: (rank x bankGroups + bankGroup) x banksPerGroup + bank. */
    public int flatBank(long addr) {
        return (rank(addr) * bankGroups + bankGroup(addr)) * banksPerGroup + bank(addr);
    }

    /** The lowest byte address of the given coordinates (inverse of the accessors). */
    public long compose(int channel, int pseudoChannel, int rank, int bankGroup, int bank, int row, int column) {
        return ((long) channel << chShift) | ((long) pseudoChannel << pcShift) | ((long) rank << raShift)
                | ((long) bankGroup << bgShift) | ((long) bank << baShift) | ((long) row << roShift)
                | ((long) column << coShift);
    }

    /** Bits of address the mapping uses (log2 of the capacity in bytes). */
    public int addressBits() {
        return txBits + chBits + pcBits + raBits + bgBits + baBits + roBits + coBits;
    }
}
