package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help a new user reads: complete one-line summaries, no formatting warnings, every bundled space listed. */
class CliHelpTest {
    @Test
    void everyCommandSummaryIsACompleteSentence() {
        for (CommandLine sub : SpattenCli.commandLine().getSubcommands().values()) {
            String[] d = sub.getCommandSpec().usageMessage().description();
            if (d.length == 0) {
                continue;
            }
            String first = d[0].trim();
            assertTrue(first.endsWith(".") || first.endsWith(")"), sub.getCommandName() + ": '" + first + "'");
        }
    }

    @Test
    void helpHasNoFormattingWarnings() {
        for (String name : SpattenCli.commandLine().getSubcommands().keySet()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            SpattenCliTest.run(out, err, name, "--help");
            assertFalse((out + "" + err).contains("picocli WARN"), name + ": " + err);
        }
    }

    @Test
    void exploreHelpListsEveryBundledSpace() throws Exception {
        StringWriter out = new StringWriter();
        SpattenCliTest.run(out, new StringWriter(), "explore", "--help");
        String help = out.toString().replaceAll("\\s+", " ");
        try (Stream<Path> spaces = Files.list(Path.of("..", "dse", "src", "main", "resources", "spaces"))) {
            for (Path p : spaces.toList()) {
                String name = p.getFileName().toString().replaceAll("\\.yaml$", "");
                assertTrue(help.contains(name), name + " in " + help);
            }
        }
    }
}
