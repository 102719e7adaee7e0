package org.spattensim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.spattensim.common.InvalidInputException;

/** Checks of command-line values, each naming the option the user typed. */
final class CliChecks {
    /** More threads than this is a typing error on any machine we run on. */
    static final int MAX_THREADS = 4096;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private CliChecks() {}

    /** The thread count to use: the given one (1 to {@link #MAX_THREADS}) or all cores. */
    static int threads(Integer threads, String option) {
        if (threads == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw InvalidInputException.of(option + " " + threads, option, "is " + threads, "1 to " + MAX_THREADS);
        }
        return threads;
    }

    /** A run-folder name: letters, digits, '.', '_' and '-', not starting with '.' (no path, no "..") . */
    static String plainName(String name, String option) {
        if (name == null || !PLAIN_NAME.matcher(name).matches()) {
            throw InvalidInputException.of(option + " " + name, option, "'" + name + "' is not a plain name",
                    "letters, digits, '.', '_' or '-', starting with a letter or digit (a folder name, not a path)");
        }
        return name;
    }

    /** An output file that must not exist yet (no silent overwrite) and whose folder can hold it. */
    static Path newOutputFile(Path file, String option) {
        if (Files.exists(file)) {
            throw InvalidInputException.of(file.toString(), option, Files.isDirectory(file) ? "is a directory"
                    : "already exists", "a new file to write (remove the old one first)");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
            throw InvalidInputException.of(file.toString(), option, "its folder " + parent + " is a file",
                    "a path in a folder");
        }
        return file;
    }
}
