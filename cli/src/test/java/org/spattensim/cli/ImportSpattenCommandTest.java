package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;
import org.spattensim.trace.spatten.SpattenDecisionTrace;

class ImportSpattenCommandTest {
    @TempDir
    Path dir;

    @Test
    void bundledWorkloadSummary() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, SpattenCliTest.run(out, err, "import-spatten", "gpt2-small-wikitext2"), err.toString());
        String s = out.toString();
        assertTrue(s.contains("rows 4608, steps 32, layers 12, heads 12"), s);
        assertTrue(s.contains("requant share: 0.0701 (323 of 4608 tasks)"), s);
    }

    @Test
    void writesADecisionTraceThatReadsBack() {
        Path out = dir.resolve("d.safetensors");
        StringWriter err = new StringWriter();
        assertEquals(0, SpattenCliTest.run(new StringWriter(), err, "import-spatten", "gpt2-small-wikitext2-dense",
                "-o", out.toString()), err.toString());
        assertEquals(BundledSpattenWorkloads.load("gpt2-small-wikitext2-dense"), SpattenDecisionTrace.read(out));
    }

    @Test
    void malformedCsvIsExitTwoWithTheMessageOnly() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "iteration_id,layer_id\n1,2\n");
        StringWriter err = new StringWriter();
        assertEquals(SpattenCli.EXIT_BAD_INPUT, SpattenCliTest.run(new StringWriter(), err, "import-spatten", f.toString()));
        assertTrue(err.toString().contains("bad.csv: line 1, header column 3"), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }
}
