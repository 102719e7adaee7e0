package org.spattensim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class QualityCommandTest {
    @Test
    void printsJsonReportForTheBundledModel() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = SpattenCliTest.run(out, err, "quality", "--model", "stories260K", "--prompt", "Once upon a time",
                "--tokens", "12", "--json");
        assertEquals(0, rc, err.toString());
        JsonNode n = JsonMapper.builder().build().readTree(out.toString());
        assertEquals(12, n.get("positions").asInt());
        assertTrue(n.get("meanKl").asDouble() >= 0);
        assertTrue(n.get("top1Agreement").asDouble() <= 1);
    }

    @Test
    void unknownDesignKeyIsBadInput() {
        StringWriter err = new StringWriter();
        int rc = SpattenCliTest.run(new StringWriter(), err, "quality", "--set", "pruning.nonsense=1", "--tokens", "2");
        assertEquals(SpattenCli.EXIT_BAD_INPUT, rc);
        assertTrue(err.toString().contains("nonsense"), err.toString());
    }
}
