package org.spattensim.cli;

import java.util.concurrent.Callable;
import org.spattensim.trace.spatten.BundledSpattenWorkloads;
import org.spattensim.trace.spatten.SpattenWorkload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code spatten import-spatten}: reads a SpAtten released workload CSV and prints its summary. */
@Command(name = "import-spatten", mixinStandardHelpOptions = true,
        description = {"Import a SpAtten released workload CSV (or a bundled one by name) as a decision trace.",
                "Bundled: small, gpt2-small-wikitext2, gpt2-small-wikitext2-dense."})
public final class ImportSpattenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<csv|bundled-name>", description = "CSV file or bundled workload name")
    String input;

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
        out.flush();
        return SpattenCli.EXIT_OK;
    }
}
