package org.spattensim.accel.kvstream;

import org.spattensim.common.InvalidInputException;
import org.spattensim.memory.dram.DramConfig;
import org.spattensim.memory.dram.DramPresets;

/**
 * The DRAM behind a K/V-streaming design and the fetcher in front of it.
 *
 * @param dramPreset           a DRAM preset name or YAML file
 * @param channels             DRAM channels
 * @param transactionBytes     bytes per read transaction
 * @param fetcherChannels      transactions the fetcher issues per cycle
 * @param maxPendingPerChannel requests a DRAM channel port holds at once (0: no limit)
 */
public record MemorySettings(String dramPreset, int channels, int transactionBytes, int fetcherChannels,
                             int maxPendingPerChannel) {
    public MemorySettings {
        if (dramPreset == null || !(DramPresets.presets().contains(dramPreset)
                || java.nio.file.Files.isRegularFile(java.nio.file.Path.of(dramPreset)))) {
            throw InvalidInputException.of("", "memory.dramPreset", "is " + dramPreset,
                    "a DRAM preset " + DramPresets.presets().names() + " or a DRAM YAML file");
        }
        if (channels < 1 || channels > 1024) {
            throw InvalidInputException.of("", "memory.channels", "is " + channels, "1 to 1024");
        }
        if (transactionBytes <= 0 || Integer.bitCount(transactionBytes) != 1) {
            throw InvalidInputException.of("", "memory.transactionBytes", "is " + transactionBytes, "a power of two > 0");
        }
        if (fetcherChannels < 1 || fetcherChannels > 4096) {
            throw InvalidInputException.of("", "memory.fetcherChannels", "is " + fetcherChannels, "1 to 4096");
        }
        if (maxPendingPerChannel < 0) {
            throw InvalidInputException.of("", "memory.maxPendingPerChannel", "is " + maxPendingPerChannel, ">= 0");
        }
    }

    /** The DRAM configuration these settings describe. */
    public DramConfig dramConfig() {
        DramConfig base = DramPresets.load(dramPreset);
        return base.withChannels(channels).withController(base.controller().withTransactionBytes(transactionBytes));
    }
}
