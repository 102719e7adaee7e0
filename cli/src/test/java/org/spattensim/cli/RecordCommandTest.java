package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.trace.AttentionTraceReader;
import org.spattensim.trace.TraceMetadata;

class RecordCommandTest {
    @TempDir
    Path dir;

    @Test
    void recordsTheBundledModelAndPrintsTheStory() {
        Path out = dir.resolve("sub/greedy.safetensors");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int rc = SpattenCliTest.run(stdout, stderr, "record", "--model", "stories260K", "--prompt", "Once upon a time",
                "--steps", "12", "-o", out.toString());
        assertEquals(0, rc, stderr.toString());
        assertTrue(stdout.toString().startsWith("Once upon a time, there was a little girl named Lily"),
                stdout.toString());
        assertTrue(stderr.toString().contains("17 positions (5 prompt + 12 decode steps)"), stderr.toString());
        try (AttentionTraceReader r = AttentionTraceReader.open(out)) {
            TraceMetadata m = r.metadata();
            assertEquals(12, m.steps());
            assertEquals("Once upon a time", m.prompt());
        }
    }

    @Test
    void tooManyStepsIsBadInputAndWritesNothing() {
        Path out = dir.resolve("x.safetensors");
        StringWriter stderr = new StringWriter();
        int rc = SpattenCliTest.run(new StringWriter(), stderr, "record", "--steps", "512", "-o", out.toString());
        assertEquals(SpattenCli.EXIT_BAD_INPUT, rc);
        assertTrue(stderr.toString().contains("exceed the context"), stderr.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void outputThatIsADirectoryIsBadInput() {
        StringWriter stderr = new StringWriter();
        int rc = SpattenCliTest.run(new StringWriter(), stderr, "record", "--steps", "2", "-o", dir.toString());
        assertEquals(SpattenCli.EXIT_BAD_INPUT, rc);
        assertTrue(stderr.toString().contains("is a directory"), stderr.toString());
    }

    @Test
    void missingModelDirectoryIsBadInput() {
        StringWriter stderr = new StringWriter();
        int rc = SpattenCliTest.run(new StringWriter(), stderr, "record", "--model", dir.resolve("none").toString(),
                "--steps", "2", "-o", dir.resolve("y").toString());
        assertEquals(SpattenCli.EXIT_BAD_INPUT, rc);
        assertTrue(stderr.toString().contains("neither a bundled model nor a directory"), stderr.toString());
    }
}
