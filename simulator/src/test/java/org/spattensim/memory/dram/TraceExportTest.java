package org.spattensim.memory.dram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.spattensim.memory.dram.export.RequestTrace;
import org.spattensim.memory.dram.export.TraceExporter;

class TraceExportTest {
    private RequestTrace trace() {
        DramSystem sys = new DramSystem(DramPresets.load("DDR4-2400"));
        RequestTrace t = sys.enableRequestTrace();
        sys.enqueue(0, 0x40, false, 0);
        sys.enqueue(3, 0x1F80, true, 1);
        sys.drain();
        return t;
    }

    @Test
    void ramulator2LoadStoreFormat() throws IOException {
        StringWriter w = new StringWriter();
        TraceExporter.write(trace(), TraceExporter.Format.RAMULATOR2_LOADSTORE, w);
        assertEquals("LD 0x40\nST 0x1F80\n", w.toString());
    }

    @Test
    void dramsim3Format() throws IOException {
        StringWriter w = new StringWriter();
        TraceExporter.write(trace(), TraceExporter.Format.DRAMSIM3, w);
        assertEquals("0x40 READ 0\n0x1F80 WRITE 3\n", w.toString());
    }
}
