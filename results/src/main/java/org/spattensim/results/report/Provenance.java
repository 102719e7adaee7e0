package org.spattensim.results.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The one form of {@code provenance.json} every output folder carries (demo, kv-policies, simulate, compare,
 * ablation, explore): {@code run} (the folder), {@code created} (UTC), {@code tool_version}, {@code git_revision},
 * {@code command}, {@code machine} {host, os, cores, java, cpu, load_average_1m}, {@code traces} [{name, sha256 or
 * source, ...}], and whatever sections a command adds (models, configs, settings, notes). Keys are snake_case.
 */
public final class Provenance {
    private Provenance() {}

    /** The common part, for a run folder named {@code run} written by {@code command}. */
    public static ObjectNode start(String run, String command) {
        ObjectNode p = new ObjectMapper().createObjectNode();
        p.put("run", run);
        p.put("created", Instant.now().toString());
        p.put("tool_version", version());
        p.put("git_revision", gitRevision());
        p.put("command", command);
        ObjectNode m = p.putObject("machine");
        m.put("host", host());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("cpu", cpuModel());
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (load >= 0) {
            m.put("load_average_1m", load);
        }
        p.putArray("traces");
        return p;
    }

    /** Writes {@code <dir>/provenance.json}. */
    public static Path write(Path dir, ObjectNode p) {
        Path f = dir.resolve(ReportFiles.PROVENANCE);
        try {
            Files.createDirectories(dir);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(f.toFile(), p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
        return f;
    }

    /** The jar's implementation version ("dev" when run from classes). */
    public static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The HEAD of the checkout the tool was built in (found from its jar or classes), else "unknown". */
    public static String gitRevision() {
        try {
            Path jar = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path where = Files.isDirectory(jar) ? jar : jar.getParent();
            Process p = new ProcessBuilder("git", "-C", where.toString(), "rev-parse", "HEAD").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
                return out;
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The CPU model from /proc/cpuinfo, else the architecture. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }
}
