package org.spattensim.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spattensim.common.InvalidInputException;

/**
 * YAML configuration files: reading with line-numbered errors, {@code --set key=value} overrides,
 * strict binding to parameter records (see {@link RecordBinder}) and writing the effective configuration.
 */
public final class YamlConfig {
    /**
     * Largest configuration file or text read: our presets and design spaces are a few KiB; a cap keeps a huge or
     * hostile file from costing minutes in the parser (SnakeYAML's cost grows faster than the size).
     */
    public static final int MAX_BYTES = 1 << 20;
    /** Deepest nesting of mappings and lists accepted. */
    public static final int MAX_DEPTH = 64;

    private static final YAMLMapper MAPPER = YAMLMapper.builder(
                    YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).loaderOptions(loaderOptions()).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new Jdk8Module())
            .build();

    private YamlConfig() {}

    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
        o.setCodePointLimit(MAX_BYTES);
        o.setNestingDepthLimit(MAX_DEPTH);
        return o;
    }

    /** Refuses text longer than {@link #MAX_BYTES} before it reaches the parser. */
    static void requireSize(long bytes, String source) {
        if (bytes > MAX_BYTES) {
            throw InvalidInputException.of(source, null, "is " + bytes + " bytes",
                    "a YAML file of at most " + MAX_BYTES + " bytes (configuration files are a few KiB)");
        }
    }

    /** The shared mapper (strict duplicate detection). */
    public static YAMLMapper mapper() {
        return MAPPER;
    }

    /** Reads a YAML mapping from a file; a missing file or invalid YAML names the file and the line. */
    public static ObjectNode readFile(Path file) {
        org.spattensim.common.InputFiles.requireRegular(file, "a YAML file");
        try {
            requireSize(Files.size(file), file.toString());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": file not found");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a YAML mapping from a classpath resource (absolute path, without a leading slash). */
    public static ObjectNode readResource(String resourcePath) {
        String path = resourcePath.startsWith("/") ? resourcePath.substring(1) : resourcePath;
        InputStream in = YamlConfig.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new InvalidInputException("classpath:" + path + ": resource not found");
        }
        try (in) {
            return parse(in, "classpath:" + path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses YAML text; {@code source} names it in errors. */
    public static ObjectNode parse(String yaml, String source) {
        requireSize(yaml.length(), source);
        try {
            return asMapping(MAPPER.readTree(yaml), source);
        } catch (JsonProcessingException e) {
            throw yamlError(e, source);
        }
    }

    private static ObjectNode parse(InputStream in, String source) throws IOException {
        try {
            return asMapping(MAPPER.readTree(in), source);
        } catch (JsonProcessingException e) {
            throw yamlError(e, source);
        }
    }

    private static ObjectNode asMapping(JsonNode node, String source) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw InvalidInputException.of(source, "", "the document is a " + node.getNodeType().toString().toLowerCase(),
                    "a mapping of keys to values");
        }
        return (ObjectNode) node;
    }

    private static InvalidInputException yamlError(JsonProcessingException e, String source) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return new InvalidInputException(source + ": invalid YAML" + where + ": " + e.getOriginalMessage(), e);
    }

    /**
     * Applies {@code dotted.key=value} overrides to a copy of {@code base}. The value is parsed as a YAML
     * scalar or flow collection ({@code 3}, {@code 0.5}, {@code true}, {@code [1, 2]}, {@code text}).
     * A key that does not exist in {@code base} is rejected here when {@code base} already has the parent
     * mapping; {@link RecordBinder} rejects the rest, so a typo never passes silently. The last segment may
     * name one element of an existing list, {@code pruning.token.perLayer[3]=0.25}.
     */
    public static ObjectNode applyOverrides(ObjectNode base, List<String> sets, String sourceName) {
        ObjectNode result = base.deepCopy();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw InvalidInputException.of("--set " + set, "", "malformed override", "key=value, e.g. dram.channels=8");
            }
            String key = set.substring(0, eq).trim();
            String text = set.substring(eq + 1).trim();
            JsonNode value = parseValue(text, "--set " + set);
            String[] parts = key.split("\\.");
            ObjectNode node = result;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = node.get(parts[i]);
                if (child == null) {
                    throw unknownKey(sourceName, set, String.join(".", java.util.Arrays.copyOf(parts, i + 1)), node);
                }
                if (!child.isObject()) {
                    throw InvalidInputException.of("--set " + set, key, "'" + String.join(".", java.util.Arrays.copyOf(parts, i + 1))
                            + "' is a value, not a section", "a key below a section");
                }
                node = (ObjectNode) child;
            }
            String leaf = parts[parts.length - 1];
            ListIndex li = ListIndex.parse(leaf);
            if (li == null) {
                if (!node.has(leaf)) {
                    throw unknownKey(sourceName, set, key, node);
                }
                node.set(leaf, value);
                continue;
            }
            if (!node.has(li.name())) {
                throw unknownKey(sourceName, set, key.substring(0, key.length() - leaf.length()) + li.name(), node);
            }
            if (!(node.get(li.name()) instanceof ArrayNode list)) {
                throw InvalidInputException.of("--set " + set, key, "'" + li.name() + "' is not a list",
                        "an index only on a list key");
            }
            if (li.index() >= list.size()) {
                throw InvalidInputException.of("--set " + set, key, "index " + li.index() + " but the list has "
                        + list.size() + " element(s) here", (list.isEmpty() ? "an existing element" : "an index below "
                        + list.size()) + " (set the whole list first, e.g. " + li.name() + "=[...])");
            }
            list.set(li.index(), value);
        }
        return result;
    }

    /**
     * The last segment of an override key when it names one list element, {@code name[i]}; null for a plain key.
     * The list must already have element {@code i} (from the preset or an earlier override).
     */
    public record ListIndex(String name, int index) {
        private static final Pattern FORM = Pattern.compile("([^\\[\\]]+)\\[(\\d{1,9})]");

        public static ListIndex parse(String segment) {
            Matcher m = FORM.matcher(segment);
            return m.matches() ? new ListIndex(m.group(1), Integer.parseInt(m.group(2))) : null;
        }
    }

    private static InvalidInputException unknownKey(String sourceName, String set, String key, ObjectNode parent) {
        List<String> known = new ArrayList<>();
        parent.fieldNames().forEachRemaining(known::add);
        return InvalidInputException.of("--set " + set, key, "unknown key for " + sourceName, "one of " + known);
    }

    private static JsonNode parseValue(String text, String source) {
        if (text.isEmpty()) {
            throw InvalidInputException.of(source, "", "empty value", "a value after '='");
        }
        try {
            JsonNode node = MAPPER.readTree("v: " + text).get("v");
            return node == null ? JsonNodeFactory.instance.textNode(text) : node;
        } catch (JsonProcessingException e) {
            if (text.startsWith("[") || text.startsWith("{")) {
                throw InvalidInputException.of(source, "", "cannot parse value '" + text + "'", "a YAML scalar or [list]");
            }
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    /** Deep merge: mappings merge key by key, everything else in {@code over} replaces {@code base}. */
    public static ObjectNode merge(ObjectNode base, ObjectNode over) {
        ObjectNode result = base.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = result.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                result.set(e.getKey(), merge((ObjectNode) existing, (ObjectNode) e.getValue()));
            } else {
                result.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return result;
    }

    /** Strictly binds a tree to {@code type}; see {@link RecordBinder}. */
    public static <T> T bind(JsonNode node, Class<T> type, String sourceName) {
        return RecordBinder.bind(node, type, sourceName);
    }

    /** The effective configuration as YAML text, for {@code config.yaml} next to every result. */
    public static String toYaml(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise configuration " + value.getClass().getName(), e);
        }
    }

    /** Writes {@link #toYaml(Object)} to a file. */
    public static void write(Object value, Path file) {
        try {
            Files.writeString(file, toYaml(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
