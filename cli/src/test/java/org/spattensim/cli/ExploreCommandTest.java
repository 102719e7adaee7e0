package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertTrue(Files.size(out.resolve("front-f1-vs-f2.png")) > 1000);
        assertTrue(Files.size(out.resolve("front-parallel.svg")) > 1000);
        assertEquals(61, Files.readAllLines(out.resolve("evaluations.csv")).size());

        Path out2 = dir.resolve("out2");
        StringWriter o2 = new StringWriter();
        rc = SpattenCliTest.run(o2, new StringWriter(), "explore", "--resume", db.toString(), "-o", out2.toString(), "--no-plots");
        assertEquals(0, rc, o2.toString());
        assertTrue(o2.toString().contains("60 points (0 evaluated now, 60 from"), o2.toString());
        assertEquals(front, Files.readString(out2.resolve("front.csv")));
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
