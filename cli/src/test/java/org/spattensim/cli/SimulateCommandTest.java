package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate: the run's own DRAM request stream can be exported, one line per transaction. */
class SimulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void exportsTheRunsRequestStream() throws Exception {
        Path out = dir.resolve("run");
        Path trace = dir.resolve("requests.trace");
        assertEquals(0, SpattenCliTest.run(new StringWriter(), new StringWriter(), "simulate", "--model", "spatten-1/8",
                "--trace", "small", "-o", out.toString(), "--dram-trace", trace.toString(), "--dram-trace-format",
                "dramsim3"));
        List<String> lines = Files.readAllLines(trace);
        String stats = Files.readString(out.resolve("stats.csv"));
        String tx = stats.lines().filter(l -> l.startsWith("dram_transactions,")).findFirst().orElseThrow().split(",")[1];
        assertEquals(Long.parseLong(tx), lines.size());
        assertTrue(lines.get(0).matches("0x[0-9A-F]+ READ \\d+"), lines.get(0));
    }

    @Test
    void anUnwritableOutputIsBadInputNamingThePath() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        for (String o : List.of(file.toString(), file.resolve("under").toString())) {
            StringWriter err = new StringWriter();
            assertEquals(2, SpattenCliTest.run(new StringWriter(), err, "simulate", "--model", "spatten-1/8", "--trace",
                    "small", "-o", o));
            assertTrue(err.toString().contains("cannot use " + o) && !err.toString().contains("internal error"),
                    err.toString());
        }
    }

    @Test
    void refusesSettingsTheWorkloadIgnores() {
        StringWriter err = new StringWriter();
        assertEquals(2, SpattenCliTest.run(new StringWriter(), err, "simulate", "--trace", "small", "--set",
                "pruning.token.average=0.5"));
        assertTrue(err.toString().contains("pruning.token.average"), err.toString());
    }
}
