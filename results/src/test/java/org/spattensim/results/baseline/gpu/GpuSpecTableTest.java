package org.spattensim.results.baseline.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;

class GpuSpecTableTest {

    @Test
    void bundledTableHasTheFiveGpusWithASourcePerValue() {
        GpuSpecTable t = GpuSpecTable.defaults();
        assertEquals(List.of("titan-xp", "v100", "a100", "h100", "jetson-nano"), List.copyOf(t.ids()));
        for (String id : t.ids()) {
            GpuSpec s = t.get(id);
            for (String key : List.of("fp32_tflops", "fp16_tflops", "mem_bandwidth_gbs", "tdp_w", "launch_overhead_us",
                    "default_precision")) {
                assertFalse(s.sources().getOrDefault(key, "").isBlank(), id + " " + key);
            }
        }
        GpuSpec titan = t.get("titan-xp");
        assertEquals(3840 * 2 * 1.582e9, titan.peakFlops(Precision.FP32), 1e10);
        assertEquals(Precision.FP32, titan.defaultPrecision());
        assertEquals(3.35e12, t.get("h100").bandwidth(), 1);
    }

    private static GpuSpecTable parse(String yaml) throws Exception {
        return GpuSpecTable.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static final String GOOD = "gpus:\n  x:\n    fp32_tflops: 1\n    fp16_tflops: 2\n    mem_bandwidth_gbs: 3\n"
            + "    tdp_w: 4\n    launch_overhead_us: 5\n    default_precision: fp16\n    sources:\n"
            + "      fp32_tflops: a\n      fp16_tflops: b\n      mem_bandwidth_gbs: c\n      tdp_w: d\n      launch_overhead_us: e\n";

    @Test
    void rejectsUnsourcedValuesAndUnknownKeys() throws Exception {
        assertEquals(2e12, parse(GOOD).get("x").peakFlops(Precision.FP16), 1);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(GOOD.replace("      tdp_w: d\n", "")));
        assertTrue(e.getMessage().contains("test.yaml") && e.getMessage().contains("gpus.x.sources.tdp_w"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> parse(GOOD.replace("tdp_w: 4", "tdp_w: 4\n    tdp_watts: 4")));
        assertTrue(e.getMessage().contains("gpus.x.tdp_watts"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> parse(GOOD.replace("tdp_w: 4", "tdp_w: -4")));
        assertTrue(e.getMessage().contains("tdp_w"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> parse(GOOD.replace("fp16\n", "fp8\n")));
        assertTrue(e.getMessage().contains("default_precision"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> GpuSpecTable.defaults().get("k80"));
        assertTrue(e.getMessage().contains("k80"), e.getMessage());
    }
}
