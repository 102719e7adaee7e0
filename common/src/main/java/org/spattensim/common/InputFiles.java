package org.spattensim.common;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The check every input file passes before it is opened: it must exist and be a regular file. A FIFO or device
 * would block the reader forever, a directory would fail later with a less useful message.
 */
public final class InputFiles {
    private InputFiles() {}

    /**
     * Refuses anything but an existing regular file (symbolic links are followed).
     *
     * @param what what the file should be, for the message ("a safetensors trace", "a YAML file")
     */
    public static Path requireRegular(Path file, String what) {
        if (Files.isRegularFile(file)) {
            return file;
        }
        String problem;
        if (!Files.exists(file)) {
            problem = "file not found";
        } else if (Files.isDirectory(file)) {
            problem = "is a directory";
        } else if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            problem = "is a broken link";
        } else {
            problem = "is not a regular file (a FIFO, socket or device)";
        }
        throw InvalidInputException.of(file.toString(), null, problem, what);
    }
}
