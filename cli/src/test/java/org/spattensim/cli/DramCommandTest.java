package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DramCommandTest {
    @Test
    void jsonIsExactlyOneObjectWithTheDocumentedKeys() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SpattenCliTest.run(out, err, "dram", "--preset", "DDR4-2400", "--pattern", "random",
                "--requests", "20000", "--json");
        assertEquals(0, code, err.toString());
        String text = out.toString().trim();
        assertEquals(1, text.lines().count(), text);
        JsonNode j = new ObjectMapper().readTree(text);
        Set<String> keys = new TreeSet<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertEquals(new TreeSet<>(List.of("preset", "pattern", "requests", "peak_gbps", "achieved_gbps",
                "mean_latency_ns", "p99_latency_ns", "row_hit_rate", "refreshes")), keys);
        assertEquals("DDR4_8Gb_x8_2400", j.get("preset").asText());
        assertEquals(20000, j.get("requests").asLong());
        assertEquals(19.2, j.get("peak_gbps").asDouble(), 1e-9);
        double frac = j.get("achieved_gbps").asDouble() / 19.2;
        assertTrue(frac > 0.5 && frac < 0.65, "fraction " + frac);
    }

    @Test
    void textOutputNamesBandwidthLatencyHitsAndRefreshes() {
        StringWriter out = new StringWriter();
        assertEquals(0, SpattenCliTest.run(out, new StringWriter(), "dram", "--preset", "HBM2", "--pattern", "strided",
                "--requests", "5000", "--mapping", "robaracobgch"));
        String s = out.toString();
        for (String k : List.of("GB/s", "% of 32.00 GB/s peak", "p99", "row hit rate", "refreshes")) {
            assertTrue(s.contains(k), k + " in " + s);
        }
    }

    @Test
    void badInputsExitTwoWithAClearMessage() {
        String[][] bad = {
            {"dram", "--preset", "DDR9"},
            {"dram", "--pattern", "zigzag"},
            {"dram", "--requests", "0"},
            {"dram", "--channels", "3"},
            {"dram", "--mapping", "XYZ"},
            {"dram", "--set", "timing.nRAS=1000"},
            {"dram", "--set", "timing.bogus=1"},
        };
        String[] expect = {"DDR9", "pattern", "requests", "channels", "mapping", "nRAS", "bogus"};
        for (int i = 0; i < bad.length; i++) {
            StringWriter err = new StringWriter();
            assertEquals(SpattenCli.EXIT_BAD_INPUT, SpattenCliTest.run(new StringWriter(), err, bad[i]), String.join(" ", bad[i]));
            assertTrue(err.toString().contains(expect[i]), err.toString());
            assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
        }
    }

    @Test
    void writesTheRequestStreamAsATrace(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.trace");
        assertEquals(0, SpattenCliTest.run(new StringWriter(), new StringWriter(), "dram", "--preset", "DDR4-2400",
                "--requests", "3", "--trace", f.toString(), "--trace-format", "dramsim3"));
        assertEquals(List.of("0x0 READ 0", "0x40 READ 1", "0x80 READ 2"), Files.readAllLines(f));
    }
}
