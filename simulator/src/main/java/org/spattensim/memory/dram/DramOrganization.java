package org.spattensim.memory.dram;

/**
 * Organisation of a DRAM system. A pseudo-channel (HBM2) is modelled as an independent channel with its own
 * banks, controller and data bus; {@link #units()} counts these independent channels.
 *
 * @param standard       family name, e.g. {@code HBM2}, {@code DDR4} (informative)
 * @param channels       channels in the system (independent command/data buses)
 * @param pseudoChannels pseudo-channels per channel (1 when the standard has none or legacy mode is used)
 * @param ranks          ranks per (pseudo-)channel
 * @param bankGroups     bank groups per rank
 * @param banksPerGroup  banks per bank group
 * @param rows           rows per bank
 * @param rowBytes       bytes of one row (the row buffer / page) across the (pseudo-)channel's data bus
 * @param busWidthBits   data-bus width of one (pseudo-)channel in bits
 * @param dataRateMtps   data rate in mega-transfers per second (double data rate: the clock is half of it)
 */
public record DramOrganization(String standard, int channels, int pseudoChannels, int ranks, int bankGroups,
                               int banksPerGroup, int rows, int rowBytes, int busWidthBits, int dataRateMtps) {
    private static final String R = "DRAM organization";

    public DramOrganization {
        Require.nonBlank(R, "organization.standard", standard);
        Require.powerOfTwo(R, "organization.channels", channels);
        Require.powerOfTwo(R, "organization.pseudoChannels", pseudoChannels);
        Require.powerOfTwo(R, "organization.ranks", ranks);
        Require.powerOfTwo(R, "organization.bankGroups", bankGroups);
        Require.powerOfTwo(R, "organization.banksPerGroup", banksPerGroup);
        Require.powerOfTwo(R, "organization.rows", rows);
        Require.powerOfTwo(R, "organization.rowBytes", rowBytes);
        Require.positive(R, "organization.busWidthBits", busWidthBits);
        if (busWidthBits % 8 != 0) {
            throw org.spattensim.common.InvalidInputException.of(R, "organization.busWidthBits", "got " + busWidthBits,
                    "a multiple of 8");
        }
        Require.positive(R, "organization.dataRateMtps", dataRateMtps);
        if ((long) channels * pseudoChannels > 4096) {
            throw org.spattensim.common.InvalidInputException.of(R, "organization.channels",
                    "got " + channels + " x " + pseudoChannels + " pseudo-channels", "at most 4096 independent channels");
        }
    }

    /** Independent channels modelled: channels x pseudo-channels. */
    public int units() {
        return channels * pseudoChannels;
    }

    public int banksPerRank() {
        return bankGroups * banksPerGroup;
    }

    public int banksPerUnit() {
        return ranks * bankGroups * banksPerGroup;
    }

    /** Memory clock in GHz (two transfers per clock). */
    public double clockGhz() {
        return dataRateMtps / 2000.0;
    }

    /** Clock period in ns. */
    public double tCkNs() {
        return 2000.0 / dataRateMtps;
    }

    /** Peak bandwidth of one (pseudo-)channel in GB/s (10^9 bytes/s): width x data rate. */
    public double peakGbpsPerUnit() {
        return busWidthBits / 8.0 * dataRateMtps / 1000.0;
    }

    /** Peak bandwidth of one channel including all its pseudo-channels, GB/s. */
    public double peakGbpsPerChannel() {
        return peakGbpsPerUnit() * pseudoChannels;
    }

    public double peakGbps() {
        return peakGbpsPerUnit() * units();
    }

    /** Bytes addressable in the whole system. */
    public long capacityBytes() {
        return (long) units() * ranks * bankGroups * banksPerGroup * (long) rows * rowBytes;
    }
}
