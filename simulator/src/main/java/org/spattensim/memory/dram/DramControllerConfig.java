package org.spattensim.memory.dram;

import org.spattensim.common.InvalidInputException;
import org.spattensim.config.Default;
import org.spattensim.memory.dram.mapping.MappingScheme;

/**
 * Per-channel controller parameters.
 *
 * @param readQueueSize      read queue entries per (pseudo-)channel
 * @param writeQueueSize     write queue entries per (pseudo-)channel
 * @param writeHighWatermark fraction of the write queue above which the controller drains writes
 * @param writeLowWatermark  fraction below which it returns to reads (if reads wait)
 * @param pagePolicy         open or closed page
 * @param mapping            address mapping scheme
 * @param transactionBytes   bytes per request (one column command); a power of two
 * @param model              which controller model serves the requests (default {@link ControllerModel#FRFCFS})
 */
public record DramControllerConfig(int readQueueSize, int writeQueueSize, double writeHighWatermark,
                                   double writeLowWatermark, PagePolicy pagePolicy, MappingScheme mapping,
                                   int transactionBytes, @Default("FRFCFS") ControllerModel model) {
    private static final String R = "DRAM controller";

    public DramControllerConfig {
        Require.positive(R, "controller.readQueueSize", readQueueSize);
        Require.positive(R, "controller.writeQueueSize", writeQueueSize);
        if (readQueueSize > 1024 || writeQueueSize > 1024) {
            throw InvalidInputException.of(R, readQueueSize > 1024 ? "controller.readQueueSize" : "controller.writeQueueSize",
                    "got " + Math.max(readQueueSize, writeQueueSize), "at most 1024 entries");
        }
        if (!(writeHighWatermark > 0 && writeHighWatermark <= 1)) {
            throw InvalidInputException.of(R, "controller.writeHighWatermark", "got " + writeHighWatermark, "a fraction in (0, 1]");
        }
        if (!(writeLowWatermark >= 0 && writeLowWatermark < writeHighWatermark)) {
            throw InvalidInputException.of(R, "controller.writeLowWatermark", "got " + writeLowWatermark,
                    "a fraction in [0, writeHighWatermark)");
        }
        if (pagePolicy == null) {
            throw InvalidInputException.of(R, "controller.pagePolicy", "missing", "OPEN or CLOSED");
        }
        if (mapping == null) {
            throw InvalidInputException.of(R, "controller.mapping", "missing", "one of RoBaRaCoCh, RoBaRaCoBgCh");
        }
        Require.powerOfTwo(R, "controller.transactionBytes", transactionBytes);
        if (model == null) {
            throw InvalidInputException.of(R, "controller.model", "missing", "FRFCFS or RAMULATOR2");
        }
        if (model == ControllerModel.RAMULATOR2 && writeLowWatermark == 0) {
            // [R20] generic_dram_controller.cpp set_write_mode leaves write mode only while the write buffer is below
            // this mark: at 0 it never does, and queued reads would wait forever (our FR-FCFS model also leaves it
            // when the write queue is empty, so 0 is fine there).
            throw InvalidInputException.of(R, "controller.writeLowWatermark", "got 0 with controller.model RAMULATOR2",
                    "a fraction above 0 (Ramulator 2.0 leaves write-drain mode only below it, so at 0 reads starve)");
        }
    }

    /** Without a model: our FR-FCFS controller. */
    public DramControllerConfig(int readQueueSize, int writeQueueSize, double writeHighWatermark,
                                double writeLowWatermark, PagePolicy pagePolicy, MappingScheme mapping,
                                int transactionBytes) {
        this(readQueueSize, writeQueueSize, writeHighWatermark, writeLowWatermark, pagePolicy, mapping,
                transactionBytes, ControllerModel.FRFCFS);
    }

    /** Ramulator 2 generic-controller defaults: 32-entry queues, drain writes between 80% and 20%. */
    public static DramControllerConfig defaults(int transactionBytes) {
        return new DramControllerConfig(32, 32, 0.8, 0.2, PagePolicy.OPEN, MappingScheme.RoBaRaCoCh, transactionBytes);
    }

    public DramControllerConfig withMapping(MappingScheme m) {
        return new DramControllerConfig(readQueueSize, writeQueueSize, writeHighWatermark, writeLowWatermark,
                pagePolicy, m, transactionBytes, model);
    }

    public DramControllerConfig withPagePolicy(PagePolicy p) {
        return new DramControllerConfig(readQueueSize, writeQueueSize, writeHighWatermark, writeLowWatermark,
                p, mapping, transactionBytes, model);
    }

    public DramControllerConfig withTransactionBytes(int bytes) {
        return new DramControllerConfig(readQueueSize, writeQueueSize, writeHighWatermark, writeLowWatermark,
                pagePolicy, mapping, bytes, model);
    }

    public DramControllerConfig withQueues(int reads, int writes) {
        return new DramControllerConfig(reads, writes, writeHighWatermark, writeLowWatermark, pagePolicy, mapping,
                transactionBytes, model);
    }
}
