package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Progress lines off a terminal: one per quarter of a phase, with the counts and an ETA; none for a quiet run. */
class ConsoleProgressTest {
    @Test
    void quartersOfEachPhaseAreReportedOnce() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ConsoleProgress p = new ConsoleProgress("simulate", false, new PrintStream(b, true, StandardCharsets.UTF_8), 0)) {
            for (int done = 128; done <= 1024; done += 128) {
                p.update("simulating", done, 1024);
            }
            p.update("next", 5, 10);
        }
        String[] lines = b.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(5, lines.length, String.join("\n", lines));
        assertTrue(lines[0].startsWith("simulate: simulating 25% (256 of 1,024 tasks)"), lines[0]);
        assertTrue(lines[3].contains("100%") && lines[3].contains("about 0 s left"), lines[3]);
        assertTrue(lines[4].startsWith("simulate: next 50%"), lines[4]);
    }

    @Test
    void shortRunsStayQuiet() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ConsoleProgress p = new ConsoleProgress("simulate", false, new PrintStream(b, true, StandardCharsets.UTF_8),
                60_000_000_000L)) {
            p.update("simulating", 10, 10);
        }
        assertEquals("", b.toString(StandardCharsets.UTF_8));
    }
}
