package org.spattensim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spattensim.results.report.ReportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Regenerates report.html and its plots from a run folder's stored data. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Regenerate report.html and the plots of a run folder from its stored CSV/JSON data.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<results-dir>", description = "A run folder, e.g. results/runs/demo")
    Path runDir;

    @Override
    public Integer call() {
        Path report = ReportGenerator.generate(runDir);
        System.out.println("report: " + report.toAbsolutePath());
        return SpattenCli.EXIT_OK;
    }
}
