package org.spattensim.accel.spatten.pipeline;

import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.engine.unit.PipelinedUnit;

/**
 * The compute units of one SpAtten instance as reservation-timed pipelines (see docs/engine.md):
 * <ul>
 *   <li>bit-width converter: a fixed latency per row ({@code SpattenPipeline.CONVERTER_LATENCY}, our assumption;
 *       the release does not give it), never a throughput limit at these widths;</li>
 *   <li>Q×K broadcast-multiply-reduce: {@code qkMultipliers / headDim} scores per cycle, latency SRAM +
 *       multiply + reduction tree [RTL bert.cpp: 1 + 1 + 9];</li>
 *   <li>softmax: dequantize + exp + accumulate over the score groups as they leave Q×K
 *       [RTL bert.cpp: 7 + 21 + 23], then divide + quantize [RTL bert.cpp: 29 + 7] as a tail after the
 *       last group, as the released C++ model charges it (latencies + ceil(keys / parallelism) once);
 *       the probabilities stream on while the next task accumulates;</li>
 *   <li>Prob×V: {@code pvMultipliers / headDim} value rows per cycle [RTL MultiplyValue.scala], latency
 *       SRAM + multiply + accumulate [RTL bert.cpp: 1 + 1 + 1];</li>
 *   <li>two top-k engines: one for local value pruning in the pipeline, one for the cascade token and
 *       head top-k between layers (our assumption: the paper draws both; sharing one would serialise
 *       the cascade top-k with value pruning). A top-k request holds its engine for its cycles.</li>
 * </ul>
 */
final class ComputeUnits {
    final PipelinedUnit qk;
    final PipelinedUnit softmaxAccumulate;
    final PipelinedUnit softmaxNormalize;
    final PipelinedUnit pv;
    final PipelinedUnit valueTopK;
    final PipelinedUnit cascadeTopK;
    final int scoresPerCycle;
    final int valuesPerCycle;

    /**
     * @param headDim the workload's head dimension (the rates follow the trace, not the preset's
     *                {@code compute.headDim}); a design whose multipliers or buffer line cannot hold one row is
     *                refused
     */
    ComputeUnits(SpattenConfig c, int headDim) {
        SpattenConfig.Latency l = c.latency();
        requireHolds(c.compute().qkMultipliers(), headDim, "compute.qkMultipliers");
        requireHolds(c.compute().pvMultipliers(), headDim, "compute.pvMultipliers");
        requireHolds(c.buffers().lineElements(), headDim, "buffers.lineElements");
        scoresPerCycle = c.compute().qkMultipliers() / headDim;
        valuesPerCycle = c.compute().pvMultipliers() / headDim;
        qk = new PipelinedUnit("spatten.qk", l.qkPipeline(), 1);
        softmaxAccumulate = new PipelinedUnit("spatten.softmax.accumulate",
                l.softmaxDequantize() + l.softmaxExp() + l.softmaxAccumulate(), 1);
        softmaxNormalize = new PipelinedUnit("spatten.softmax.normalize", l.softmaxDivide() + l.softmaxQuantize(), 1);
        pv = new PipelinedUnit("spatten.pv", l.pvPipeline(), 1);
        valueTopK = new PipelinedUnit("spatten.topk.value", 1, 1);
        cascadeTopK = new PipelinedUnit("spatten.topk.cascade", 1, 1);
    }

    private static void requireHolds(int lanes, int headDim, String field) {
        if (lanes < headDim) {
            throw org.spattensim.common.InvalidInputException.of("SpAtten config " + c(field), field,
                    "got " + lanes + ", fewer than the workload's head dimension " + headDim,
                    "at least " + headDim + " (one row of a head per cycle; the broadcast-multiply-reduce unit and "
                            + "the buffer line hold whole rows [RTL BMR.scala, Buffer.scala])");
        }
    }

    private static String c(String field) {
        return "(" + field.substring(0, field.indexOf('.')) + ")";
    }

    PipelinedUnit[] all() {
        return new PipelinedUnit[] {qk, softmaxAccumulate, softmaxNormalize, pv, valueTopK, cascadeTopK};
    }
}
