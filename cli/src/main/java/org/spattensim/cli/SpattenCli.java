package org.spattensim.cli;

import java.io.PrintWriter;
import org.spattensim.common.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./spatten}. Exit codes: 0 success, 2 bad usage or bad input, 1 internal failure.
 * Each subcommand is one class in this package; register it in {@link #SUBCOMMANDS}.
 */
@Command(name = "spatten", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Cycle-level simulator of sparse-attention accelerators (SpAtten and baselines).",
        subcommands = {CommandLine.HelpCommand.class})
public final class SpattenCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_BAD_INPUT = 2;

    /** Subcommands in the order {@code --help} lists them. */
    static final Class<?>[] SUBCOMMANDS = {
        DemoCommand.class,
        KvPoliciesCommand.class,
        SimulateCommand.class,
        AcceleratorsCommand.class,
        AblationCommand.class,
        CompareCommand.class,
        ReportCommand.class,
        RecordCommand.class,
        ImportSpattenCommand.class,
        SynthCommand.class,
        TraceStatsCommand.class,
        WorkloadCommand.class,
        QualityCommand.class,
        DramCommand.class,
        ExploreCommand.class,
        WorkerCommand.class,
        BaselineCommand.class,
        ValidateCommand.class,
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with every subcommand and our exit-code mapping; usable from tests. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new SpattenCli());
        for (Class<?> sub : SUBCOMMANDS) {
            cmd.addSubcommand(sub);
        }
        cmd.setExitCodeExceptionMapper(SpattenCli::exitCodeOf);
        cmd.setExecutionExceptionHandler(SpattenCli::handleExecutionException);
        return cmd;
    }

    static int exitCodeOf(Throwable t) {
        return isBadInput(t) ? EXIT_BAD_INPUT : EXIT_INTERNAL;
    }

    private static boolean isBadInput(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidInputException || c instanceof CommandLine.ParameterException) {
                return true;
            }
        }
        return false;
    }

    private static int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof InvalidInputException) {
                err.println("error: " + c.getMessage());
                err.flush();
                return EXIT_BAD_INPUT;
            }
        }
        String path = pathProblem(ex);
        if (path != null) {
            err.println("error: " + path);
            err.flush();
            return EXIT_BAD_INPUT;
        }
        err.println("internal error: " + ex);
        if (System.getenv("SPATTEN_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("(set SPATTEN_DEBUG=1 for the stack trace)");
        }
        err.flush();
        return EXIT_INTERNAL;
    }

    /**
     * A file the user named that cannot be read or written (a directory where a file is expected, a path under a
     * file, no permission, a read-only or special file system), in words; null when the failure is not that.
     */
    static String pathProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.nio.file.FileSystemException f) {
                String why = c instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                        : c instanceof java.nio.file.AccessDeniedException ? "permission denied"
                        : c instanceof java.nio.file.NotDirectoryException ? "a path component is not a directory"
                        : c instanceof java.nio.file.FileAlreadyExistsException ? "exists and is in the way"
                        : f.getReason() != null ? f.getReason() : c.getClass().getSimpleName();
                return "cannot use " + f.getFile() + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "")
                        + ": " + why + "; expected a path this user can read or create";
            }
            if (c instanceof java.io.FileNotFoundException) {
                return "cannot use " + c.getMessage() + "; expected a path this user can read or create";
            }
        }
        return null;
    }

    /** Kept so the logger's level is not collected: netlib warns on stderr when its JDK-vector backend is absent. */
    private static final java.util.logging.Logger NETLIB_LOG = java.util.logging.Logger.getLogger("dev.ludovic.netlib");

    public static void main(String[] args) {
        NETLIB_LOG.setLevel(java.util.logging.Level.SEVERE);
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // Reported in words instead of a raw JVM trace; the work that needed it is gone.
            System.err.printf("error: out of memory (the JVM's maximum heap is %.2f GiB); raise it with "
                    + "SPATTEN_JAVA_OPTS=-Xmx<size> or give a smaller input%n", Runtime.getRuntime().maxMemory() / 1073741824.0);
            code = EXIT_INTERNAL;
        }
        System.exit(code);
    }
}
