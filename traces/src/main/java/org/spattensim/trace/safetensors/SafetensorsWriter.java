package org.spattensim.trace.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spattensim.common.InvalidInputException;

/**
 * Streaming writer of a safetensors file. Every tensor is declared up front (name, dtype, shape)
 * so the header, and with it each tensor's place in the file, is fixed before any data is
 * written; then data is appended to each tensor in row-major order, in any interleaving across
 * tensors (e.g. layer by layer, position by position, as a model runs). Nothing is held in memory
 * beyond a 1 MiB staging buffer.
 *
 * <p>The file is written as {@code <name>.partial} beside the target and moved into place by
 * {@link #close()} only once every tensor is complete, so a crash never leaves a valid-looking but
 * incomplete file. Floating-point data must be finite (a NaN or infinity is rejected with
 * {@link InvalidInputException} naming the tensor and element). F16 tensors take floats and round
 * them to nearest-even half.
 *
 * <pre>{@code
 * try (SafetensorsWriter w = SafetensorsWriter.builder()
 *         .metadata("origin", "my-experiment")
 *         .tensor("kept", DType.I32, rows)
 *         .tensor("scores", DType.F16, rows, 64)
 *         .open(path)) {
 *     w.writeInts("kept", keptColumn);
 *     w.writeFloats("scores", scores);
 * }
 * }</pre>
 */
public final class SafetensorsWriter implements Closeable {
    private static final int CHUNK_BYTES = 1 << 20;

    /** Declares tensors and metadata, then {@link #open(Path)}s the writer. */
    public static final class Builder {
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, long[]> shapes = new LinkedHashMap<>();
        private final Map<String, DType> dtypes = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds one {@code __metadata__} entry (safetensors metadata values are strings). */
        public Builder metadata(String key, String value) {
            if (key == null || value == null) {
                throw new IllegalArgumentException("metadata key and value must not be null");
            }
            metadata.put(key, value);
            return this;
        }

        /** Adds every entry of {@code entries} to {@code __metadata__}. */
        public Builder metadata(Map<String, String> entries) {
            entries.forEach(this::metadata);
            return this;
        }

        /** Declares a tensor; tensors are laid out in the file in declaration order. */
        public Builder tensor(String name, DType dtype, long... shape) {
            if (name == null || name.isEmpty() || SafetensorsFile.METADATA_KEY.equals(name)) {
                throw new IllegalArgumentException("bad tensor name '" + name + "'");
            }
            if (shapes.containsKey(name)) {
                throw new IllegalArgumentException("tensor '" + name + "' declared twice");
            }
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("tensor '" + name + "': negative dimension " + d);
                }
            }
            long n = TensorInfo.elementCount(shape);
            if (n < 0 || n > Long.MAX_VALUE / 8) {
                throw new IllegalArgumentException("tensor '" + name + "': shape too large");
            }
            shapes.put(name, shape.clone());
            dtypes.put(name, dtype);
            return this;
        }

        /** Creates {@code path.partial}, writes the header and returns the writer. */
        public SafetensorsWriter open(Path path) {
            return new SafetensorsWriter(path, metadata, shapes, dtypes);
        }
    }

    private static final class Slot {
        final TensorInfo info;
        long written;

        Slot(TensorInfo info) {
            this.info = info;
        }
    }

    private final Path target;
    private final Path partial;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private boolean closed;

    public static Builder builder() {
        return new Builder();
    }

    private SafetensorsWriter(Path target, Map<String, String> metadata, Map<String, long[]> shapes,
                              Map<String, DType> dtypes) {
        this.target = target;
        Path parent = target.toAbsolutePath().getParent();
        this.partial = parent.resolve(target.getFileName().toString() + ".partial");
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(SafetensorsFile.METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            DType dt = dtypes.get(e.getKey());
            long bytes = TensorInfo.elementCount(e.getValue()) * dt.byteSize();
            TensorInfo info = new TensorInfo(e.getKey(), dt, e.getValue(), offset, offset + bytes);
            slots.put(e.getKey(), new Slot(info));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", dt.headerName());
            entry.put("shape", e.getValue());
            entry.put("data_offsets", new long[] {offset, offset + bytes});
            header.put(e.getKey(), entry);
            offset += bytes;
        }
        byte[] json;
        try {
            json = new ObjectMapper().writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the safetensors header", e);
        }
        // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
        int padded = (json.length + 7) & ~7;
        if (padded > SafetensorsFile.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("header of " + padded + " bytes exceeds the safetensors cap");
        }
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        this.dataStart = 8 + padded;
        try {
            Files.createDirectories(parent);
            this.channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            writeFully(head, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + partial, e);
        }
    }

    /** The header entry of a declared tensor. */
    public TensorInfo tensor(String name) {
        return slot(name).info;
    }

    /** Elements still to be written to {@code name}. */
    public long remaining(String name) {
        Slot s = slot(name);
        return (s.info.byteLength() - s.written) / s.info.dtype().byteSize();
    }

    /** Appends all of {@code src} to an F32, F16, BF16 or F64 tensor. */
    public void writeFloats(String name, float[] src) {
        writeFloats(name, src, 0, src.length);
    }

    /** Appends {@code src[off..off+len)} to an F32, F16, BF16 or F64 tensor. */
    public void writeFloats(String name, float[] src, int off, int len) {
        Slot s = begin(name, len, off, src.length, DType.F32, DType.F16, DType.BF16, DType.F64);
        DType dt = s.info.dtype();
        int es = dt.byteSize();
        int done = 0;
        while (done < len) {
            int n = Math.min(len - done, CHUNK_BYTES / es);
            chunk.clear();
            for (int i = 0; i < n; i++) {
                float v = src[off + done + i];
                if (!Float.isFinite(v)) {
                    throw nonFinite(s, done + i, v);
                }
                switch (dt) {
                    case F32: chunk.putFloat(v); break;
                    case F16: chunk.putShort(Half.fromFloat(v)); break;
                    case BF16: chunk.putShort(BFloat16.fromFloat(v)); break;
                    default: chunk.putDouble(v); break;
                }
            }
            flush(s);
            done += n;
        }
    }

    /** Appends {@code src[off..off+len)} to an F64 tensor. */
    public void writeDoubles(String name, double[] src, int off, int len) {
        Slot s = begin(name, len, off, src.length, DType.F64);
        int done = 0;
        while (done < len) {
            int n = Math.min(len - done, CHUNK_BYTES / 8);
            chunk.clear();
            for (int i = 0; i < n; i++) {
                double v = src[off + done + i];
                if (!Double.isFinite(v)) {
                    throw nonFinite(s, done + i, v);
                }
                chunk.putDouble(v);
            }
            flush(s);
            done += n;
        }
    }

    public void writeDoubles(String name, double[] src) {
        writeDoubles(name, src, 0, src.length);
    }

    /** Appends {@code src[off..off+len)} to an I32 or I64 tensor. */
    public void writeInts(String name, int[] src, int off, int len) {
        Slot s = begin(name, len, off, src.length, DType.I32, DType.I64);
        boolean wide = s.info.dtype() == DType.I64;
        int es = s.info.dtype().byteSize();
        int done = 0;
        while (done < len) {
            int n = Math.min(len - done, CHUNK_BYTES / es);
            chunk.clear();
            for (int i = 0; i < n; i++) {
                if (wide) {
                    chunk.putLong(src[off + done + i]);
                } else {
                    chunk.putInt(src[off + done + i]);
                }
            }
            flush(s);
            done += n;
        }
    }

    public void writeInts(String name, int[] src) {
        writeInts(name, src, 0, src.length);
    }

    /** Appends {@code src[off..off+len)} to an I64 tensor. */
    public void writeLongs(String name, long[] src, int off, int len) {
        Slot s = begin(name, len, off, src.length, DType.I64);
        int done = 0;
        while (done < len) {
            int n = Math.min(len - done, CHUNK_BYTES / 8);
            chunk.clear();
            for (int i = 0; i < n; i++) {
                chunk.putLong(src[off + done + i]);
            }
            flush(s);
            done += n;
        }
    }

    public void writeLongs(String name, long[] src) {
        writeLongs(name, src, 0, src.length);
    }

    /** Appends raw bytes to a U8 tensor. */
    public void writeBytes(String name, byte[] src, int off, int len) {
        Slot s = begin(name, len, off, src.length, DType.U8);
        int done = 0;
        while (done < len) {
            int n = Math.min(len - done, CHUNK_BYTES);
            chunk.clear();
            chunk.put(src, off + done, n);
            flush(s);
            done += n;
        }
    }

    public void writeBytes(String name, byte[] src) {
        writeBytes(name, src, 0, src.length);
    }

    /** Appends {@code src[off..off+len)} to a BOOL tensor (one byte each, 0 or 1). */
    public void writeBooleans(String name, boolean[] src, int off, int len) {
        Slot s = begin(name, len, off, src.length, DType.BOOL);
        int done = 0;
        while (done < len) {
            int n = Math.min(len - done, CHUNK_BYTES);
            chunk.clear();
            for (int i = 0; i < n; i++) {
                chunk.put(src[off + done + i] ? (byte) 1 : (byte) 0);
            }
            flush(s);
            done += n;
        }
    }

    public void writeBooleans(String name, boolean[] src) {
        writeBooleans(name, src, 0, src.length);
    }

    private Slot slot(String name) {
        Slot s = slots.get(name);
        if (s == null) {
            throw new IllegalArgumentException("tensor '" + name + "' was not declared; declared: " + slots.keySet());
        }
        return s;
    }

    private Slot begin(String name, int len, int off, int srcLength, DType... allowed) {
        if (closed) {
            throw new IllegalStateException("writer for " + target + " is closed");
        }
        Slot s = slot(name);
        boolean ok = false;
        for (DType d : allowed) {
            ok |= s.info.dtype() == d;
        }
        if (!ok) {
            throw new IllegalArgumentException("tensor '" + name + "' is " + s.info.dtype()
                    + "; this method writes " + java.util.Arrays.toString(allowed));
        }
        if (off < 0 || len < 0 || off + len > srcLength) {
            throw new IndexOutOfBoundsException("source range [" + off + ", " + (off + len) + ") of " + srcLength);
        }
        long bytes = (long) len * s.info.dtype().byteSize();
        if (s.written + bytes > s.info.byteLength()) {
            throw new IllegalStateException("tensor '" + name + "': writing " + len + " more elements overruns its "
                    + s.info.elementCount() + " elements (" + (s.written / s.info.dtype().byteSize()) + " written)");
        }
        return s;
    }

    private InvalidInputException nonFinite(Slot s, int k, double v) {
        long flat = s.written / s.info.dtype().byteSize() + k;
        return InvalidInputException.of(target.toString(), "tensor '" + s.info.name() + "'", "element "
                + SafetensorsFile.index(s.info, flat) + " is " + v, "finite values (no NaN or infinity)");
    }

    private void flush(Slot s) {
        chunk.flip();
        int n = chunk.remaining();
        try {
            writeFully(chunk, dataStart + s.info.begin() + s.written);
        } catch (IOException e) {
            throw new UncheckedIOException("writing tensor '" + s.info.name() + "' to " + partial, e);
        }
        s.written += n;
    }

    private void writeFully(ByteBuffer buf, long pos) throws IOException {
        long p = pos;
        while (buf.hasRemaining()) {
            p += channel.write(buf, p);
        }
    }

    /** Deletes the partial file without publishing it. Safe to call after a failure. */
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new UncheckedIOException("discarding " + partial, e);
        }
    }

    /**
     * Checks that every tensor is complete, then moves the file into place. If any tensor is
     * incomplete the partial file is deleted and {@link IllegalStateException} names the tensors.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        List<String> incomplete = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.written != s.info.byteLength()) {
                incomplete.add(s.info.name() + " (" + s.written / s.info.dtype().byteSize() + " of "
                        + s.info.elementCount() + " elements)");
            }
        }
        if (!incomplete.isEmpty()) {
            abort();
            throw new IllegalStateException("not writing " + target + ": incomplete tensors " + incomplete);
        }
        closed = true;
        try {
            channel.close();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("finishing " + target, e);
        }
    }
}
