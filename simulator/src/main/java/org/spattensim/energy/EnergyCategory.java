package org.spattensim.energy;

/** Coarse split of energy for reports: datapath logic, on-chip SRAM, off-chip DRAM. */
public enum EnergyCategory {
    LOGIC, SRAM, DRAM
}
