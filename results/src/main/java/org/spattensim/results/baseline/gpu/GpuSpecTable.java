package org.spattensim.results.baseline.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spattensim.common.InvalidInputException;

/**
 * The named GPUs of the roofline baseline, loaded from YAML ({@code gpu-specs.yaml} on the class path by
 * default). Every numeric field must have an entry in the GPU's {@code sources}; unknown keys are errors.
 */
public final class GpuSpecTable {
    public static final String RESOURCE = "gpu-specs.yaml";
    private static final List<String> NUMBERS = List.of("fp32_tflops", "fp16_tflops", "mem_bandwidth_gbs", "tdp_w",
            "launch_overhead_us");
    private static final Set<String> KEYS = Set.of("name", "fp32_tflops", "fp16_tflops", "mem_bandwidth_gbs", "tdp_w",
            "launch_overhead_us", "default_precision", "sources");
    private static volatile GpuSpecTable defaults;

    private final Map<String, GpuSpec> specs;

    private GpuSpecTable(Map<String, GpuSpec> specs) {
        this.specs = Collections.unmodifiableMap(specs);
    }

    /** The bundled table (TITAN Xp, V100, A100, H100, Jetson Nano). */
    public static GpuSpecTable defaults() {
        GpuSpecTable t = defaults;
        if (t == null) {
            try (InputStream in = GpuSpecTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing class-path resource " + RESOURCE);
                }
                t = parse(in, "class-path " + RESOURCE);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + RESOURCE, e);
            }
            defaults = t;
        }
        return t;
    }

    public static GpuSpecTable load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read GPU spec table: " + e.getMessage(), e);
        }
    }

    static GpuSpecTable parse(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.has("gpus") || root.size() != 1 || !root.get("gpus").isObject()) {
            throw InvalidInputException.of(source, "(top level)", "unexpected layout", "a single map 'gpus: {<id>: {...}}'");
        }
        Map<String, GpuSpec> specs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("gpus").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            specs.put(e.getKey(), spec(source, e.getKey(), e.getValue()));
        }
        return new GpuSpecTable(specs);
    }

    private static GpuSpec spec(String source, String id, JsonNode n) {
        String where = "gpus." + id;
        if (!id.matches("[a-z0-9][a-z0-9-]*")) {
            throw InvalidInputException.of(source, where, "bad GPU id", "lower-case letters, digits and '-'");
        }
        if (!n.isObject()) {
            throw InvalidInputException.of(source, where, "not a map", "a map of spec fields");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw InvalidInputException.of(source, where + "." + key, "unknown key", "one of " + KEYS);
            }
        }
        JsonNode src = n.get("sources");
        if (src == null || !src.isObject()) {
            throw InvalidInputException.of(source, where + ".sources", "missing", "a map naming the source of every value");
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = src.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!KEYS.contains(e.getKey()) || e.getKey().equals("sources") || e.getKey().equals("name")) {
                throw InvalidInputException.of(source, where + ".sources." + e.getKey(), "unknown key", "a spec field name");
            }
            sources.put(e.getKey(), e.getValue().asText());
        }
        double[] v = new double[NUMBERS.size()];
        for (int i = 0; i < v.length; i++) {
            String key = NUMBERS.get(i);
            JsonNode x = n.get(key);
            if (x == null || !x.isNumber()) {
                throw InvalidInputException.of(source, where + "." + key, x == null ? "missing" : "not a number: " + x, "a number");
            }
            if (sources.getOrDefault(key, "").isBlank()) {
                throw InvalidInputException.of(source, where + ".sources." + key, "missing", "the source of " + key);
            }
            v[i] = x.asDouble();
        }
        JsonNode prec = n.get("default_precision");
        if (prec == null) {
            throw InvalidInputException.of(source, where + ".default_precision", "missing", "fp16 or fp32");
        }
        JsonNode name = n.get("name");
        return new GpuSpec(id, name == null ? id : name.asText(), v[0], v[1], v[2], v[3], v[4],
                Precision.parse(source, where + ".default_precision", prec.asText()), sources);
    }

    public GpuSpec get(String id) {
        GpuSpec s = specs.get(id);
        if (s == null) {
            throw InvalidInputException.of("gpu spec table", "gpu", "unknown GPU '" + id + "'", "one of " + specs.keySet());
        }
        return s;
    }

    public boolean contains(String id) {
        return specs.containsKey(id);
    }

    public Set<String> ids() {
        return specs.keySet();
    }
}
