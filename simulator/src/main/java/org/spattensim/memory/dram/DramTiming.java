package org.spattensim.memory.dram;

import org.spattensim.common.InvalidInputException;

/**
 * Core DRAM timing parameters, all in memory-clock cycles (tCK). Names follow Ramulator 2 ({@code n} prefix =
 * cycles). Validated on construction: negative values, tRAS > tRC, tCCD_S > tCCD_L, tRRD_S > tRRD_L,
 * tWTR_S > tWTR_L and tRFC >= tREFI are rejected with the field named.
 *
 * @param nBL    cycles the data bus is busy per column command (a DDR burst of BL transfers lasts BL/2 cycles)
 * @param nCL    read latency: RD command to first data
 * @param nCWL   write latency: WR command to first data
 * @param nRCD   ACT to RD, same bank
 * @param nRCDWR ACT to WR, same bank (equal to nRCD on DDR4)
 * @param nRP    PRE to ACT, same bank
 * @param nRAS   ACT to PRE, same bank
 * @param nRC    ACT to ACT, same bank
 * @param nWR    write recovery: end of write data to PRE, same bank
 * @param nRTP   RD to PRE, same bank
 * @param nCCDS  column to column, different bank group
 * @param nCCDL  column to column, same bank group
 * @param nRRDS  ACT to ACT, different bank group
 * @param nRRDL  ACT to ACT, same bank group
 * @param nWTRS  end of write data to RD, different bank group
 * @param nWTRL  end of write data to RD, same bank group
 * @param nFAW   window in which at most four ACTs may issue to one rank
 * @param nRFC   all-bank refresh: REF to the next ACT or REF
 * @param nREFI  average interval between all-bank refreshes
 * @param nRTRS  rank-to-rank data-bus switch (only matters with more than one rank)
 */
public record DramTiming(int nBL, int nCL, int nCWL, int nRCD, int nRCDWR, int nRP, int nRAS, int nRC, int nWR,
                         int nRTP, int nCCDS, int nCCDL, int nRRDS, int nRRDL, int nWTRS, int nWTRL, int nFAW,
                         int nRFC, int nREFI, int nRTRS) {
    private static final String R = "DRAM timing";

    public DramTiming {
        Require.positive(R, "timing.nBL", nBL);
        Require.positive(R, "timing.nCL", nCL);
        Require.nonNegative(R, "timing.nCWL", nCWL);
        Require.positive(R, "timing.nRCD", nRCD);
        Require.positive(R, "timing.nRCDWR", nRCDWR);
        Require.positive(R, "timing.nRP", nRP);
        Require.positive(R, "timing.nRAS", nRAS);
        Require.positive(R, "timing.nRC", nRC);
        Require.nonNegative(R, "timing.nWR", nWR);
        Require.positive(R, "timing.nRTP", nRTP);
        Require.positive(R, "timing.nCCDS", nCCDS);
        Require.positive(R, "timing.nCCDL", nCCDL);
        Require.positive(R, "timing.nRRDS", nRRDS);
        Require.positive(R, "timing.nRRDL", nRRDL);
        Require.nonNegative(R, "timing.nWTRS", nWTRS);
        Require.nonNegative(R, "timing.nWTRL", nWTRL);
        Require.nonNegative(R, "timing.nFAW", nFAW);
        Require.positive(R, "timing.nRFC", nRFC);
        Require.positive(R, "timing.nREFI", nREFI);
        Require.nonNegative(R, "timing.nRTRS", nRTRS);
        Require.notAbove(R, "timing.nRAS", nRAS, "timing.nRC", nRC);
        Require.notAbove(R, "timing.nCCDS", nCCDS, "timing.nCCDL", nCCDL);
        Require.notAbove(R, "timing.nRRDS", nRRDS, "timing.nRRDL", nRRDL);
        Require.notAbove(R, "timing.nWTRS", nWTRS, "timing.nWTRL", nWTRL);
        if (nRFC >= nREFI) {
            throw InvalidInputException.of(R, "timing.nRFC", "got " + nRFC + ", not below nREFI = " + nREFI,
                    "nRFC < nREFI (a refresh must finish before the next is due)");
        }
    }

    /** Column-to-column spacing in one bank group: tCCD_L, never shorter than the burst on the shared data bus. */
    public int ccdL() {
        return Math.max(nCCDL, nBL);
    }

    /** Column-to-column spacing across bank groups of one rank: tCCD_S, never shorter than the burst. */
    public int ccdS() {
        return Math.max(nCCDS, nBL);
    }

    /** RD to WR, same rank: read data must leave the bus before write data arrives (Ramulator 2 DDR4/HBM2 rule, 2-cycle turnaround). */
    public int readToWrite() {
        return nCL + nBL + 2 - nCWL;
    }

    /** WR to RD, same bank group: write data, then tWTR_L. */
    public int writeToReadL() {
        return nCWL + nBL + nWTRL;
    }

    /** WR to RD, other bank group of the same rank: write data, then tWTR_S. */
    public int writeToReadS() {
        return nCWL + nBL + nWTRS;
    }

    /** WR to PRE, same bank: write data, then write recovery. */
    public int writeToPrecharge() {
        return nCWL + nBL + nWR;
    }
}
