package org.spattensim.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spattensim.common.InvalidInputException;

/**
 * Named configuration presets of one record type, kept as YAML files on the classpath under
 * {@code resourceDir}. The directory's {@code index.yaml} lists them:
 *
 * <pre>
 * presets:
 *   HBM2_8Gb_2Gbps: {file: HBM2_8Gb_2Gbps.yaml, description: "HBM2, JEDEC-style timings"}
 * aliases:
 *   HBM2: HBM2_8Gb_2Gbps
 * </pre>
 *
 * A preset (or a user's file) may start from another preset with {@code extends: <name>}; its keys
 * are merged over that preset's. {@link #load} takes a preset name or a path to a YAML file, then
 * applies {@code --set} overrides, then binds strictly (unknown keys rejected).
 */
public final class Presets<T> {
    /** A bound configuration with the effective tree it came from (write it next to results). */
    public record Loaded<T>(T value, ObjectNode tree, String source) {
        public String toYaml() {
            return YamlConfig.toYaml(tree);
        }
    }

    /** One entry of the index. */
    public record Entry(String name, String file, String description) {}

    private static final String EXTENDS = "extends";

    private final Class<T> type;
    private final String resourceDir;
    private final String kind;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();

    /**
     * @param kind what the presets configure, for messages ("DRAM preset", "accelerator")
     */
    public Presets(Class<T> type, String resourceDir, String kind) {
        this.type = type;
        this.resourceDir = resourceDir.endsWith("/") ? resourceDir.substring(0, resourceDir.length() - 1) : resourceDir;
        this.kind = kind;
        ObjectNode index = YamlConfig.readResource(this.resourceDir + "/index.yaml");
        JsonNode presets = index.path("presets");
        presets.fields().forEachRemaining(e -> entries.put(e.getKey(),
                new Entry(e.getKey(), e.getValue().path("file").asText(e.getKey() + ".yaml"),
                        e.getValue().path("description").asText(""))));
        index.path("aliases").fields().forEachRemaining(e -> {
            if (!entries.containsKey(e.getValue().asText())) {
                throw new IllegalStateException(this.resourceDir + "/index.yaml: alias " + e.getKey()
                        + " points to unknown preset " + e.getValue().asText());
            }
            aliases.put(e.getKey(), e.getValue().asText());
        });
    }

    public Class<T> type() {
        return type;
    }

    /** Preset names in index order (aliases not included). */
    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    public Map<String, String> aliases() {
        return Map.copyOf(aliases);
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public boolean contains(String name) {
        return canonical(name) != null;
    }

    /** The canonical preset name for a name or alias, or null. Matching ignores case. */
    public String canonical(String name) {
        for (String n : entries.keySet()) {
            if (n.equalsIgnoreCase(name)) {
                return n;
            }
        }
        for (Map.Entry<String, String> a : aliases.entrySet()) {
            if (a.getKey().equalsIgnoreCase(name)) {
                return a.getValue();
            }
        }
        return null;
    }

    /** Loads a preset by name, or a YAML file by path, applies overrides and binds. */
    public Loaded<T> load(String nameOrFile, List<String> overrides) {
        ObjectNode tree = loadTree(nameOrFile);
        String source = describeSource(nameOrFile);
        ObjectNode effective = YamlConfig.applyOverrides(tree, overrides, source);
        String bindSource = overrides.isEmpty() ? source : source + " with --set " + String.join(" ", overrides);
        return new Loaded<>(YamlConfig.bind(effective, type, bindSource), effective, bindSource);
    }

    public Loaded<T> load(String nameOrFile) {
        return load(nameOrFile, List.of());
    }

    /** The merged tree of a preset or file (its {@code extends} chain resolved), before overrides. */
    public ObjectNode loadTree(String nameOrFile) {
        return resolve(nameOrFile, new HashSet<>());
    }

    private ObjectNode resolve(String nameOrFile, Set<String> seen) {
        String name = canonical(nameOrFile);
        ObjectNode tree;
        String source;
        if (name != null) {
            source = kind + " preset " + name;
            if (!seen.add(name)) {
                throw new InvalidInputException(source + ": 'extends' forms a cycle through " + seen);
            }
            tree = YamlConfig.readResource(resourceDir + "/" + entries.get(name).file());
        } else if (Files.isRegularFile(Path.of(nameOrFile))) {
            source = nameOrFile;
            tree = YamlConfig.readFile(Path.of(nameOrFile));
        } else {
            throw new InvalidInputException("unknown " + kind + " '" + nameOrFile
                    + "': not a preset and not a file; expected one of " + names()
                    + (aliases.isEmpty() ? "" : " or an alias " + aliases.keySet()) + ", or a path to a YAML file");
        }
        JsonNode base = tree.remove(EXTENDS);
        if (base == null) {
            return tree;
        }
        if (!base.isTextual()) {
            throw InvalidInputException.of(source, EXTENDS, "is not a name", "the name of a " + kind + " preset");
        }
        if (canonical(base.asText()) == null) {
            throw InvalidInputException.of(source, EXTENDS, "unknown preset '" + base.asText() + "'", "one of " + names());
        }
        return YamlConfig.merge(resolve(base.asText(), seen), tree);
    }

    private String describeSource(String nameOrFile) {
        String name = canonical(nameOrFile);
        return name != null ? kind + " preset " + name : nameOrFile;
    }
}
