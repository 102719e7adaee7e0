package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class WorkloadCommandTest {
    @Test
    void summarisesTheBundledGpt2Workload() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = SpattenCliTest.run(out, err, "workload", "gpt2-small-wikitext2", "--design", "spatten-1/8", "--json");
        assertEquals(0, rc, err.toString());
        JsonNode s = JsonMapper.builder().build().readTree(out.toString()).get("summary");
        assertEquals(4608, s.get("tasks").asInt());
        assertEquals(323 / 4608.0, s.get("requantShare").asDouble(), 1e-12);
    }

    @Test
    void unknownInputIsBadInput() {
        StringWriter err = new StringWriter();
        assertEquals(SpattenCli.EXIT_BAD_INPUT, SpattenCliTest.run(new StringWriter(), err, "workload", "no-such.csv"));
    }
}
