package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate / compare / ablation folders render a report (--report, or ./spatten report later) from their files. */
class RunReportTest {
    @TempDir
    Path dir;

    @Test
    void simulateCompareAndAblationFoldersRenderReports() throws Exception {
        Path sim = dir.resolve("sim");
        assertEquals(0, SpattenCliTest.run(new StringWriter(), new StringWriter(), "simulate", "--trace", "small",
                "--model", "spatten-1/8", "-o", sim.toString(), "--report"));
        String html = Files.readString(sim.resolve("report.html"));
        assertTrue(html.contains("total_cycles") && html.contains("plots/dram_by_matrix.png"), html);
        for (String ext : new String[] {"png", "svg", "pdf"}) {
            assertTrue(Files.size(sim.resolve("plots/energy_by_category." + ext)) > 0, ext);
        }
        assertTrue(Files.size(sim.resolve("plots/energy_by_category-paper.pdf")) > 0, "the untitled paper variant");
        byte[] pdf = Files.readAllBytes(sim.resolve("plots/energy_by_category.pdf"));
        assertEquals("%PDF", new String(pdf, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        Path cmp = dir.resolve("cmp");
        assertEquals(0, SpattenCliTest.run(new StringWriter(), new StringWriter(), "compare", "--trace", "small",
                "--models", "spatten-1/8,dense-1/8", "-o", cmp.toString()));
        // Later, from the stored data alone.
        assertEquals(0, SpattenCliTest.run(new StringWriter(), new StringWriter(), "report", cmp.toString()));
        assertTrue(Files.readString(cmp.resolve("report.html")).contains("speedup_small"));
        assertTrue(Files.readString(cmp.resolve("comparison.tex")).contains("\\toprule"));
        Path abl = dir.resolve("abl");
        assertEquals(0, SpattenCliTest.run(new StringWriter(), new StringWriter(), "ablation", "--trace", "small",
                "-o", abl.toString(), "--report"));
        assertTrue(Files.exists(abl.resolve("plots/ablation.pdf")));
        StringWriter err = new StringWriter();
        assertEquals(2, SpattenCliTest.run(new StringWriter(), err, "simulate", "--trace", "small", "--report"));
        assertTrue(err.toString().contains("needs -o"), err.toString());
    }
}
