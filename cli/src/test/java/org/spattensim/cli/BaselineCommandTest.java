package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCommandTest {

    @Test
    void jsonHasMeasuredCpuAndModelledGpu() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SpattenCliTest.run(out, err, "baseline", "--shape", "decode:2x2x8:16:4", "--baselines", "cpu,gpu:titan-xp",
                "--threads", "1", "--warmup", "0", "--runs", "2", "--json");
        assertEquals(0, code, err.toString());
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertEquals(16, root.get("shape").get("contextLength").asInt());
        assertEquals("cpu", root.get("results").get(0).get("baseline").asText());
        assertEquals("measured", root.get("results").get(0).get("latency_kind").asText());
        assertEquals("modelled", root.get("results").get(1).get("latency_kind").asText());
    }

    @Test
    void measuredCsvRowIsUsedForItsShape(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("gpu.csv");
        Files.writeString(csv, "gpu,device_name,layers,query_heads,kv_heads,head_dim,context_length,queries,mode,causal,kernel,"
                + "dtype,median_latency_s,repeats,date,driver,torch_version\n"
                + "titan-xp,NVIDIA TITAN Xp,12,12,12,64,1024,32,decode,true,eager,fp32,0.25,20,2026-11-20,470.1,1.13.1\n");
        StringWriter out = new StringWriter();
        int code = SpattenCliTest.run(out, new StringWriter(), "baseline", "--baselines", "gpu:titan-xp,gpu:h100",
                "--gpu-csv", csv.toString());
        assertEquals(0, code);
        assertTrue(out.toString().matches("(?s).*gpu:titan-xp +measured +250\\.0000 .*"), out.toString());
        assertTrue(out.toString().matches("(?s).*gpu:h100 +modelled .*"), out.toString());
    }

    @Test
    void badInputExitsTwoWithTheMessage(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(2, SpattenCliTest.run(new StringWriter(), err, "baseline", "--shape", "decode:12x12x64:1024"));
        assertTrue(err.toString().contains("queries"), err.toString());
        err = new StringWriter();
        assertEquals(2, SpattenCliTest.run(new StringWriter(), err, "baseline", "--baselines", "gpu:k80"));
        assertTrue(err.toString().contains("gpu:k80"), err.toString());
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "gpu,mode\n");
        err = new StringWriter();
        assertEquals(2, SpattenCliTest.run(new StringWriter(), err, "baseline", "--baselines", "gpu:h100", "--gpu-csv", csv.toString()));
        assertTrue(err.toString().contains("bad.csv: line 1: missing column"), err.toString());
    }
}
