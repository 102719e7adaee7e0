package org.spattensim.accel.spatten.energy;

import org.spattensim.energy.ActionCounts;
import org.spattensim.stats.StatsRegistry;

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

    /** Registers the counts as {@code actions.*} counters (name, unit, description). */
    public void register(StatsRegistry s) {
        s.counter("actions.qk_mac", "MACs", "Q×K multiply-accumulates").set(qkMacs);
        s.counter("actions.pv_mac", "MACs", "Prob×V multiply-accumulates").set(pvMacs);
        s.counter("actions.softmax_element", "scores", "scores through the softmax").set(softmaxElements);
        s.counter("actions.topk_comparator_cycle", "comparator-cycles", "top-k comparator activations").set(topkComparatorCycles);
        s.counter("actions.sram_byte", "B", "key and value buffer bytes written and read").set(keyBufferBytes + valueBufferBytes);
        s.counter("actions.convert_byte", "B", "bytes through the bit-width converter").set(convertedBytes);
    }

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
