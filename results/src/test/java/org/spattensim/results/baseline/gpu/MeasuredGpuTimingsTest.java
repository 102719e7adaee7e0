package org.spattensim.results.baseline.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;
import org.spattensim.results.baseline.AttentionShape;
import org.spattensim.results.baseline.BaselineResult;

class MeasuredGpuTimingsTest {
    private static final String HEADER = String.join(",", MeasuredGpuTimings.COLUMNS) + "\n";
    private static final String EAGER = "h100,\"NVIDIA H100, 80GB\",12,12,12,64,1024,32,decode,true,eager,fp16,0.0120,50,2026-11-20,550.54,2.4.1\n";
    private static final String SDPA = "h100,NVIDIA H100 80GB HBM3,12,12,12,64,1024,32,decode,true,sdpa,fp16,0.0080,50,2026-11-20,550.54,2.4.1\n";

    private static MeasuredGpuTimings parse(String csv) throws Exception {
        return MeasuredGpuTimings.parse(new StringReader(csv), "gpu.csv");
    }

    private static String error(String csv) {
        return assertThrows(InvalidInputException.class, () -> parse(csv)).getMessage();
    }

    @Test
    void parsesRowsAndPicksTheFastestKernel() throws Exception {
        MeasuredGpuTimings t = parse("# measured by tools/gpu_baseline.py\n" + HEADER + EAGER + "\n" + SDPA);
        assertEquals(2, t.rows().size());
        assertEquals("NVIDIA H100, 80GB", t.rows().get(0).deviceName());
        AttentionShape gpt2 = AttentionShape.decode(12, 12, 64, 992, 32);
        MeasuredGpuTiming best = t.fastest("h100", gpt2).orElseThrow();
        assertEquals("sdpa", best.kernel());
        assertEquals(5, best.line());   // comment, header, eager, blank, sdpa
        assertTrue(t.fastest("a100", gpt2).isEmpty());
        assertTrue(t.fastest("h100", AttentionShape.decode(12, 12, 64, 991, 33)).isEmpty());
    }

    @Test
    void errorsNameFileLineAndColumn() {
        String m = error(HEADER + SDPA.replace(",64,", ",sixty-four,"));
        assertTrue(m.startsWith("gpu.csv: line 2, column 6 'head_dim'") && m.contains("sixty-four"), m);
        m = error(HEADER + SDPA.replace("0.0080", "-1"));
        assertTrue(m.contains("line 2, column 13 'median_latency_s'"), m);
        m = error(HEADER + SDPA.replace("decode", "generate"));
        assertTrue(m.contains("column 9 'mode'"), m);
        m = error(HEADER + SDPA.replace("2026-11-20", "20/11/2026"));
        assertTrue(m.contains("column 15 'date'"), m);
        m = error(HEADER + SDPA.replace("sdpa", "flash"));
        assertTrue(m.contains("'kernel'"), m);
        m = error(HEADER + SDPA.replace(",fp16,", ",int8,"));
        assertTrue(m.contains("line 2, column 'dtype'"), m);
        m = error(HEADER + SDPA.replace(",true,", ",yes,"));
        assertTrue(m.contains("'causal'"), m);
        m = error(HEADER + SDPA + SDPA.replace(",2.4.1", ""));
        assertTrue(m.contains("line 3: 16 fields; expected 17"), m);
        m = error(HEADER.replace("driver", "drivers") + SDPA);
        assertTrue(m.contains("line 1, column 16: unknown column 'drivers'"), m);
        m = error(HEADER.replace(",torch_version", "") + SDPA);
        assertTrue(m.contains("missing column 'torch_version'"), m);
        m = error(HEADER + SDPA.replace(",1024,32,", ",16,32,"));
        assertTrue(m.contains("line 2: inconsistent shape") && m.contains("queries"), m);
        m = error("");
        assertTrue(m.contains("no header"), m);
    }

    @Test
    void measuredBaselineUsesMeasurementElseFallsBackToModel() throws Exception {
        MeasuredGpuTimings t = parse(HEADER + EAGER + SDPA);
        GpuSpec h100 = GpuSpecTable.defaults().get("h100");
        MeasuredGpuBaseline b = new MeasuredGpuBaseline("h100", t, h100, new GpuRooflineBaseline(h100));
        BaselineResult measured = b.evaluate(AttentionShape.decode(12, 12, 64, 992, 32));
        assertTrue(measured.measured());
        assertEquals(0.0080, measured.latencySeconds(), 0);
        assertEquals(0.0080 * 700, measured.energyJoules(), 1e-12);
        assertTrue(measured.method().contains("sdpa") && measured.method().contains("gpu.csv line 3"), measured.method());
        BaselineResult modelled = b.evaluate(AttentionShape.prefill(12, 12, 64, 128, false));
        assertEquals(BaselineResult.Kind.MODELLED, modelled.latencyKind());
        MeasuredGpuBaseline strict = new MeasuredGpuBaseline("h100", t, h100, null);
        assertThrows(InvalidInputException.class, () -> strict.evaluate(AttentionShape.prefill(12, 12, 64, 128, false)));
    }
}
