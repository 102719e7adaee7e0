package org.spattensim.dse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.common.InvalidInputException;
import org.spattensim.dse.Measurement;
import org.spattensim.dse.space.DesignPoint;

class ResultStoreTest {
    @TempDir
    Path dir;

    static final RunInfo INFO = new RunInfo("name: x", "algorithm: GRID", "w.bin", "abc");

    @Test
    void roundTripsExactlyAndSurvivesReopen() {
        Path db = dir.resolve("r.db");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("a", 0.1 + 0.2);
        v.put("b", 7L);
        v.put("c", "HBM2 \"x\"");
        DesignPoint p = new DesignPoint(v);
        Map<String, Double> metrics = Map.of("cycles", 123456789.0, "energy_j", 1.0 / 3, "odd", Double.NaN);
        try (ResultStore s = ResultStore.create(db, INFO)) {
            s.put(new Measurement(p, metrics, null, 0.5), new double[] {1, 2}, 0);
            s.put(new Measurement(new DesignPoint(Map.of("a", 1.0)), Map.of(), "bad point", 0.1), null,
                    Double.POSITIVE_INFINITY);
        }
        try (ResultStore s = ResultStore.open(db)) {
            assertEquals(INFO, s.info());
            assertEquals(2, s.size());
            Measurement m = s.find(p).orElseThrow();
            assertEquals(p.key(), m.point().key());
            assertEquals(1.0 / 3, m.metrics().get("energy_j"));
            assertTrue(m.metrics().get("odd").isNaN());
            assertEquals("bad point", s.find(new DesignPoint(Map.of("a", 1.0))).orElseThrow().error());
            assertEquals(p.key(), s.all().get(0).point().key());
        }
        // the same run reopens as a cache; another run is refused
        try (ResultStore s = ResultStore.create(db, INFO)) {
            assertEquals(2, s.size());
        }
        var e = assertThrows(InvalidInputException.class,
                () -> ResultStore.create(db, new RunInfo("name: y", "algorithm: GRID", "w.bin", "abc")));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void usesWalAndRejectsForeignFiles() throws Exception {
        Path db = dir.resolve("w.db");
        try (ResultStore s = ResultStore.create(db, INFO)) {
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                 var rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
                assertEquals("wal", rs.getString(1));
            }
        }
        Path junk = dir.resolve("junk.db");
        Files.writeString(junk, "this is not sqlite, just text that is long enough to look like a header ......");
        var e = assertThrows(InvalidInputException.class, () -> ResultStore.open(junk));
        assertTrue(e.getMessage().contains("junk.db"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> ResultStore.open(dir.resolve("missing.db")));
    }

    /**
     * The states a kill during store creation could leave (an empty file; tables without run settings) are
     * continued by rerunning the same command, and --resume says so; another application's database is refused
     * untouched.
     */
    @Test
    void halfCreatedStoresContinueAndForeignDatabasesAreRefused(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path empty = dir.resolve("empty.db");
        java.nio.file.Files.createFile(empty);
        org.spattensim.common.InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.spattensim.common.InvalidInputException.class, () -> ResultStore.open(empty).close());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("rerun the original explore command"),
                e.getMessage());
        try (ResultStore s = ResultStore.create(empty, INFO)) {
            org.junit.jupiter.api.Assertions.assertEquals(INFO, s.info());
        }
        Path tablesOnly = dir.resolve("tables.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + tablesOnly);
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE run_info(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        }
        try (ResultStore s = ResultStore.create(tablesOnly, INFO)) {
            org.junit.jupiter.api.Assertions.assertEquals(0, s.size());
        }
        Path foreign = dir.resolve("foreign.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + foreign);
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE users(id INTEGER)");
        }
        e = org.junit.jupiter.api.Assertions.assertThrows(org.spattensim.common.InvalidInputException.class,
                () -> ResultStore.create(foreign, INFO).close());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("another application"), e.getMessage());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + foreign);
             java.sql.ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
            rs.next();
            org.junit.jupiter.api.Assertions.assertEquals(1, rs.getInt(1), "no table added to the foreign file");
        }
    }
}
