package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreCommandTest {
    @TempDir
    Path dir;

    @Test
    void exploresWritesFrontAndPlotsAndResumesFromTheStore() throws Exception {
        Path out = dir.resolve("out");
        Path db = dir.resolve("run.db");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int rc = SpattenCliTest.run(o, e, "explore", "--space", "schaffer", "--search", "nsga2", "--budget", "60",
                "--seed", "3", "--population", "12", "--threads", "2", "--db", db.toString(), "-o", out.toString());
        assertEquals(0, rc, o + "\n" + e);
        assertTrue(o.toString().contains("60 points (60 evaluated now"), o.toString());
        String front = Files.readString(out.resolve("front.csv"));
        assertTrue(front.startsWith("x,y,f1,f2,feasible"), front);
        assertTrue(Files.readString(out.resolve("front.json")).contains("\"front\""));
        assertTrue(Files.size(out.resolve("plots/explore-f1-vs-f2.png")) > 1000);
        assertTrue(Files.size(out.resolve("plots/explore-parallel.svg")) > 1000);
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("<section id=\"explore\">") && report.contains("plots/explore-f1-vs-f2.png"), report);
        // The report's front table is front.csv cell by cell (numbers shown with four significant digits).
        String table = report.split("<table data-source=\"front.csv\">")[1].split("</table>")[0];
        List<String> csvLines = Files.readAllLines(out.resolve("front.csv"));
        assertEquals(csvLines.size() - 1, table.split("<tr>").length - 2, "one HTML row per front point");
        for (String cell : csvLines.get(1).split(",")) {
            String shown = cell;
            if (!cell.matches("-?\\d+")) {
                try {
                    shown = org.spattensim.results.report.DataTable.fmt(Double.parseDouble(cell));
                } catch (NumberFormatException notANumber) {
                    shown = cell;
                }
            }
            assertTrue(table.contains(">" + shown + "</td>"), cell + " shown as " + shown);
        }
        assertEquals(61, Files.readAllLines(out.resolve("evaluations.csv")).size());

        Path out2 = dir.resolve("out2");
        StringWriter o2 = new StringWriter();
        rc = SpattenCliTest.run(o2, new StringWriter(), "explore", "--resume", db.toString(), "-o", out2.toString(), "--no-plots");
        assertEquals(0, rc, o2.toString());
        assertTrue(o2.toString().contains("60 points (0 evaluated now, 60 from"), o2.toString());
        assertEquals(front, Files.readString(out2.resolve("front.csv")));
    }

    @Test
    void fastModelFrontIsConfirmedAndTheErrorReported() throws Exception {
        Path out = dir.resolve("fast");
        StringWriter o = new StringWriter();
        int rc = SpattenCliTest.run(o, new StringWriter(), "explore", "--space", "spatten-1-8-fast", "--trace", "small",
                "--search", "random", "--budget", "12", "--threads", "2", "-o", out.toString(), "--no-plots");
        assertEquals(0, rc, o.toString());
        assertTrue(o.toString().contains("front confirmed by spatten"), o.toString());
        List<String> conf = Files.readAllLines(out.resolve("confirmation.csv"));
        assertEquals("metric,model,reference_model,points,median_abs_error,max_abs_error,reference_non_dominated", conf.get(0));
        assertTrue(conf.get(1).startsWith("seconds,spatten-fast,spatten,"), conf.get(1));
        assertTrue(Files.readAllLines(out.resolve("front.csv")).get(0).contains("reference.seconds,"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("data-source=\"confirmation.csv\""));

        StringWriter o2 = new StringWriter();
        rc = SpattenCliTest.run(o2, new StringWriter(), "explore", "--space", "spatten-1-8-fast", "--trace", "small",
                "--search", "random", "--budget", "12", "-o", dir.resolve("fast2").toString(), "--no-plots", "--no-confirm");
        assertEquals(0, rc, o2.toString());
        assertTrue(!o2.toString().contains("confirmed"), o2.toString());
        assertTrue(!Files.exists(dir.resolve("fast2").resolve("confirmation.csv")));
    }

    @Test
    void badInputExitsTwoWithTheOptionNamed() {
        StringWriter e = new StringWriter();
        assertEquals(SpattenCli.EXIT_BAD_INPUT, SpattenCliTest.run(new StringWriter(), e, "explore", "--space", "schaffer",
                "--search", "annealing", "-o", dir.toString(), "--db", dir.resolve("x.db").toString()));
        assertTrue(e.toString().contains("--search annealing"), e.toString());
        e = new StringWriter();
        assertEquals(SpattenCli.EXIT_BAD_INPUT, SpattenCliTest.run(new StringWriter(), e, "explore", "--space",
                dir.resolve("missing.yaml").toString()));
        assertTrue(e.toString().contains("missing.yaml"), e.toString());
        e = new StringWriter();
        assertEquals(SpattenCli.EXIT_BAD_INPUT, SpattenCliTest.run(new StringWriter(), e, "explore", "--resume",
                dir.resolve("none.db").toString()));
        assertTrue(e.toString().contains("none.db"), e.toString());
    }
}
