package org.spattensim.dse.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;

class DesignSpaceTest {
    static final String YAML = """
            name: t
            model: {name: analytic-schaffer, base: spatten-1/8, set: [a=1]}
            parameters:
              multipliers: {type: int, min: 64, max: 512, step: 64, keys: [compute.qkMultipliers, compute.pvMultipliers]}
              parallelism: {type: int, min: 4, max: 64, log: true, keys: [topk.parallelism]}
              threshold: {type: real, min: 0.0, max: 0.2, step: 0.05}
              clock: {type: real, min: 0.5, max: 2, log: true}
              dram: {type: choice, values: [HBM2, DDR4, 3]}
            constraints:
              - {metric: area_mm2, max: 2.0}
            objectives:
              - {metric: cycles}
              - {metric: energy_j, direction: minimize, weight: 0.5}
            """;

    @Test
    void parsesEveryParameterKind() {
        DesignSpace s = DesignSpace.parse(YAML, "test.yaml");
        List<Parameter> p = s.parameters();
        assertEquals(List.of("multipliers", "parallelism", "threshold", "clock", "dram"),
                p.stream().map(Parameter::name).toList());
        assertEquals(8, p.get(0).levels());
        assertEquals(List.of(4L, 8L, 16L, 32L, 64L), ((IntParameter) p.get(1)).values());
        assertEquals(List.of(0.0, 0.05, 0.1, 0.15, 0.2), p.get(2).gridValues(3));
        assertEquals(0, p.get(3).levels());
        assertEquals(List.of("HBM2", "DDR4", 3L), ((ChoiceParameter) p.get(4)).values());
        assertEquals(0.5, s.objectives().get(1).weight());
    }

    @Test
    void decodesGenesToLevelsAndLogScale() {
        DesignSpace s = DesignSpace.parse(YAML, "test.yaml");
        DesignPoint lo = s.decode(new double[] {0, 0, 0, 0, 0});
        DesignPoint hi = s.decode(new double[] {0.9999, 0.9999, 0.9999, 1.0, 0.9999});
        assertEquals(64L, lo.get("multipliers"));
        assertEquals(512L, hi.get("multipliers"));
        assertEquals(64L, hi.get("parallelism"));
        assertEquals(0.2, hi.get("threshold"));
        assertEquals(0.5, (Double) lo.get("clock"), 1e-12);
        assertEquals(2.0, (Double) hi.get("clock"), 1e-12);
        // log-uniform: the middle gene lands on the geometric mean
        assertEquals(1.0, (Double) s.decode(new double[] {0, 0, 0, 0.5, 0}).get("clock"), 1e-12);
        assertEquals(3L, hi.get("dram"));
    }

    @Test
    void overridesSetEveryKeyOfAParameter() {
        DesignSpace s = DesignSpace.parse(YAML, "test.yaml");
        DesignPoint p = s.decode(new double[] {0.2, 0, 0.5, 0, 0});
        List<String> o = s.overrides(p);
        assertEquals("a=1", o.get(0));
        assertTrue(o.contains("compute.qkMultipliers=128"), o.toString());
        assertTrue(o.contains("compute.pvMultipliers=128"), o.toString());
        assertTrue(o.contains("threshold=0.1"), o.toString());
        assertTrue(o.contains("dram=HBM2"), o.toString());
    }

    @Test
    void keyIsCanonicalAndExact() {
        DesignPoint p = new DesignPoint(Map.of("a", 0.1 + 0.2));
        assertEquals("{\"a\":0.30000000000000004}", p.key());
        assertEquals(new DesignPoint(Map.of("a", 0.30000000000000004)), p);
    }

    @Test
    void unknownKeyIsRejectedNamingFileAndKey() {
        var e = assertThrows(InvalidInputException.class,
                () -> DesignSpace.parse(YAML.replace("step: 64,", "stepp: 64,"), "bad.yaml"));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("parameters.multipliers.stepp"),
                e.getMessage());
    }

    @Test
    void badRangesAreRejected() {
        var e = assertThrows(InvalidInputException.class,
                () -> DesignSpace.parse(YAML.replace("min: 64, max: 512", "min: 640, max: 512"), "bad.yaml"));
        assertTrue(e.getMessage().contains("parameters.multipliers"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> DesignSpace.parse(YAML.replace("values: [HBM2, DDR4, 3]", "values: [HBM2, HBM2]"), "bad.yaml"));
        assertTrue(e.getMessage().contains("duplicates"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> DesignSpace.parse(YAML.replace("min: 0.5, max: 2, log: true", "min: 0, max: 2, log: true"), "bad.yaml"));
        assertTrue(e.getMessage().contains("parameters.clock.min"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> DesignSpace.parse(YAML.replace("min: 64, max: 512, step: 64", "min: 64.5, max: 512, step: 64"), "bad.yaml"));
        assertTrue(e.getMessage().contains("parameters.multipliers.min"), e.getMessage());
    }

    @Test
    void constraintViolationIsRelative() {
        MetricConstraint c = MetricConstraint.atMost("area", 2.0);
        assertEquals(0, c.violation(2.0));
        assertEquals(0.5, c.violation(3.0), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, c.violation(Double.NaN));
    }

    @Test
    void bundledSpacesLoad() {
        for (String name : List.of("spatten-1-8", "spatten-1-8-fast", "spatten-quality", "schaffer", "zdt1", "a3",
                "kv-policies")) {
            DesignSpace s = DesignSpace.loadNamedOrFile(name);
            assertTrue(s.parameters().size() >= 1, name);
        }
    }
}
