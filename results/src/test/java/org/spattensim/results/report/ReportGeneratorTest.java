package org.spattensim.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.common.InvalidInputException;
import org.spattensim.results.compare.SpeedupTable;

class ReportGeneratorTest {
    @TempDir
    static Path shared;
    static String sharedHtml;

    @org.junit.jupiter.api.BeforeAll
    static void generateOnce() throws Exception {
        sharedHtml = Files.readString(ReportGenerator.generate(sampleRun(shared)));
    }

    static final List<String> SECTIONS = List.of("provenance", "speedup", "ablation", "dram", "latency", "energy",
            "roofline", "pruning", "win-loss", "paper", "validation", "explore", "notes");

    /**
     * Made-up output of ./spatten explore with a confirmed front (2 objectives, a named choice, an infeasible and
     * an invalid point, a quoted error cell).
     */
    static Path sampleExplore(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("front.csv"), """
                multipliers,dram,seconds,energy_j,feasible,violation,error,cycles,reference.seconds,reference.energy_j,reference.cycles,surrogate_error.seconds,surrogate_error.energy_j,surrogate_error.cycles,reference_non_dominated
                64,HBM2,0.002,0.004,true,0.0,,2000000.0,0.0021,0.0041,2100000.0,-0.047619,-0.02439,-0.047619,true
                128,DDR4-3200,0.001,0.006,true,0.0,,1000000.0,0.00098,0.0061,980000.0,0.020408,-0.016393,0.020408,true
                """);
        Files.writeString(dir.resolve("evaluations.csv"), """
                multipliers,dram,seconds,energy_j,feasible,violation,error,cycles
                64,HBM2,0.002,0.004,true,0.0,,2000000.0
                128,DDR4-3200,0.001,0.006,true,0.0,,1000000.0
                256,HBM2,0.003,0.009,false,0.5,,3000000.0
                512,HBM2,NaN,NaN,false,Infinity,"bad config, rejected",
                """);
        Files.writeString(dir.resolve("confirmation.csv"), """
                metric,model,reference_model,points,median_abs_error,max_abs_error,reference_non_dominated
                seconds,spatten-fast,spatten,2,0.0340135,0.047619,2
                energy_j,spatten-fast,spatten,2,0.0203915,0.02439,2
                cycles,spatten-fast,spatten,2,0.0340135,0.047619,2
                """);
        Files.writeString(dir.resolve("front.json"), """
                {"space":"test-space","search":"nsga2","budget":4,"seed":1,"evaluations":4,"evaluatedNow":4,
                 "fromStore":0,"feasible":2,"objectives":[{"metric":"seconds","direction":"minimize"},
                 {"metric":"energy_j","direction":"minimize"}],"front":[]}
                """);
        return dir;
    }

    /** A complete run folder with small made-up data (the numbers only need to be consistent). */
    static Path sampleRun(Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve(ReportFiles.PROVENANCE), """
                {"run":"test","created":"2026-11-23T00:00:00Z","tool_version":"dev","git_revision":"abc",
                 "machine":{"cpu":"test cpu","cores":"2"},
                 "traces":[{"name":"w1","source":"made up"}],"models":[{"name":"spatten","preset":"spatten"}],
                 "configs":{"spatten":"numMultipliers: 512\\n"},"notes":["softmax modelled by stage latencies"]}
                """);
        DataTable cmp = new DataTable("workload", "model", "kind", "method", "latency_s", "energy_j", "dram_bytes", "source");
        cmp.add("w1", "spatten", "accelerator", "simulated", 1.0e-3, 2.0e-3, 1000, "sim");
        cmp.add("w1", "dense", "accelerator", "simulated", 4.0e-3, 9.0e-3, 10000, "sim");
        cmp.add("w1", "cpu", "cpu", "measured", 0.25, 20.0, 10000, "host");
        cmp.write(data.resolve(ReportFiles.COMPARISON));
        SpeedupTable.derive(cmp, List.of("spatten"), List.of("dense", "cpu")).write(data.resolve(ReportFiles.SPEEDUP));
        new DataTable("workload", "step", "cycles", "dram_bytes", "speedup_vs_previous", "speedup_vs_dense", "dram_reduction_vs_dense")
                .add("w1", "dense", 4000, 10000, 1.0, 1.0, 1.0).add("w1", "+pruning", 2000, 3000, 2.0, 2.0, 3.333)
                .write(data.resolve(ReportFiles.ABLATION));
        new DataTable("workload", "model", "dram_bytes", "reduction_vs_dense")
                .add("w1", "spatten", 1000, 10.0).add("w1", "dense", 10000, 1.0).write(data.resolve(ReportFiles.DRAM_REDUCTION));
        new DataTable("model", "workload", "unit", "busy_cycles", "stall_cycles", "utilisation")
                .add("spatten", "w1", "qk", 500, 20, 0.5).add("spatten", "w1", "fetcher", 900, 50, 0.9)
                .write(data.resolve(ReportFiles.UNIT_BREAKDOWN));
        new DataTable("model", "workload", "category", "energy_pj")
                .add("spatten", "w1", "logic", 1.5e9).add("spatten", "w1", "dram", 5e8).write(data.resolve(ReportFiles.ENERGY_BREAKDOWN));
        new DataTable("model", "unit", "area_mm2", "source").add("spatten", "qk", 1.2, "assumption").write(data.resolve(ReportFiles.AREA));
        new DataTable("component", "action", "category", "pj_per_action", "source").add("qk", "mac", "logic", 0.44, "derived [H14]")
                .write(data.resolve(ReportFiles.ENERGY_PER_ACTION));
        new DataTable("platform", "peak_gops", "bandwidth_gbps", "method").add("spatten", 2048, 512, "simulated")
                .add("titan-xp", 12150, 547.7, "modelled").write(data.resolve(ReportFiles.ROOFLINE_CEILINGS));
        new DataTable("platform", "workload", "ops", "bytes", "seconds").add("spatten", "w1", 1e9, 2e9, 5e-3)
                .write(data.resolve(ReportFiles.ROOFLINE_POINTS));
        new DataTable("workload", "layer", "tokens_kept_fraction", "heads_kept_fraction").add("w1", 0, 1.0, 1.0)
                .add("w1", 1, 0.5, 0.9).write(data.resolve(ReportFiles.PRUNING));
        new DataTable("setting", "kl_divergence_nats", "top1_agreement", "prompts").add("default", 0.01, 0.98, 8)
                .write(data.resolve(ReportFiles.QUALITY));
        new DataTable("order", "knob", "level", "kl_divergence_nats", "top1_agreement", "within_budget", "chosen",
                "budget_max_kl", "budget_min_top1").add(0, "baseline", "all off", 0.0, 1.0, true, false, 0.05, 0.95)
                .add(1, "token pruning", "average 0.1", 0.02, 0.97, true, true, 0.05, 0.95)
                .write(data.resolve(ReportFiles.QUALITY_SEARCH));
        new DataTable("workload", "design", "speedup_vs_dense", "pruned_bound_by")
                .add("w1", "spatten", 0.6, "the value top-k engine").write(data.resolve(ReportFiles.WIN_LOSS));
        new DataTable("workload", "design", "explanation").add("w1", "spatten", "spatten loses on w1: sample sentence.")
                .write(data.resolve(ReportFiles.WIN_LOSS_EXPLAINED));
        new DataTable("metric", "paper", "ours", "source", "explanation").add("DRAM reduction", "10.0x", "10x", "[ABS]", "same")
                .write(data.resolve(ReportFiles.PAPER));
        new DataTable("case", "metric", "unit", "ours", "reference", "error_percent", "lower", "upper", "tolerance", "pass")
                .add("w1", "total_cycles", "cycles", 102, 100, 2.0, 97, 103, "±3%", true).write(data.resolve(ReportFiles.VALIDATION));
        new DataTable("step", "ours_cumulative_cycles", "reference_cumulative_cycles", "ours_increment_cycles",
                "reference_increment_cycles", "increment_error_percent", "cumulative_error_percent")
                .add(0, 51, 50, 51, 50, 2.0, 2.0).add(1, 102, 100, 51, 50, 2.0, 2.0)
                .write(data.resolve(ReportFiles.VALIDATION_STEPS));
        sampleExplore(data.resolve(ReportFiles.EXPLORE_DIR));
        return dir;
    }

    @Test
    void everySectionPresentAndImagesValid() throws Exception {
        Path dir = shared;
        String html = sharedHtml;
        for (String id : SECTIONS) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), "section " + id);
        }
        assertTrue(!html.contains("No data for this section"), "all data present, no section should say it is missing");
        assertTrue(html.contains("Energy per action") && html.contains("derived [H14]"), "energy prices with sources");
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        int images = 0;
        while (m.find()) {
            Path png = dir.resolve(m.group(1));
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, "valid PNG " + png);
            assertTrue(img.getWidth() > 100, png.toString());
            Path svg = dir.resolve(m.group(1).replace(".png", ".svg"));
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            var doc = f.newDocumentBuilder().parse(svg.toFile());
            assertEquals("svg", doc.getDocumentElement().getNodeName(), svg.toString());
            images++;
        }
        assertTrue(images >= 11, "images: " + images);
    }

    @Test
    void tableNumbersEqualTheCsvCells() throws Exception {
        Path dir = shared;
        String html = sharedHtml;
        assertEquals(18, assertTablesEqualCsv(html, dir.resolve("data")).size());
    }

    private static String asShown(String cell) {
        try {
            return DataTable.fmt(Double.parseDouble(cell));
        } catch (NumberFormatException e) {
            return cell;
        }
    }

    /** Checks every HTML table's body cells against the CSV it names (relative to {@code dataDir}); returns the names. */
    private static List<String> assertTablesEqualCsv(String html, Path dataDir) {
        Matcher t = Pattern.compile("<table data-source=\"([^\"]+)\">(.*?)</table>", Pattern.DOTALL).matcher(html);
        List<String> sources = new ArrayList<>();
        while (t.find()) {
            sources.add(t.group(1));
            DataTable csv = DataTable.read(dataDir.resolve(t.group(1)));
            List<List<String>> rows = new ArrayList<>();
            Matcher r = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(t.group(2).split("<tbody>")[1]);
            while (r.find()) {
                List<String> cells = new ArrayList<>();
                Matcher c = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(r.group(1));
                while (c.find()) {
                    cells.add(c.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\""));
                }
                rows.add(cells);
            }
            // The HTML shows each CSV number with four significant digits (the CSV keeps every digit), "n/a" for NaN.
            List<List<String>> shown = new ArrayList<>();
            for (List<String> row : csv.rows()) {
                List<String> cells = new ArrayList<>();
                for (String cell : row) {
                    cells.add(cell.equals("NaN") ? "n/a" : cell.matches("-?\\d+") ? cell : asShown(cell));
                }
                shown.add(cells);
            }
            assertEquals(shown, rows, t.group(1));
        }
        return sources;
    }

    @Test
    void speedupsAreRatiosOfLatencyAndEnergy() throws Exception {
        DataTable sp = DataTable.read(shared.resolve("data").resolve(ReportFiles.SPEEDUP));
        assertEquals(2, sp.size());
        assertEquals(4.0, sp.number(0, "speedup"), 1e-12);
        assertEquals(4.5, sp.number(0, "energy_saving"), 1e-12);
        assertEquals(250.0, sp.number(1, "speedup"), 1e-12);
        assertEquals(10000.0, sp.number(1, "energy_saving"), 1e-12);
    }

    @Test
    void missingDataIsSaidNotHidden(@TempDir Path dir) throws Exception {
        sampleRun(dir);
        Files.delete(dir.resolve("data").resolve(ReportFiles.QUALITY));
        String html = Files.readString(ReportGenerator.generate(dir));
        assertTrue(html.contains("data/quality.csv is absent"), "missing quality data must be stated");
    }

    @Test
    void notARunFolderIsBadInput(@TempDir Path dir) {
        String m = assertThrows(InvalidInputException.class, () -> ReportGenerator.generate(dir)).getMessage();
        assertTrue(m.contains("not a run folder"), m);
    }

    @Test
    void anExploreFolderGetsItsOwnReportWithPlotsAndTheFrontCellByCell(@TempDir Path dir) throws Exception {
        sampleExplore(dir);
        String html = Files.readString(ReportGenerator.generate(dir));
        assertTrue(html.contains("<section id=\"explore\">"), html);
        assertTrue(!html.contains("No data for this section"));
        for (String png : List.of("plots/explore-seconds-vs-energy_j.png", "plots/explore-parallel.png")) {
            assertTrue(html.contains("<img src=\"" + png + "\""), png);
            assertNotNull(ImageIO.read(dir.resolve(png).toFile()), png);
            assertTrue(Files.size(dir.resolve(png.replace(".png", ".svg"))) > 1000, png);
        }
        assertEquals(List.of("confirmation.csv", "front.csv"), assertTablesEqualCsv(html, dir));
        assertTrue(html.contains("href=\"front.csv\""), "data links point beside the report");
        assertEquals(html, Files.readString(ReportGenerator.generate(dir)), "regenerates the same HTML");
    }

    @Test
    void aRunWithoutExplorationSaysSo(@TempDir Path dir) throws Exception {
        sampleRun(dir);
        try (Stream<Path> files = Files.list(dir.resolve("data").resolve(ReportFiles.EXPLORE_DIR))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        String html = Files.readString(ReportGenerator.generate(dir));
        assertTrue(html.contains("data/explore/front.csv is absent"), "missing exploration must be stated");
    }

    @Test
    void regeneratingGivesTheSameHtml() throws Exception {
        String second = Files.readString(ReportGenerator.generate(shared));
        assertEquals(sharedHtml, second);
        try (Stream<Path> plots = Files.list(shared.resolve("plots"))) {
            assertTrue(plots.count() >= 22);
        }
    }
}
