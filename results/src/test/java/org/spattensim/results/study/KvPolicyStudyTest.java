package org.spattensim.results.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.results.report.DataTable;
import org.spattensim.results.report.KvPolicyReport;
import org.spattensim.results.report.ReportGenerator;

/** A small KV-policy study end to end: its tables, its report, and the same bytes at 1 and 2 threads. */
class KvPolicyStudyTest {
    @TempDir
    Path dir;

    static KvPolicyStudy.Options options(Path runDir, int threads) {
        return new KvPolicyStudy.Options(runDir, List.of(48, 160), 1, List.of(0.25), List.of("spatten-1/8"),
                "stories260k", threads, 6);
    }

    @Test
    void smallStudyWritesItsTablesAndReportAndDoesNotDependOnThreads() throws Exception {
        Path a = dir.resolve("a");
        Path report = new KvPolicyStudy(options(a, 2), m -> { }).run();
        assertTrue(Files.isRegularFile(report));
        Path data = a.resolve("data");
        DataTable timing = DataTable.read(data.resolve(KvPolicyReport.TIMING));
        int settings = KvPolicyStudy.CASCADE_AVERAGES.size() + 4;
        assertEquals(2 * (1 + settings), timing.size());
        for (int i = 0; i < timing.size(); i++) {
            String p = timing.get(i, "policy");
            if (p.equals("dense")) {
                assertEquals(1.0, timing.number(i, "speedup_vs_dense"));
                assertEquals(1.0, timing.number(i, "key_keep_share"));
            }
            assertEquals(p.equals("quest") && timing.number(i, "context_tokens") == 160,
                    timing.number(i, "dram_page_metadata_bytes") > 0, "row " + i + " " + p);
        }
        DataTable quality = DataTable.read(data.resolve(KvPolicyReport.QUALITY));
        assertEquals(settings, quality.size());
        DataTable pareto = DataTable.read(data.resolve(KvPolicyReport.PARETO));
        assertEquals(settings, pareto.size());
        assertTrue(pareto.distinct("pareto_optimal").contains("true"));
        String html = Files.readString(report);
        assertTrue(html.contains("Quality against speedup") && html.contains("synthetic"), "report sections");
        assertTrue(Files.isRegularFile(a.resolve("plots/kv_pareto_spatten-1-8.pdf")));
        // The report is rebuilt from the stored data alone.
        Files.delete(report);
        assertEquals(report, ReportGenerator.generate(a));

        Path b = dir.resolve("b");
        new KvPolicyStudy(options(b, 1), m -> { }).run();
        for (String f : List.of(KvPolicyReport.TIMING, KvPolicyReport.QUALITY, KvPolicyReport.PARETO)) {
            assertArrayEquals(Files.readAllBytes(data.resolve(f)), Files.readAllBytes(b.resolve("data").resolve(f)), f);
        }
    }

    @Test
    void aContextTheDesignCannotHoldIsRefusedBeforeAnyWork() {
        Path runDir = dir.resolve("big");
        var o = new KvPolicyStudy.Options(runDir, List.of(1024, 32768), 2, List.of(0.25), List.of("spatten-1/8"),
                "gpt2-small", 1, 4);
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.spattensim.common.InvalidInputException.class,
                () -> new KvPolicyStudy(o, m -> { }).run());
        assertTrue(e.getMessage().contains("--contexts 32768") && e.getMessage().contains("spatten-1/8"), e.getMessage());
        assertFalse(Files.exists(runDir), "nothing written");
    }

    @Test
    void paretoMarksDominatedSettings() {
        DataTable timing = new DataTable("context_tokens", "design", "policy", "budget", "speedup_vs_dense")
                .add(64, "d", "dense", 0, 1.0)
                .add(64, "d", "a", 0.25, 2.0)
                .add(64, "d", "b", 0.25, 3.0)
                .add(64, "d", "c", 0.25, 1.5);
        DataTable quality = new DataTable("policy", "budget", "kl_divergence_nats", "top1_agreement")
                .add("a", 0.25, 0.1, 0.9)
                .add("b", 0.25, 0.3, 0.8)
                .add("c", 0.25, 0.2, 0.85);
        DataTable p = KvPolicyStudy.pareto(timing, quality, 64);
        assertEquals(3, p.size());
        assertEquals("true", p.get(0, "pareto_optimal"));
        assertEquals("true", p.get(1, "pareto_optimal"));
        assertFalse(Boolean.parseBoolean(p.get(2, "pareto_optimal")), "c is slower than a with a higher KL");
    }
}
