package org.spattensim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code provenance.json} in an output folder: the command that wrote it, the tool's version and git revision, the
 * trace with its SHA-256, and the host (cores, OS, Java, load average), so a result can be traced and rerun.
 */
final class RunProvenance {
    private RunProvenance() {}

    static void write(Path folder, String command, List<String> args, String trace) throws IOException {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        // The root command's parse result holds the subcommand's name first.
        List<String> rest = !args.isEmpty() && args.get(0).equals(command) ? args.subList(1, args.size()) : args;
        o.put("command", "./spatten " + command + " " + String.join(" ", rest));
        o.put("version", new VersionProvider().getVersion()[0]);
        o.put("gitRevision", gitRevision());
        o.put("createdUtc", Instant.now().toString());
        ObjectNode t = o.putObject("trace");
        t.put("name", trace);
        t.put("sha256", org.spattensim.dse.Evaluators.workloadHash(trace));
        ObjectNode h = o.putObject("host");
        h.put("name", hostName());
        h.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        h.put("cores", Runtime.getRuntime().availableProcessors());
        h.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (load >= 0) {
            h.put("loadAverage1m", load);
        }
        Files.createDirectories(folder);
        m.writerWithDefaultPrettyPrinter().writeValue(folder.resolve("provenance.json").toFile(), o);
    }

    /** The HEAD of the checkout the tool's jar was built in (as ./spatten runs it), else "unknown". */
    static String gitRevision() {
        try {
            Path jar = Path.of(RunProvenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
