package org.spattensim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;
import org.spattensim.trace.spatten.SpattenDecisionTrace;
import org.spattensim.trace.spatten.SpattenWorkload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spatten import-spatten}: reads a SpAtten released workload CSV and prints its summary. */
@Command(name = "import-spatten", mixinStandardHelpOptions = true,
        description = {"Import a SpAtten released workload CSV (or a bundled one), print its summary, optionally write a trace.",
                "Writes it as a decision trace with -o.",
                "Bundled: small, gpt2-small-wikitext2, gpt2-small-wikitext2-dense."})
public final class ImportSpattenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<csv|bundled-name>", description = "CSV file or bundled workload name")
    String input;

    @Option(names = {"-o", "--output"}, paramLabel = "<trace>",
            description = "write the decision trace (safetensors, one tensor per column) here")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SpattenWorkload w = BundledSpattenWorkloads.loadNameOrFile(input);
        var out = spec.commandLine().getOut();
        out.println("source: " + w.provenance().source() + " (sha256 " + w.provenance().sha256() + ")");
        if (!w.provenance().configName().isEmpty()) {
            out.println("config: " + w.provenance().configName());
        }
        out.println(w.summary().describe());
        if (output != null) {
            SpattenDecisionTrace.write(output, w);
            out.println("wrote " + output);
        }
        out.flush();
        return SpattenCli.EXIT_OK;
    }
}
