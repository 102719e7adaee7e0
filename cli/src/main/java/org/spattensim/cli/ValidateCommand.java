package org.spattensim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spattensim.accel.spatten.validation.RtlValidation;
import org.spattensim.accel.spatten.validation.ValidationReport;
import org.spattensim.accel.spatten.validation.ValidationRow;
import org.spattensim.results.report.ReportFiles;
import org.spattensim.results.report.ValidationFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spatten validate}: replays SpAtten's RTL simulation and Ramulator 2.0's reference figures. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Replay SpAtten's RTL simulation and Ramulator 2.0's reference figures and report the error.",
                "Runs spatten-1/8 on every RTL reference case and HBM2_SpAtten on Ramulator 2.0's streams, prints",
                "ours, the reference and the error, and writes validation.csv, validation_steps.csv and the",
                "per-step error plot. Exit 0 when every figure is within its band, 3 otherwise."})
public final class ValidateCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, defaultValue = "results/validation",
            description = "directory for data/ and plots/ (default: ${DEFAULT-VALUE})")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (java.nio.file.Files.exists(output) && !java.nio.file.Files.isDirectory(output)) {
            throw org.spattensim.common.InvalidInputException.of(output.toString(), "-o", "is a file",
                    "a directory (created if missing) for data/ and plots/");
        }
        err.println("validating " + RtlValidation.PRESET + " (" + String.join(", ", RtlValidation.REPLAY_OVERRIDES)
                + ") and HBM2_SpAtten: " + RtlValidation.CASES + " cases");
        ValidationReport r = RtlValidation.run(i -> err.println("  case " + i + "/" + RtlValidation.CASES + " done"));
        out.printf(Locale.ROOT, "%-44s %-34s %14s %14s %8s  %s%n", "case", "metric", "ours", "reference", "error", "");
        for (ValidationRow row : r.rows()) {
            out.printf(Locale.ROOT, "%-44s %-34s %14.2f %14.2f %+7.2f%%  %s%n", row.caseName(), row.metric(), row.ours(),
                    row.reference(), row.errorPercent(), row.pass() ? "ok" : "OUT (" + row.tolerance() + ")");
        }
        ValidationFiles.write(r, output.resolve(ReportFiles.DATA_DIR), output.resolve(ReportFiles.PLOTS_DIR));
        out.println((r.allPass() ? "all " + r.rows().size() + " figures within their bands"
                : r.failures().size() + " of " + r.rows().size() + " figures outside their bands") + "; wrote "
                + output.resolve(ReportFiles.DATA_DIR) + "/" + ReportFiles.VALIDATION + " and "
                + output.resolve(ReportFiles.PLOTS_DIR) + "/" + ValidationFiles.PLOT + ".png");
        out.flush();
        return r.allPass() ? 0 : 3;
    }
}
