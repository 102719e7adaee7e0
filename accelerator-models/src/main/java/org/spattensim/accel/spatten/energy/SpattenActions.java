package org.spattensim.accel.spatten.energy;

import org.spattensim.energy.ActionCounts;

/**
 * What the SpAtten datapath did in one run, as counts (no prices): the input of {@link SpattenEnergy}. The
 * cycle-level pipeline and the analytic model produce the same record.
 *
 * @param keyBufferBytes   key buffer bytes written and read
 * @param valueBufferBytes value buffer bytes written and read
 * @param convertedBytes   bytes through the bit-width converter
 */
public record SpattenActions(long qkMacs, long pvMacs, long softmaxElements, long topkComparatorCycles,
                             long keyBufferBytes, long valueBufferBytes, long convertedBytes) {

    /** The counts under the component and action names of the energy presets. */
    public ActionCounts toCounts() {
        ActionCounts c = new ActionCounts();
        c.add("qk", "mac", qkMacs);
        c.add("pv", "mac", pvMacs);
        c.add("softmax", "element", softmaxElements);
        c.add("topk", "comparator_cycle", topkComparatorCycles);
        c.add("converter", "byte", convertedBytes);
        c.add("key_buffer", "access_byte", keyBufferBytes);
        c.add("value_buffer", "access_byte", valueBufferBytes);
        return c;
    }
}
