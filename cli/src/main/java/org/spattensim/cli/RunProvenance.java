package org.spattensim.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code provenance.json} in an output folder, in the one form every run folder uses
 * ({@link org.spattensim.results.report.Provenance}): the command that wrote it, the tool's version and git revision,
 * the trace with its SHA-256, and the host (cores, OS, Java, load average), so a result can be traced and rerun.
 */
final class RunProvenance {
    private RunProvenance() {}

    static void write(Path folder, String command, List<String> args, String trace) throws IOException {
        // The root command's parse result holds the subcommand's name first.
        List<String> rest = !args.isEmpty() && args.get(0).equals(command) ? args.subList(1, args.size()) : args;
        ObjectNode o = org.spattensim.results.report.Provenance.start(
                folder.toAbsolutePath().normalize().getFileName().toString(),
                "./spatten " + command + " " + String.join(" ", rest));
        ObjectNode t = ((com.fasterxml.jackson.databind.node.ArrayNode) o.get("traces")).addObject().put("name", trace);
        if (!trace.startsWith("(")) {
            t.put("sha256", org.spattensim.dse.Evaluators.workloadHash(trace));
        }
        org.spattensim.results.report.Provenance.write(folder, o);
    }
}
