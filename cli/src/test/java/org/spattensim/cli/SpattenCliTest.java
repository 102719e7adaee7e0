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
}
