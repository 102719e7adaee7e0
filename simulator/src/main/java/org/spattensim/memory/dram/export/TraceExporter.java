package org.spattensim.memory.dram.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link RequestTrace} in the input formats of public DRAM simulators, so a run can be replayed there:
 * <ul>
 *   <li>Ramulator 2 {@code LoadStoreTrace} frontend: one request per line, {@code LD 0x<hex address>} or
 *       {@code ST 0x<hex address>} (the frontend issues them back to back; it carries no cycle).</li>
 *   <li>DRAMsim3 trace mode ({@code dramsim3main <config.ini> -t <file>}): {@code 0x<hex address> READ|WRITE <cycle>},
 *       the cycle at which the request is offered, in memory cycles.</li>
 * </ul>
 */
public final class TraceExporter {
    /** Supported output formats. */
    public enum Format {
        RAMULATOR2_LOADSTORE, DRAMSIM3
    }

    private TraceExporter() {
    }

    public static void write(RequestTrace trace, Format format, Writer out) throws IOException {
        for (int i = 0; i < trace.size(); i++) {
            String addr = "0x" + Long.toHexString(trace.address(i)).toUpperCase(Locale.ROOT);
            if (format == Format.RAMULATOR2_LOADSTORE) {
                out.write(trace.isWrite(i) ? "ST " : "LD ");
                out.write(addr);
            } else {
                out.write(addr);
                out.write(trace.isWrite(i) ? " WRITE " : " READ ");
                out.write(Long.toString(trace.cycle(i)));
            }
            out.write('\n');
        }
    }

    public static void write(RequestTrace trace, Format format, Path file) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(trace, format, w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace " + file, e);
        }
    }
}
