package org.spattensim.trace.spatten;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spattensim.common.InvalidInputException;

/**
 * The SpAtten workload CSVs bundled on the classpath (MIT, github mit-han-lab/spatten @a0f1388,
 * {@code spatten_hardware/hardware/workloads/}; see the README beside the files). Each load checks
 * the file's SHA-256 against the released one.
 */
public enum BundledSpattenWorkloads {
    /** One unpruned task (L = 993). */
    SMALL("small", "small.csv", "51150d785d94fe2b195e04c53ce0bbdaa2a55956b8ea6d07cb1f924e8f2cf404"),
    /** GPT-2 small, WikiText-2, 992-token prompt + 32 generated tokens, SpAtten pruning and quantization. */
    GPT2_SMALL_WIKITEXT2("gpt2-small-wikitext2", "summary-gpt2-small-wikitext2-per8.csv",
            "5f17e1c00556cd6d3a1152dc5eb5e01de00fb8c8a39d13ce1260aba5f776c52d"),
    /** The same run, dense (no pruning, no quantization). */
    GPT2_SMALL_WIKITEXT2_DENSE("gpt2-small-wikitext2-dense", "summary-gpt2-small-wikitext2-per8-step1+dedic.csv",
            "1d63e304bdac1c53899e70bbb7b7012ba0a4b8d1bd3a41354ba67d702004f5da");

    /** Classpath folder of the bundled files. */
    public static final String RESOURCE_DIR = "/org/spattensim/workloads/spatten/";
    /** Where the files were published. */
    public static final String ORIGIN = "github.com/mit-han-lab/spatten commit a0f1388, "
            + "spatten_hardware/hardware/workloads/%s; MIT License, Copyright (c) 2023 MIT HAN Lab";

    private final String workloadName;
    private final String fileName;
    private final String sha256;

    BundledSpattenWorkloads(String workloadName, String fileName, String sha256) {
        this.workloadName = workloadName;
        this.fileName = fileName;
        this.sha256 = sha256;
    }

    /** The name users pass, e.g. {@code gpt2-small-wikitext2}. */
    public String workloadName() {
        return workloadName;
    }

    /** The released file name. */
    public String fileName() {
        return fileName;
    }

    /** SHA-256 of the released file. */
    public String sha256() {
        return sha256;
    }

    /** Reads the bundled file; fails if its bytes differ from the released ones. */
    public SpattenWorkload load() {
        String res = RESOURCE_DIR + fileName;
        try (InputStream in = BundledSpattenWorkloads.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("bundled workload missing from the classpath: " + res);
            }
            SpattenWorkload w = SpattenCsvReader.read(in, "bundled:" + workloadName);
            if (!w.provenance().sha256().equals(sha256)) {
                throw new IllegalStateException("bundled workload " + res + " has SHA-256 " + w.provenance().sha256()
                        + ", the released file has " + sha256);
            }
            return w.withProvenance(w.provenance().withOrigin(String.format(Locale.ROOT, ORIGIN, fileName)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled workload " + res, e);
        }
    }

    /** All bundled names. */
    public static List<String> names() {
        List<String> n = new ArrayList<>();
        for (BundledSpattenWorkloads b : values()) {
            n.add(b.workloadName);
        }
        return n;
    }

    /** The bundled workload with this name; InvalidInputException listing the names if there is none. */
    public static BundledSpattenWorkloads byName(String name) {
        for (BundledSpattenWorkloads b : values()) {
            if (b.workloadName.equals(name)) {
                return b;
            }
        }
        throw InvalidInputException.of(null, "workload", "unknown bundled SpAtten workload '" + name + "'",
                "one of " + names());
    }

    /** Loads a bundled workload by name. */
    public static SpattenWorkload load(String name) {
        return byName(name).load();
    }

    /**
     * A bundled name or a CSV path: a bundled name wins; otherwise the argument is read as a file.
     * An argument that is neither gets an error listing the bundled names.
     */
    public static SpattenWorkload loadNameOrFile(String nameOrPath) {
        for (BundledSpattenWorkloads b : values()) {
            if (b.workloadName.equals(nameOrPath)) {
                return b.load();
            }
        }
        Path p = Path.of(nameOrPath);
        if (!Files.exists(p)) {
            throw InvalidInputException.of(nameOrPath, null, "no such file and no bundled workload of that name",
                    "a SpAtten workload CSV or one of " + names());
        }
        return SpattenCsvReader.read(p);
    }
}
