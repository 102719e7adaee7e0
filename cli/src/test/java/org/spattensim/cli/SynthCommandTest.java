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

class SynthCommandTest {
    @TempDir
    Path dir;

    @Test
    void synthThenTraceStatsTableAndJson() throws Exception {
        Path t = dir.resolve("s.safetensors");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, SpattenCliTest.run(out, err, "synth", "--shape", "gpt2-small", "--seq-len", "32", "--mode",
                "decode", "--steps", "4", "--seed", "9", "--set", "sinkStrength=5", "-o", t.toString()), err.toString());
        assertTrue(out.toString().contains("36 positions (4 query rows per head)"), out.toString());
        assertTrue(Files.size(t) > 0);

        StringWriter table = new StringWriter();
        assertEquals(0, SpattenCliTest.run(table, err, "trace-stats", t.toString()), err.toString());
        assertTrue(table.toString().contains("mean over 144 heads"), table.toString());

        StringWriter json = new StringWriter();
        assertEquals(0, SpattenCliTest.run(json, err, "trace-stats", t.toString(), "--json"), err.toString());
        JsonNode n = new ObjectMapper().readTree(json.toString());
        assertEquals(144, n.get("heads").size());
        assertEquals(4, n.get("heads").get(0).get("rows").asInt());
        assertTrue(n.get("summary").get("sinkMass").asDouble() > 0.2, json.toString());
    }

    @Test
    void badInputsAreExitTwo() {
        Path t = dir.resolve("x.safetensors");
        StringWriter err = new StringWriter();
        assertEquals(SpattenCli.EXIT_BAD_INPUT, SpattenCliTest.run(new StringWriter(), err, "synth", "--shape",
                "gpt2-small", "--seq-len", "8", "--set", "bogus=1", "-o", t.toString()));
        assertTrue(err.toString().contains("bogus"), err.toString());
        assertEquals(SpattenCli.EXIT_BAD_INPUT, SpattenCliTest.run(new StringWriter(), new StringWriter(), "synth",
                "--shape", "bert-base", "--seq-len", "8", "--mode", "decode", "--steps", "2", "-o", t.toString()));
        Path dec = dir.resolve("d.safetensors");
        assertEquals(0, SpattenCliTest.run(new StringWriter(), new StringWriter(), "import-spatten", "small", "-o",
                dec.toString()));
        StringWriter err2 = new StringWriter();
        assertEquals(SpattenCli.EXIT_BAD_INPUT, SpattenCliTest.run(new StringWriter(), err2, "trace-stats",
                dec.toString()));
        assertTrue(err2.toString().contains("decision trace"), err2.toString());
    }
}
