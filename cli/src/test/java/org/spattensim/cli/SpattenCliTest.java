package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SpattenCliTest {
    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cmd = SpattenCli.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void helpListsUsageAndExitsZero() {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, new StringWriter(), "--help"));
        assertTrue(out.toString().contains("Usage: spatten"), out.toString());
    }

    @Test
    void unknownOptionIsBadUsage() {
        StringWriter err = new StringWriter();
        assertEquals(SpattenCli.EXIT_BAD_INPUT, run(new StringWriter(), err, "--no-such-option"));
        assertTrue(err.toString().contains("--no-such-option"), err.toString());
    }

    @Test
    void demoRefusesAnImpossibleQualityBudgetBeforeItStarts() {
        for (String[] bad : new String[][] {{"--max-kl", "-0.1"}, {"--max-kl", "NaN"}, {"--min-top1", "1.5"},
                {"--steps", "-1"}}) {
            StringWriter err = new StringWriter();
            java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "spatten-demo-refused");
            assertEquals(SpattenCli.EXIT_BAD_INPUT, run(new StringWriter(), err, "demo", "--results",
                    dir.toString(), "--name", "never-written", bad[0], bad[1]));
            assertTrue(err.toString().contains(bad[0]), err.toString());
            assertTrue(!java.nio.file.Files.exists(dir.resolve("never-written")), "refused before the study starts");
        }
    }
}
