package org.spattensim.memory.dram;

import org.spattensim.common.InvalidInputException;
import org.spattensim.memory.dram.mapping.MappingScheme;

/**
 * A complete DRAM system description: organisation, timing and controller. Cross-field checks: a transaction
 * fits in one row and in one burst of the data bus.
 *
 * @param name         preset name (e.g. {@code DDR4_8Gb_x8_2400})
 * @param organization channels, banks, rows, widths
 * @param timing       timing in memory cycles
 * @param controller   queues, page policy, mapping, transaction size
 */
public record DramConfig(String name, DramOrganization organization, DramTiming timing,
                         DramControllerConfig controller) {
    private static final String R = "DramConfig";

    public DramConfig {
        Require.nonBlank(R, "name", name);
        if (organization == null) {
            throw InvalidInputException.of(R, "organization", "missing", "an organization section");
        }
        if (timing == null) {
            throw InvalidInputException.of(R, "timing", "missing", "a timing section");
        }
        if (controller == null) {
            throw InvalidInputException.of(R, "controller", "missing", "a controller section");
        }
        if (controller.model() == ControllerModel.RAMULATOR2 && organization.ranks() != 1) {
            throw InvalidInputException.of(R, "organization.ranks", "got " + organization.ranks()
                    + " with controller.model RAMULATOR2", "1 rank (the Ramulator 2.0 HBM2 model has no rank level)");
        }
        if (controller.model() == ControllerModel.RAMULATOR2 && controller.pagePolicy() != PagePolicy.OPEN) {
            throw InvalidInputException.of(R, "controller.pagePolicy", "got " + controller.pagePolicy()
                    + " with controller.model RAMULATOR2", "OPEN (the release runs Ramulator 2.0's open-row policy)");
        }
        int tx = controller.transactionBytes();
        if (tx > organization.rowBytes()) {
            throw InvalidInputException.of(R, "controller.transactionBytes",
                    "got " + tx + ", larger than organization.rowBytes = " + organization.rowBytes(),
                    "a transaction no larger than one row");
        }
        long burstBytes = (long) timing.nBL() * 2 * organization.busWidthBits() / 8;
        if (tx > burstBytes) {
            throw InvalidInputException.of(R, "controller.transactionBytes",
                    "got " + tx + ", more than one burst carries (nBL " + timing.nBL() + " cycles x 2 transfers x "
                            + organization.busWidthBits() / 8 + " B = " + burstBytes + " B)",
                    "transactionBytes <= " + burstBytes);
        }
    }

    /** Independent controllers: one per (pseudo-)channel, or per channel for {@link ControllerModel#RAMULATOR2}. */
    public int units() {
        return controller.model().units(organization);
    }

    /** Lines (transactions) per row. */
    public int linesPerRow() {
        return organization.rowBytes() / controller.transactionBytes();
    }

    public DramConfig withChannels(int channels) {
        DramOrganization o = organization;
        return new DramConfig(name, new DramOrganization(o.standard(), channels, o.pseudoChannels(), o.ranks(),
                o.bankGroups(), o.banksPerGroup(), o.rows(), o.rowBytes(), o.busWidthBits(), o.dataRateMtps()),
                timing, controller);
    }

    public DramConfig withRanks(int ranks) {
        DramOrganization o = organization;
        return new DramConfig(name, new DramOrganization(o.standard(), o.channels(), o.pseudoChannels(), ranks,
                o.bankGroups(), o.banksPerGroup(), o.rows(), o.rowBytes(), o.busWidthBits(), o.dataRateMtps()),
                timing, controller);
    }

    public DramConfig withController(DramControllerConfig c) {
        return new DramConfig(name, organization, timing, c);
    }

    public DramConfig withTiming(DramTiming t) {
        return new DramConfig(name, organization, t, controller);
    }

    public DramConfig withMapping(MappingScheme m) {
        return withController(controller.withMapping(m));
    }
}
