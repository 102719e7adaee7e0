package org.spattensim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.common.InvalidInputException;

class YamlConfigTest {
    enum Policy { OPEN, CLOSED }

    record Timing(int tRCD, int tRP) {
        Timing {
            if (tRCD < 0) {
                throw new InvalidInputException("tRCD: " + tRCD + " is negative; expected >= 0");
            }
        }
    }

    record Cfg(String name, int channels, double ratio, Policy policy, Timing timing, List<String> tags,
               @Default("32") int transactionBytes, Optional<String> note) {
        Cfg {
            if (channels <= 0) {
                throw new IllegalArgumentException("channels: " + channels + " is not positive; expected at least 1");
            }
        }
    }

    private final Presets<Cfg> presets = new Presets<>(Cfg.class, "presets/test", "test");

    private static String message(Runnable r) {
        return assertThrows(InvalidInputException.class, r::run).getMessage();
    }

    @Test
    void loadsPresetWithDefaultsAndOptional() {
        Cfg c = presets.load("base").value();
        assertEquals(16, c.channels());
        assertEquals(Policy.OPEN, c.policy());
        assertEquals(new Timing(14, 14), c.timing());
        assertEquals(List.of("a", "b"), c.tags());
        assertEquals(32, c.transactionBytes());
        assertEquals(Optional.empty(), c.note());
    }

    @Test
    void aliasAndCaseInsensitiveNames() {
        assertEquals("base", presets.load("b").value().name());
        assertEquals("base", presets.canonical("BASE"));
    }

    @Test
    void extendsMergesDeeply() {
        Cfg c = presets.load("child/1").value();
        assertEquals("child", c.name());
        assertEquals(new Timing(14, 20), c.timing());
        assertEquals(16, c.channels());
    }

    @Test
    void overridesApplyAndAreRecordedInTheEffectiveTree() {
        Presets.Loaded<Cfg> l = presets.load("base", List.of("channels=8", "timing.tRP=30", "tags=[x]", "policy=closed"));
        assertEquals(8, l.value().channels());
        assertEquals(30, l.value().timing().tRP());
        assertEquals(List.of("x"), l.value().tags());
        assertEquals(Policy.CLOSED, l.value().policy());
        assertTrue(l.toYaml().contains("channels: 8"), l.toYaml());
    }

    @Test
    void effectiveYamlRoundTrips(@TempDir Path dir) throws Exception {
        Cfg c = presets.load("child/1").value();
        Path f = dir.resolve("config.yaml");
        YamlConfig.write(c, f);
        assertEquals(c, YamlConfig.bind(YamlConfig.readFile(f), Cfg.class, f.toString()));
    }

    @Test
    void unknownOverrideKeyIsRejectedWithKnownKeys() {
        String m = message(() -> presets.load("base", List.of("chanels=8")));
        assertTrue(m.contains("chanels") && m.contains("unknown key") && m.contains("channels"), m);
        m = message(() -> presets.load("base", List.of("timing.tXYZ=1")));
        assertTrue(m.contains("timing.tXYZ") && m.contains("tRCD"), m);
    }

    @Test
    void listElementOverrideSetsOneElementOfAnExistingList() {
        Cfg c = presets.load("base", List.of("tags=[a, b, c]", "tags[1]=z")).value();
        assertEquals(List.of("a", "z", "c"), c.tags());
        String m = message(() -> presets.load("base", List.of("tags=[a]", "tags[3]=z")));
        assertTrue(m.contains("tags[3]") && m.contains("1 element") && m.contains("below 1"), m);
        m = message(() -> presets.load("base", List.of("channels[0]=2")));
        assertTrue(m.contains("channels[0]") && m.contains("not a list"), m);
        m = message(() -> presets.load("base", List.of("tagz[0]=a")));
        assertTrue(m.contains("tagz") && m.contains("unknown key"), m);
    }

    @Test
    void malformedOverrideIsRejected() {
        String m = message(() -> presets.load("base", List.of("channels")));
        assertTrue(m.contains("key=value"), m);
        m = message(() -> presets.load("base", List.of("channels=")));
        assertTrue(m.contains("empty value"), m);
        m = message(() -> presets.load("base", List.of("channels.x=1")));
        assertTrue(m.contains("not a section"), m);
    }

    @Test
    void unknownKeyInFileNamesFileAndKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("my.yaml");
        Files.writeString(f, "extends: base\ntiming: {tRCD: 1, tRP: 1, tFOO: 3}\n");
        String m = message(() -> presets.load(f.toString()));
        assertTrue(m.contains(f.toString()) && m.contains("timing.tFOO") && m.contains("unknown key"), m);
    }

    @Test
    void wrongTypesAreRejected() {
        String m = message(() -> presets.load("base", List.of("channels=many")));
        assertTrue(m.contains("channels") && m.contains("an integer (32-bit)") && m.contains("many"), m);
        m = message(() -> presets.load("base", List.of("channels=1.5")));
        assertTrue(m.contains("an integer"), m);
        m = message(() -> presets.load("base", List.of("ratio=abc")));
        assertTrue(m.contains("ratio") && m.contains("a number"), m);
        m = message(() -> presets.load("base", List.of("ratio=.nan")));
        assertTrue(m.contains("ratio") && m.contains("number"), m);
        m = message(() -> presets.load("base", List.of("tags=[a, b")));
        assertTrue(m.contains("cannot parse value"), m);
        m = message(() -> presets.load("base", List.of("policy=HALF")));
        assertTrue(m.contains("policy") && m.contains("OPEN") && m.contains("CLOSED"), m);
        m = message(() -> presets.load("base", List.of("timing=3")));
        assertTrue(m.contains("timing") && m.contains("a mapping with keys [tRCD, tRP]"), m);
        m = message(() -> presets.load("base", List.of("tags=x")));
        assertTrue(m.contains("tags") && m.contains("a list"), m);
    }

    @Test
    void impossibleValuesRejectedByRecordWithSourceAndPath() {
        String m = message(() -> presets.load("base", List.of("channels=0")));
        assertTrue(m.contains("test preset base") && m.contains("channels") && m.contains("at least 1"), m);
        m = message(() -> presets.load("base", List.of("timing.tRCD=-1")));
        assertTrue(m.contains("timing") && m.contains("tRCD") && m.contains(">= 0"), m);
    }

    @Test
    void missingRequiredKeyIsRejected(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("partial.yaml");
        Files.writeString(f, "name: x\nchannels: 1\nratio: 1\npolicy: OPEN\ntags: []\n");
        String m = message(() -> presets.load(f.toString()));
        assertTrue(m.contains("timing") && m.contains("is missing"), m);
    }

    @Test
    void unknownPresetListsChoices() {
        String m = message(() -> presets.load("nope"));
        assertTrue(m.contains("unknown test 'nope'") && m.contains("base") && m.contains("child/1"), m);
    }

    @Test
    void extendsCycleAndUnknownBaseAreRejected(@TempDir Path dir) throws Exception {
        String m = message(() -> presets.load("loop-a"));
        assertTrue(m.contains("cycle"), m);
        Path f = dir.resolve("x.yaml");
        Files.writeString(f, "extends: nothing\n");
        m = message(() -> presets.load(f.toString()));
        assertTrue(m.contains("extends") && m.contains("unknown preset 'nothing'"), m);
    }

    @Test
    void invalidYamlNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "name: x\nchannels: [1, 2\n");
        String m = message(() -> YamlConfig.readFile(f));
        assertTrue(m.contains(f.toString()) && m.contains("invalid YAML") && m.contains("line"), m);
        Files.writeString(f, "a: 1\na: 2\n");
        m = message(() -> YamlConfig.readFile(f));
        assertTrue(m.contains("Duplicate field 'a'"), m);
        Files.writeString(f, "- 1\n- 2\n");
        m = message(() -> YamlConfig.readFile(f));
        assertTrue(m.contains("a mapping"), m);
        m = message(() -> YamlConfig.readFile(dir.resolve("missing.yaml")));
        assertTrue(m.contains("missing.yaml: file not found"), m);
    }
}
