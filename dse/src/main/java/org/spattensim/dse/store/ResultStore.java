package org.spattensim.dse.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.spattensim.common.InvalidInputException;
import org.spattensim.dse.Measurement;
import org.spattensim.dse.space.DesignPoint;

/**
 * The results store: one SQLite file (WAL journal) holding the run's settings and every evaluated point
 * (parameters, metrics, objectives, feasibility). Each finished evaluation is committed on its own as soon
 * as it arrives, so a run killed at any moment (kill -9 included) loses none; the store doubles as the
 * cache keyed by the point's canonical key, so resuming evaluates nothing twice.
 *
 * <p>Tables: {@code run_info(key, value)}, {@code evaluations(seq, point_key, params, metrics, objectives,
 * feasible, violation, error, seconds, created_utc)} and {@code confirmations(point_key, model, metrics, error,
 * seconds, created_utc)} (front points re-evaluated by a fast model's reference model); metrics and parameters
 * are JSON texts.
 */
public final class ResultStore implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();
    private final Path file;
    private final Connection conn;
    private final PreparedStatement insert;
    private final Map<String, Measurement> byKey = new HashMap<>();
    private final RunInfo info;

    private ResultStore(Path file, Connection conn, RunInfo info) throws SQLException {
        this.file = file;
        this.conn = conn;
        this.info = info;
        this.insert = conn.prepareStatement("INSERT OR IGNORE INTO evaluations(point_key, params, metrics, objectives,"
                + " feasible, violation, error, seconds, created_utc, request_order) VALUES (?,?,?,?,?,?,?,?,?,?)");
    }

    /**
     * Creates a store for a new run. An existing file that holds the same run is reopened (its evaluations
     * serve as the cache); one that holds another run is refused.
     */
    public static ResultStore create(Path file, RunInfo info) {
        Connection c = connect(file);
        try {
            requireOurs(c, file);
            // Tables and run settings in one transaction: a kill leaves either nothing or a complete store, so
            // rerunning the same command continues it.
            c.setAutoCommit(false);
            schema(c);
            RunInfo existing = readInfo(c, file).orElse(null);
            if (existing == null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_info(key, value) VALUES (?, ?)")) {
                    put(ps, "spaceYaml", info.spaceYaml());
                    put(ps, "searchYaml", info.searchYaml());
                    put(ps, "workload", info.workload());
                    put(ps, "workloadHash", info.workloadHash());
                    put(ps, "createdUtc", Instant.now().toString());
                }
            }
            c.commit();
            c.setAutoCommit(true);
            if (existing != null && !existing.equals(info)) {
                c.close();
                throw new InvalidInputException(file + ": holds results of another run (space, search settings or"
                        + " workload differ); expected a new file, or --resume " + file + " to continue that run");
            }
            ResultStore s = new ResultStore(file, c, info);
            s.loadAll();
            return s;
        } catch (SQLException e) {
            throw storeError(file, e);
        }
    }

    /** Opens the store of an earlier run to resume it. */
    public static ResultStore open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": results database not found");
        }
        Connection c = connect(file);
        try {
            requireOurs(c, file);
            schema(c);
            RunInfo info = readInfo(c, file).orElseThrow(() -> new InvalidInputException(file
                    + ": run_info: missing (the run was stopped before its settings were stored, so nothing was "
                    + "evaluated yet); expected a results database written by ./spatten explore: rerun the original "
                    + "explore command (same --space, --trace, --search, --seed, --db) to start it"));
            ResultStore s = new ResultStore(file, c, info);
            s.loadAll();
            return s;
        } catch (SQLException e) {
            throw storeError(file, e);
        }
    }

    private static Connection connect(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                // NORMAL in WAL mode: a commit survives the process being killed (not a power cut).
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("PRAGMA busy_timeout=10000");
            }
            return c;
        } catch (SQLException | java.io.IOException e) {
            throw new InvalidInputException(file + ": cannot open as a results database: " + e.getMessage(), e);
        }
    }

    /** The tables a results database holds. */
    private static final List<String> OUR_TABLES = List.of("run_info", "evaluations", "confirmations");

    /** Refuses a SQLite file of another application: we would add our tables to it. */
    private static void requireOurs(Connection c, Path file) throws SQLException {
        List<String> foreign = new java.util.ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                if (!OUR_TABLES.contains(rs.getString(1))) {
                    foreign.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        if (!foreign.isEmpty()) {
            closeQuietly(c);
            throw InvalidInputException.of(file.toString(), "--db", "is another application's SQLite database "
                    + "(tables " + foreign + ")", "a new file or a results database written by ./spatten explore");
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing; the caller's error says why
        }
    }

    private static InvalidInputException storeError(Path file, SQLException e) {
        return new InvalidInputException(file + ": not a usable results database: " + e.getMessage(), e);
    }

    private static void schema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS run_info(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS evaluations(seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " point_key TEXT NOT NULL UNIQUE, params TEXT NOT NULL, metrics TEXT NOT NULL, objectives TEXT,"
                    + " feasible INTEGER NOT NULL, violation REAL, error TEXT, seconds REAL NOT NULL, created_utc TEXT,"
                    + " request_order INTEGER NOT NULL DEFAULT -1)");
            // Stores written before request_order existed get the column (their rows keep commit order).
            boolean has = false;
            try (ResultSet rs = st.executeQuery("PRAGMA table_info(evaluations)")) {
                while (rs.next()) {
                    has |= rs.getString("name").equals("request_order");
                }
            }
            if (!has) {
                st.execute("ALTER TABLE evaluations ADD COLUMN request_order INTEGER NOT NULL DEFAULT -1");
            }
            st.execute("CREATE TABLE IF NOT EXISTS confirmations(point_key TEXT NOT NULL, model TEXT NOT NULL,"
                    + " metrics TEXT NOT NULL, error TEXT, seconds REAL NOT NULL, created_utc TEXT,"
                    + " PRIMARY KEY(point_key, model))");
        }
    }

    private static void put(PreparedStatement ps, String k, String v) throws SQLException {
        ps.setString(1, k);
        ps.setString(2, v);
        ps.executeUpdate();
    }

    private static Optional<RunInfo> readInfo(Connection c, Path file) throws SQLException {
        Map<String, String> kv = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT key, value FROM run_info")) {
            while (rs.next()) {
                kv.put(rs.getString(1), rs.getString(2));
            }
        }
        if (kv.isEmpty()) {
            return Optional.empty();
        }
        for (String k : List.of("spaceYaml", "searchYaml", "workload", "workloadHash")) {
            if (!kv.containsKey(k)) {
                throw new InvalidInputException(file + ": run_info." + k + ": missing; expected a complete results database");
            }
        }
        return Optional.of(new RunInfo(kv.get("spaceYaml"), kv.get("searchYaml"), kv.get("workload"), kv.get("workloadHash")));
    }

    private void loadAll() throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT point_key, params, metrics, error, seconds FROM evaluations ORDER BY request_order, seq")) {
            while (rs.next()) {
                String key = rs.getString(1);
                try {
                    DesignPoint p = new DesignPoint(parseParams(rs.getString(2)));
                    Map<String, Double> metrics = JSON.readValue(rs.getString(3), new TypeReference<LinkedHashMap<String, Double>>() {});
                    byKey.put(key, new Measurement(p, metrics, rs.getString(4), rs.getDouble(5)));
                } catch (java.io.IOException | RuntimeException e) {
                    throw new InvalidInputException(file + ": evaluations row " + key + ": corrupt: " + e.getMessage(), e);
                }
            }
        }
    }

    private static Map<String, Object> parseParams(String json) throws java.io.IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        JSON.readTree(json).fields().forEachRemaining(e -> {
            var n = e.getValue();
            out.put(e.getKey(), n.isIntegralNumber() ? (Object) n.longValue() : n.isNumber() ? (Object) n.doubleValue() : n.textValue());
        });
        return out;
    }

    public Path file() {
        return file;
    }

    public RunInfo info() {
        return info;
    }

    /**
     * Records a setting of the command that started the run (its output folder, --no-confirm, ...) so that
     * {@code --resume} can restore it; not part of the run's identity ({@link RunInfo}).
     */
    public synchronized void putSetting(String key, String value) {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO run_info(key, value) VALUES (?, ?)")) {
            put(ps, "setting." + key, value);
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": cannot store setting " + key + ": " + e.getMessage(), e);
        }
    }

    /** A setting recorded by {@link #putSetting}, if any. */
    public synchronized Optional<String> setting(String key) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM run_info WHERE key = ?")) {
            ps.setString(1, "setting." + key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": cannot read setting " + key + ": " + e.getMessage(), e);
        }
    }

    /** The stored measurement of a point, if it was evaluated before. */
    public synchronized Optional<Measurement> find(DesignPoint point) {
        return Optional.ofNullable(byKey.get(point.key()));
    }

    /** Number of stored evaluations. */
    public synchronized int size() {
        return byKey.size();
    }

    /** Every stored measurement, in the order they were stored. */
    public synchronized List<Measurement> all() {
        List<Measurement> out = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT point_key FROM evaluations ORDER BY seq")) {
            while (rs.next()) {
                out.add(byKey.get(rs.getString(1)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Commits one evaluation (its own transaction, so it is durable when this returns).
     *
     * @param m          the measurement
     * @param objectives objective values (may be null when invalid)
     * @param violation  constraint violation
     */
    public synchronized void put(Measurement m, double[] objectives, double violation) {
        put(m, objectives, violation, -1);
    }

    /**
     * Commits one evaluation at once (a kill loses nothing finished). {@code requestOrder} is the point's place in
     * the search's request sequence: rows are committed as evaluations finish (an order that depends on thread
     * timing) and read back in request order, so every reader sees the same sequence whatever the thread count.
     */
    public synchronized void put(Measurement m, double[] objectives, double violation, int requestOrder) {
        if (byKey.containsKey(m.point().key())) {
            return;
        }
        try {
            insert.setString(1, m.point().key());
            insert.setString(2, m.point().key());
            insert.setString(3, JSON.writeValueAsString(new java.util.TreeMap<>(m.metrics())));
            insert.setString(4, objectives == null ? null : JSON.writeValueAsString(objectives));
            insert.setInt(5, m.error() == null && violation == 0 ? 1 : 0);
            insert.setDouble(6, violation);
            insert.setString(7, m.error());
            insert.setDouble(8, m.seconds());
            insert.setString(9, Instant.now().toString());
            insert.setInt(10, requestOrder);
            insert.executeUpdate();
            byKey.put(m.point().key(), m);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException(file + ": cannot store evaluation " + m.point() + ": " + e.getMessage(), e);
        }
    }

    /** The stored re-evaluation of a point by {@code model} (see {@link #putConfirmation}), if any. */
    public synchronized Optional<Measurement> findConfirmation(String model, DesignPoint point) {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT metrics, error, seconds FROM confirmations WHERE point_key = ? AND model = ?")) {
            ps.setString(1, point.key());
            ps.setString(2, model);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, Double> metrics = JSON.readValue(rs.getString(1), new TypeReference<LinkedHashMap<String, Double>>() {});
                return Optional.of(new Measurement(point, metrics, rs.getString(2), rs.getDouble(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        } catch (java.io.IOException | RuntimeException e) {
            throw new InvalidInputException(file + ": confirmations row " + point.key() + " (" + model + "): corrupt: "
                    + e.getMessage(), e);
        }
    }

    /** Commits a front point's re-evaluation by the reference {@code model} (its own transaction). */
    public synchronized void putConfirmation(String model, Measurement m) {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR IGNORE INTO confirmations(point_key, model, metrics,"
                + " error, seconds, created_utc) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, m.point().key());
            ps.setString(2, model);
            ps.setString(3, JSON.writeValueAsString(new java.util.TreeMap<>(m.metrics())));
            ps.setString(4, m.error());
            ps.setDouble(5, m.seconds());
            ps.setString(6, Instant.now().toString());
            ps.executeUpdate();
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException(file + ": cannot store confirmation " + m.point() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            insert.close();
            conn.close();
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }
}
