package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java block compiles against the project and runs. */
class ReadmeSnippetTest {
    @TempDir
    Path dir;

    @Test
    void readmeJavaBlockCompilesAndRuns() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "README has a ```java block");
        Path src = dir.resolve("Example.java");
        Files.writeString(src, m.group(1));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK compiler");
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diag, "-cp", System.getProperty("java.class.path"), "-d", dir.toString(),
                src.toString());
        assertEquals(0, rc, diag.toString());
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader cl = new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()},
                ReadmeSnippetTest.class.getClassLoader())) {
            System.setOut(new PrintStream(out, true));
            cl.loadClass("Example").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(old);
        }
        assertTrue(out.toString().matches("(?s)\\d+ cycles, .* J, \\d+ DRAM bytes\\s*"), out.toString());
        assertTrue(List.of(out.toString().split(" ")).size() > 3);
    }
}
