package org.spattensim.trace.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spattensim.common.InvalidInputException;

/**
 * Streaming reader of a safetensors file: the header is parsed and checked on {@link #open}; tensor
 * data is read on demand with positional reads through a small reusable buffer, so no more than the
 * elements asked for ever reach the heap. Floating-point reads reject NaN and infinities.
 *
 * <p>Format (huggingface/safetensors): 8 bytes little-endian unsigned header length N, N bytes of
 * UTF-8 JSON mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}}
 * plus an optional {@code "__metadata__"} string-to-string map, then the data section. Like the
 * reference implementation we require the tensors to tile the data section exactly (no overlap,
 * no gap, no trailing bytes) and cap the header at 100,000,000 bytes.
 *
 * <p>Not thread-safe: one reader per thread (opening is cheap).
 */
public final class SafetensorsFile implements Closeable {
    /** Largest header we accept, the cap the reference implementation uses (MAX_HEADER_SIZE). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Key of the string-to-string metadata map in the header. */
    public static final String METADATA_KEY = "__metadata__";

    private static final int CHUNK_BYTES = 1 << 20;
    private static final float[] HALF_TO_FLOAT = new float[1 << 16];

    static {
        for (int i = 0; i < HALF_TO_FLOAT.length; i++) {
            HALF_TO_FLOAT[i] = Half.toFloat((short) i);
        }
    }

    private final Path path;
    private final String source;
    private final FileChannel channel;
    private final long dataStart;
    private final long dataLength;
    private final Map<String, String> metadata;
    private final Map<String, TensorInfo> tensors;
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final short[] halves = new short[CHUNK_BYTES / 2];

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, long dataLength,
                            Map<String, String> metadata, Map<String, TensorInfo> tensors) {
        this.path = path;
        this.source = path.toString();
        this.channel = channel;
        this.dataStart = dataStart;
        this.dataLength = dataLength;
        this.metadata = metadata;
        this.tensors = tensors;
    }

    /** Opens and validates the header of {@code path}; throws {@link InvalidInputException} on bad input. */
    public static SafetensorsFile open(Path path) {
        org.spattensim.common.InputFiles.requireRegular(path, "a safetensors file");
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw InvalidInputException.of(path.toString(), null, "file not found", "an existing safetensors file");
        } catch (IOException e) {
            throw InvalidInputException.of(path.toString(), null, "cannot open: " + e.getMessage(), "a readable file");
        }
        try {
            SafetensorsFile f = parse(path, ch);
            return f;
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static SafetensorsFile parse(Path path, FileChannel ch) {
        String src = path.toString();
        long size;
        try {
            size = ch.size();
        } catch (IOException e) {
            throw new UncheckedIOException(src + ": cannot read the file size", e);
        }
        if (size < 8) {
            throw InvalidInputException.of(src, "header length", "file is " + size
                    + " bytes, too short to hold the 8-byte header length (truncated?)", "a safetensors file");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, src, "header length");
        long headerLen = lenBuf.getLong(0);
        if (headerLen < 0 || headerLen > MAX_HEADER_BYTES) {
            throw InvalidInputException.of(src, "header length", "header length " + Long.toUnsignedString(headerLen)
                    + " bytes exceeds the cap of " + MAX_HEADER_BYTES + " bytes (not a safetensors file?)",
                    "a header of at most " + MAX_HEADER_BYTES + " bytes");
        }
        if (8 + headerLen > size) {
            throw InvalidInputException.of(src, "header length", "header length " + headerLen
                    + " bytes runs past the end of the file (file is " + size + " bytes; truncated?)",
                    "at most " + (size - 8) + " bytes");
        }
        if (headerLen < 2) {
            throw InvalidInputException.of(src, "header", "header is " + headerLen + " bytes", "a JSON object");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, 8, src, "header");
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb.flip()).toString();
        } catch (CharacterCodingException e) {
            throw InvalidInputException.of(src, "header", "header is not valid UTF-8", "a UTF-8 JSON object");
        }
        JsonNode root;
        try {
            ObjectMapper om = new ObjectMapper();
            om.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = om.readTree(json);
        } catch (JsonProcessingException e) {
            // Some errors (nesting deeper than the parser's limit) carry no location.
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw InvalidInputException.of(src, "header", "header is not valid JSON: " + e.getOriginalMessage() + where,
                    "a JSON object");
        }
        if (root == null || !root.isObject()) {
            throw InvalidInputException.of(src, "header", "header JSON is "
                    + (root == null ? "empty" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)),
                    "a JSON object");
        }
        long dataStart = 8 + headerLen;
        long dataLength = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (METADATA_KEY.equals(e.getKey())) {
                parseMetadata(src, e.getValue(), metadata);
            } else {
                TensorInfo t = parseTensor(src, e.getKey(), e.getValue(), dataLength);
                tensors.put(t.name(), t);
            }
        }
        checkTiling(src, tensors.values(), dataLength);
        return new SafetensorsFile(path, ch, dataStart, dataLength,
                Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(tensors));
    }

    private static void parseMetadata(String src, JsonNode node, Map<String, String> out) {
        if (!node.isObject()) {
            throw InvalidInputException.of(src, METADATA_KEY, "is " + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT),
                    "a JSON object of string values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw InvalidInputException.of(src, METADATA_KEY + "." + e.getKey(), "value " + e.getValue()
                        + " is not a string", "a string (safetensors metadata values are strings)");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
    }

    private static TensorInfo parseTensor(String src, String name, JsonNode node, long dataLength) {
        String field = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw InvalidInputException.of(src, field, "entry is not a JSON object",
                    "{\"dtype\": ..., \"shape\": [...], \"data_offsets\": [begin, end]}");
        }
        JsonNode dt = node.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw InvalidInputException.of(src, field, "dtype is " + (dt == null ? "missing" : dt.toString()),
                    "a dtype string, one of " + DType.supportedList());
        }
        DType dtype = DType.fromHeaderName(dt.textValue());
        if (dtype == null) {
            throw InvalidInputException.of(src, field, "unknown or unsupported dtype '" + dt.textValue() + "'",
                    "one of " + DType.supportedList());
        }
        JsonNode sh = node.get("shape");
        if (sh == null || !sh.isArray()) {
            throw InvalidInputException.of(src, field, "shape is " + (sh == null ? "missing" : sh.toString()),
                    "an array of non-negative integers");
        }
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw InvalidInputException.of(src, field, "shape " + sh + " has dimension " + d,
                        "non-negative integers");
            }
            shape[i] = d.longValue();
        }
        JsonNode off = node.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber()
                || !off.get(1).isIntegralNumber() || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
            throw InvalidInputException.of(src, field, "data_offsets is " + (off == null ? "missing" : off.toString()),
                    "[begin, end], two non-negative integers");
        }
        long begin = off.get(0).longValue();
        long end = off.get(1).longValue();
        if (begin < 0 || end < begin) {
            throw InvalidInputException.of(src, field, "data_offsets [" + begin + ", " + end + "] is not a range",
                    "0 <= begin <= end");
        }
        if (end > dataLength) {
            throw InvalidInputException.of(src, field, "data_offsets [" + begin + ", " + end
                    + "] runs past the end of the data section (" + dataLength + " bytes; truncated file?)",
                    "end <= " + dataLength);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
                throw InvalidInputException.of(src, field, "unknown key '" + k + "'", "only dtype, shape, data_offsets");
            }
        }
        long count = TensorInfo.elementCount(shape);
        if (count < 0 || count > Long.MAX_VALUE / dtype.byteSize() || count * dtype.byteSize() != end - begin) {
            throw InvalidInputException.of(src, field, "byte length " + (end - begin) + " does not match dtype "
                    + dtype + " x shape " + java.util.Arrays.toString(shape),
                    (count < 0 ? "a shape whose size fits" : count * dtype.byteSize() + " bytes"));
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static void checkTiling(String src, java.util.Collection<TensorInfo> all, long dataLength) {
        List<TensorInfo> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        TensorInfo prev = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < expected) {
                throw InvalidInputException.of(src, "tensor '" + t.name() + "'", "data_offsets [" + t.begin() + ", "
                        + t.end() + "] overlap tensor '" + prev.name() + "' [" + prev.begin() + ", " + prev.end() + "]",
                        "tensors that do not overlap");
            }
            if (t.begin() > expected) {
                throw InvalidInputException.of(src, "tensor '" + t.name() + "'", "bytes [" + expected + ", " + t.begin()
                        + ") of the data section before it belong to no tensor", "tensors packed without gaps");
            }
            expected = t.end();
            prev = t;
        }
        if (expected != dataLength) {
            throw InvalidInputException.of(src, "data", "the file has " + (dataLength - expected)
                    + " bytes after the last tensor", "the data section to end at the last tensor (byte " + expected + ")");
        }
    }

    /** The file this reader reads. */
    public Path path() {
        return path;
    }

    /** The {@code __metadata__} map (empty if absent), in file order. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** All tensors, in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor called {@code name}; {@link InvalidInputException} naming the file if it is missing. */
    public TensorInfo tensor(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw InvalidInputException.of(source, "tensor '" + name + "'", "missing", "a tensor named '" + name + "'");
        }
        return t;
    }

    /** Size of the data section in bytes. */
    public long dataLength() {
        return dataLength;
    }

    /** Whole F16, BF16 or F32 tensor as floats; for tensors of up to 2^31 - 16 elements. */
    public float[] readFloats(String name) {
        TensorInfo t = tensor(name);
        float[] out = new float[checkedArrayLength(t)];
        readFloats(name, 0, out, 0, out.length);
        return out;
    }

    /**
     * Reads {@code count} elements of an F16, BF16 or F32 tensor (row-major), starting at element
     * {@code elementOffset}, into {@code dst[dstOffset..]}. Rejects NaN and infinities.
     */
    public void readFloats(String name, long elementOffset, float[] dst, int dstOffset, int count) {
        TensorInfo t = tensor(name);
        requireType(t, "F16, BF16 or F32", DType.F16, DType.BF16, DType.F32);
        checkRange(t, elementOffset, dst.length, dstOffset, count);
        int es = t.dtype().byteSize();
        long pos = dataStart + t.begin() + elementOffset * es;
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, CHUNK_BYTES / es);
            fill(t, pos, n * es);
            if (t.dtype() == DType.F32) {
                chunk.asFloatBuffer().get(dst, dstOffset + done, n);
            } else if (t.dtype() == DType.BF16) {
                chunk.asShortBuffer().get(halves, 0, n);
                for (int i = 0; i < n; i++) {
                    dst[dstOffset + done + i] = BFloat16.toFloat(halves[i]);
                }
            } else {
                chunk.asShortBuffer().get(halves, 0, n);
                for (int i = 0; i < n; i++) {
                    dst[dstOffset + done + i] = HALF_TO_FLOAT[halves[i] & 0xFFFF];
                }
            }
            for (int i = 0; i < n; i++) {
                float v = dst[dstOffset + done + i];
                if (!Float.isFinite(v)) {
                    throw nonFinite(t, elementOffset + done + i, v);
                }
            }
            done += n;
            pos += (long) n * es;
        }
    }

    /** Whole F16, BF16, F32 or F64 tensor as doubles. */
    public double[] readDoubles(String name) {
        TensorInfo t = tensor(name);
        double[] out = new double[checkedArrayLength(t)];
        readDoubles(name, 0, out, 0, out.length);
        return out;
    }

    /** Like {@link #readFloats(String, long, float[], int, int)} for F16, BF16, F32 or F64 tensors. */
    public void readDoubles(String name, long elementOffset, double[] dst, int dstOffset, int count) {
        TensorInfo t = tensor(name);
        requireType(t, "F16, BF16, F32 or F64", DType.F16, DType.BF16, DType.F32, DType.F64);
        checkRange(t, elementOffset, dst.length, dstOffset, count);
        int es = t.dtype().byteSize();
        long pos = dataStart + t.begin() + elementOffset * es;
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, CHUNK_BYTES / es);
            fill(t, pos, n * es);
            for (int i = 0; i < n; i++) {
                double v;
                switch (t.dtype()) {
                    case F64: v = chunk.getDouble(8 * i); break;
                    case F32: v = chunk.getFloat(4 * i); break;
                    case BF16: v = BFloat16.toFloat(chunk.getShort(2 * i)); break;
                    default: v = HALF_TO_FLOAT[chunk.getShort(2 * i) & 0xFFFF]; break;
                }
                if (!Double.isFinite(v)) {
                    throw nonFinite(t, elementOffset + done + i, v);
                }
                dst[dstOffset + done + i] = v;
            }
            done += n;
            pos += (long) n * es;
        }
    }

    /** Whole I32, U8 or BOOL tensor as ints (U8 unsigned, BOOL 0 or 1). */
    public int[] readInts(String name) {
        TensorInfo t = tensor(name);
        int[] out = new int[checkedArrayLength(t)];
        readInts(name, 0, out, 0, out.length);
        return out;
    }

    /** Reads {@code count} elements of an I32, U8 or BOOL tensor. */
    public void readInts(String name, long elementOffset, int[] dst, int dstOffset, int count) {
        TensorInfo t = tensor(name);
        requireType(t, "I32, U8 or BOOL", DType.I32, DType.U8, DType.BOOL);
        checkRange(t, elementOffset, dst.length, dstOffset, count);
        int es = t.dtype().byteSize();
        long pos = dataStart + t.begin() + elementOffset * es;
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, CHUNK_BYTES / es);
            fill(t, pos, n * es);
            if (t.dtype() == DType.I32) {
                chunk.asIntBuffer().get(dst, dstOffset + done, n);
            } else {
                for (int i = 0; i < n; i++) {
                    int b = chunk.get(i) & 0xFF;
                    if (t.dtype() == DType.BOOL && b > 1) {
                        throw InvalidInputException.of(source, "tensor '" + t.name() + "'", "element "
                                + index(t, elementOffset + done + i) + " is byte " + b, "BOOL bytes 0 or 1");
                    }
                    dst[dstOffset + done + i] = b;
                }
            }
            done += n;
            pos += (long) n * es;
        }
    }

    /** Whole I64 or I32 tensor as longs. */
    public long[] readLongs(String name) {
        TensorInfo t = tensor(name);
        long[] out = new long[checkedArrayLength(t)];
        readLongs(name, 0, out, 0, out.length);
        return out;
    }

    /** Reads {@code count} elements of an I64 or I32 tensor. */
    public void readLongs(String name, long elementOffset, long[] dst, int dstOffset, int count) {
        TensorInfo t = tensor(name);
        requireType(t, "I64 or I32", DType.I64, DType.I32);
        checkRange(t, elementOffset, dst.length, dstOffset, count);
        int es = t.dtype().byteSize();
        long pos = dataStart + t.begin() + elementOffset * es;
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, CHUNK_BYTES / es);
            fill(t, pos, n * es);
            if (t.dtype() == DType.I64) {
                chunk.asLongBuffer().get(dst, dstOffset + done, n);
            } else {
                for (int i = 0; i < n; i++) {
                    dst[dstOffset + done + i] = chunk.getInt(4 * i);
                }
            }
            done += n;
            pos += (long) n * es;
        }
    }

    /**
     * Copies the raw little-endian bytes of a tensor, from byte {@code byteOffset} within it, into
     * {@code dst} (its remaining bytes). No value checks: use it for checksums or copies.
     */
    public void readRawBytes(String name, long byteOffset, ByteBuffer dst) {
        TensorInfo t = tensor(name);
        int want = dst.remaining();
        if (byteOffset < 0 || byteOffset + want > t.byteLength()) {
            throw new IndexOutOfBoundsException("bytes [" + byteOffset + ", " + (byteOffset + want)
                    + ") outside tensor '" + name + "' of " + t.byteLength() + " bytes");
        }
        long pos = dataStart + t.begin() + byteOffset;
        while (dst.hasRemaining()) {
            int n;
            try {
                n = channel.read(dst, pos);
            } catch (IOException e) {
                throw new UncheckedIOException(source + ": reading tensor '" + name + "'", e);
            }
            if (n < 0) {
                throw truncatedWhileReading(t);
            }
            pos += n;
        }
    }

    private void fill(TensorInfo t, long pos, int bytes) {
        chunk.clear().limit(bytes);
        long p = pos;
        while (chunk.hasRemaining()) {
            int n;
            try {
                n = channel.read(chunk, p);
            } catch (IOException e) {
                throw new UncheckedIOException(source + ": reading tensor '" + t.name() + "'", e);
            }
            if (n < 0) {
                throw truncatedWhileReading(t);
            }
            p += n;
        }
        chunk.flip();
    }

    private InvalidInputException truncatedWhileReading(TensorInfo t) {
        return InvalidInputException.of(source, "tensor '" + t.name() + "'",
                "file ended while reading (was it truncated after opening?)", "the data its header declares");
    }

    private InvalidInputException nonFinite(TensorInfo t, long element, double v) {
        return InvalidInputException.of(source, "tensor '" + t.name() + "'", "element " + index(t, element)
                + " is " + v, "finite values (no NaN or infinity)");
    }

    /** Row-major multi-index of a flat element index, e.g. {@code [3, 1, 7]}. */
    static String index(TensorInfo t, long flat) {
        int r = t.rank();
        if (r == 0) {
            return "[]";
        }
        long[] idx = new long[r];
        long f = flat;
        for (int i = r - 1; i >= 0; i--) {
            long d = t.dim(i);
            idx[i] = d == 0 ? 0 : f % d;
            f = d == 0 ? 0 : f / d;
        }
        return java.util.Arrays.toString(idx);
    }

    private void requireType(TensorInfo t, String what, DType... allowed) {
        for (DType d : allowed) {
            if (t.dtype() == d) {
                return;
            }
        }
        throw InvalidInputException.of(source, "tensor '" + t.name() + "'", "dtype is " + t.dtype(), what);
    }

    private static void checkRange(TensorInfo t, long elementOffset, int dstLength, int dstOffset, int count) {
        if (elementOffset < 0 || count < 0 || elementOffset + count > t.elementCount()) {
            throw new IndexOutOfBoundsException("elements [" + elementOffset + ", " + (elementOffset + count)
                    + ") outside tensor '" + t.name() + "' of " + t.elementCount() + " elements");
        }
        if (dstOffset < 0 || dstOffset + count > dstLength) {
            throw new IndexOutOfBoundsException("destination [" + dstOffset + ", " + (dstOffset + count)
                    + ") outside array of length " + dstLength);
        }
    }

    private int checkedArrayLength(TensorInfo t) {
        long n = t.elementCount();
        if (n > Integer.MAX_VALUE - 16) {
            throw InvalidInputException.of(source, "tensor '" + t.name() + "'", n
                    + " elements do not fit one Java array", "a ranged read (elementOffset, count)");
        }
        return (int) n;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, String src, String what) {
        long p = pos;
        while (buf.hasRemaining()) {
            int n;
            try {
                n = ch.read(buf, p);
            } catch (IOException e) {
                throw new UncheckedIOException(src + ": reading the " + what, e);
            }
            if (n < 0) {
                throw InvalidInputException.of(src, what, "file ended early (truncated?)", "the full " + what);
            }
            p += n;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Already failing with a clearer error.
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": closing", e);
        }
    }
}
