package org.spattensim.trace.record;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.record.llama.LlamaCheckpoint;
import org.spattensim.trace.record.llama.LlamaModel;
import org.spattensim.trace.record.tokenizer.BpeTokenizer;

/**
 * A model the recorder can run: a llama2.c checkpoint, its tokenizer, a name and where it came from.
 *
 * <p>{@link #load(String)} takes either the name of a model bundled on the classpath (under
 * {@code org/spattensim/models/<name>/}, described by its {@code model.properties}; {@value #DEFAULT_MODEL} is
 * bundled) or a directory. In a directory the checkpoint is {@code model.bin}, else the only {@code *.bin}
 * whose name does not start with {@code tok}; the tokenizer is {@code tokenizer.bin}, else the only
 * {@code tok*.bin}.
 *
 * @param name       model name written into traces (the bundled name or the directory's name)
 * @param model      the network
 * @param tokenizer  its tokenizer
 * @param provenance where the weights came from (written into traces)
 */
public record RecorderModel(String name, LlamaModel model, BpeTokenizer tokenizer, String provenance) {

    /** The model bundled with spatten-sim: Karpathy's stories260K (MIT), 5 layers, 8 heads, 4 KV heads. */
    public static final String DEFAULT_MODEL = "stories260K";
    static final String RESOURCE_ROOT = "/org/spattensim/models/";

    /** True when {@code name} is a bundled model. */
    public static boolean isBundled(String name) {
        return name.matches("[A-Za-z0-9_.-]+")
                && RecorderModel.class.getResource(RESOURCE_ROOT + name + "/model.properties") != null;
    }

    /** Loads a bundled model by name, or a model directory. */
    public static RecorderModel load(String nameOrDirectory) {
        if (isBundled(nameOrDirectory)) {
            return loadBundled(nameOrDirectory);
        }
        Path dir = Path.of(nameOrDirectory);
        if (!Files.isDirectory(dir)) {
            throw InvalidInputException.of(nameOrDirectory, "model", "is neither a bundled model nor a directory",
                    "a bundled model name (" + DEFAULT_MODEL + ") or a directory with a llama2.c checkpoint and"
                            + " tokenizer");
        }
        return loadDirectory(dir);
    }

    /** The bundled {@value #DEFAULT_MODEL}. */
    public static RecorderModel loadDefault() {
        return loadBundled(DEFAULT_MODEL);
    }

    static RecorderModel loadBundled(String name) {
        String base = RESOURCE_ROOT + name + "/";
        Properties props = new Properties();
        try (InputStream in = open(base + "model.properties")) {
            props.load(in);
            String ckpt = required(props, base, "checkpoint");
            String tok = required(props, base, "tokenizer");
            LlamaModel model;
            byte[] ckptBytes;
            try (InputStream c = open(base + ckpt)) {
                ckptBytes = c.readAllBytes();
            }
            model = LlamaCheckpoint.read(new ByteArrayInputStream(ckptBytes), ckptBytes.length,
                    "classpath:" + base + ckpt);
            BpeTokenizer tokenizer;
            try (InputStream t = open(base + tok)) {
                tokenizer = BpeTokenizer.read(t, model.config().vocabSize(), "classpath:" + base + tok);
            }
            return new RecorderModel(name, model, tokenizer, props.getProperty("provenance", "bundled " + name));
        } catch (IOException e) {
            throw new UncheckedIOException("bundled model " + name + " unreadable", e);
        }
    }

    static RecorderModel loadDirectory(Path dir) {
        Path ckpt = pick(dir, "model.bin", false);
        Path tok = pick(dir, "tokenizer.bin", true);
        LlamaModel model = LlamaCheckpoint.read(ckpt);
        BpeTokenizer tokenizer = BpeTokenizer.read(tok, model.config().vocabSize());
        Path fileName = dir.toAbsolutePath().normalize().getFileName();
        String name = fileName == null ? dir.toString() : fileName.toString();
        return new RecorderModel(name, model, tokenizer, "llama2.c checkpoint " + ckpt + ", tokenizer " + tok);
    }

    private static Path pick(Path dir, String preferred, boolean tokenizer) {
        Path p = dir.resolve(preferred);
        if (Files.isRegularFile(p)) {
            return p;
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.bin")) {
            for (Path f : ds) {
                if (Files.isRegularFile(f) && f.getFileName().toString().startsWith("tok") == tokenizer) {
                    found.add(f);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list model directory: " + e.getMessage(), e);
        }
        if (found.size() != 1) {
            String what = tokenizer ? "tokenizer" : "checkpoint";
            throw InvalidInputException.of(dir.toString(), what, "found " + found.size() + " candidate files "
                    + found, preferred + " or exactly one " + (tokenizer ? "tok*.bin" : "*.bin not named tok*"));
        }
        return found.get(0);
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = RecorderModel.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("missing classpath resource " + resource);
        }
        return in;
    }

    private static String required(Properties p, String base, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(base + "model.properties: missing key " + key);
        }
        return v.trim();
    }
}
