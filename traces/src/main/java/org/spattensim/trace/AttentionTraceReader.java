package org.spattensim.trace;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.Arrays;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.safetensors.DType;
import org.spattensim.trace.safetensors.SafetensorsFile;
import org.spattensim.trace.safetensors.TensorInfo;

/**
 * Reads an attention trace (schema v1, docs/trace-format.md) without loading it: {@link #open}
 * checks the metadata and that every tensor the metadata implies is present with the right dtype
 * and shape; data is read on demand, a layer or a range of rows at a time, from the file. All
 * reads reject NaN and infinities. Not thread-safe: one reader per thread.
 */
public final class AttentionTraceReader implements Closeable {
    private final SafetensorsFile file;
    private final TraceMetadata meta;
    private final int qRow;
    private final int kvRow;
    private final int t;

    private AttentionTraceReader(SafetensorsFile file, TraceMetadata meta) {
        this.file = file;
        this.meta = meta;
        this.qRow = meta.queryHeads() * meta.headDim();
        this.kvRow = meta.kvHeads() * meta.headDim();
        this.t = meta.sequenceLength();
    }

    /** Opens and validates {@code path}; {@link InvalidInputException} naming the file, tensor and expectation. */
    public static AttentionTraceReader open(Path path) {
        SafetensorsFile f = SafetensorsFile.open(path);
        try {
            String src = path.toString();
            int[] tokens = new int[0];
            if (f.has(TraceSchema.TOKENS)) {
                TensorInfo ti = f.tensor(TraceSchema.TOKENS);
                if (ti.dtype() != DType.I32 || ti.rank() != 1) {
                    throw InvalidInputException.of(src, "tensor '" + TraceSchema.TOKENS + "'", ti.dtype() + " "
                            + ti.shapeString(), "I32 [sequence_length]");
                }
                if (ti.elementCount() > Integer.MAX_VALUE - 16) {
                    throw InvalidInputException.of(src, "tensor '" + TraceSchema.TOKENS + "'", "shape "
                            + ti.shapeString(), "I32 [sequence_length]");
                }
                tokens = f.readInts(TraceSchema.TOKENS);
            }
            TraceMetadata meta = TraceMetadataCodec.decode(f.metadata(), tokens, src);
            checkTensors(f, meta, src);
            return new AttentionTraceReader(f, meta);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private static void checkTensors(SafetensorsFile f, TraceMetadata m, String src) {
        DType dt = m.dtype().containerType();
        for (int l = 0; l < m.layers(); l++) {
            if (m.hasQkv()) {
                expect(f, TraceSchema.q(l), dt, m.qShape(), src, "has_qkv is true");
                expect(f, TraceSchema.k(l), dt, m.kvShape(), src, "has_qkv is true");
                expect(f, TraceSchema.v(l), dt, m.kvShape(), src, "has_qkv is true");
            }
            if (m.hasProbabilities()) {
                expect(f, TraceSchema.probs(l), dt, m.probsShape(), src, "has_probabilities is true");
            }
        }
        for (String name : f.tensors().keySet()) {
            if (name.startsWith("layer.") && !expected(name, m)) {
                throw InvalidInputException.of(src, "tensor '" + name + "'", "not part of a trace with "
                        + m.layers() + " layers, has_qkv=" + m.hasQkv() + ", has_probabilities=" + m.hasProbabilities(),
                        "only layer.{0.." + (m.layers() - 1) + "}.{q,k,v,probs} as the metadata declares");
            }
        }
    }

    private static boolean expected(String name, TraceMetadata m) {
        for (int l = 0; l < m.layers(); l++) {
            if (m.hasQkv() && (name.equals(TraceSchema.q(l)) || name.equals(TraceSchema.k(l))
                    || name.equals(TraceSchema.v(l)))) {
                return true;
            }
            if (m.hasProbabilities() && name.equals(TraceSchema.probs(l))) {
                return true;
            }
        }
        return false;
    }

    private static void expect(SafetensorsFile f, String name, DType dt, long[] shape, String src, String why) {
        if (!f.has(name)) {
            throw InvalidInputException.of(src, "tensor '" + name + "'", "missing",
                    "a " + dt + " " + Arrays.toString(shape) + " tensor (" + why + ")");
        }
        TensorInfo ti = f.tensor(name);
        if (ti.dtype() != dt) {
            throw InvalidInputException.of(src, "tensor '" + name + "'", "dtype " + ti.dtype()
                    + " disagrees with metadata dtype " + dt, dt.toString());
        }
        if (!ti.hasShape(shape)) {
            throw InvalidInputException.of(src, "tensor '" + name + "'", "shape " + ti.shapeString()
                    + " disagrees with the metadata", "shape " + Arrays.toString(shape));
        }
    }

    public TraceMetadata metadata() {
        return meta;
    }

    public Path path() {
        return file.path();
    }

    /** The underlying container, for tensors outside the trace schema. */
    public SafetensorsFile container() {
        return file;
    }

    /** Layer {@code layer}'s whole Q, [T, Hq, D] row-major. For long traces prefer the ranged form. */
    public float[] readQ(int layer) {
        return whole(TraceSchema.q(checkLayer(layer, true)));
    }

    public float[] readK(int layer) {
        return whole(TraceSchema.k(checkLayer(layer, true)));
    }

    public float[] readV(int layer) {
        return whole(TraceSchema.v(checkLayer(layer, true)));
    }

    /** Q rows of positions [from, from+count) into {@code dst[dstOffset..]}: count*Hq*D floats. */
    public void readQ(int layer, int from, int count, float[] dst, int dstOffset) {
        checkRows(from, count, t);
        file.readFloats(TraceSchema.q(checkLayer(layer, true)), (long) from * qRow, dst, dstOffset, count * qRow);
    }

    /** K rows of positions [from, from+count): count*Hkv*D floats. */
    public void readK(int layer, int from, int count, float[] dst, int dstOffset) {
        checkRows(from, count, t);
        file.readFloats(TraceSchema.k(checkLayer(layer, true)), (long) from * kvRow, dst, dstOffset, count * kvRow);
    }

    /** V rows of positions [from, from+count): count*Hkv*D floats. */
    public void readV(int layer, int from, int count, float[] dst, int dstOffset) {
        checkRows(from, count, t);
        file.readFloats(TraceSchema.v(checkLayer(layer, true)), (long) from * kvRow, dst, dstOffset, count * kvRow);
    }

    /** Layer {@code layer}'s whole probability tensor, [rows, Hq, T]. Quadratic in T: prefer ranged reads. */
    public float[] readProbabilities(int layer) {
        float[] p = whole(TraceSchema.probs(checkLayer(layer, false)));
        checkProbabilities(layer, p, 0, 0, p.length / t);
        return p;
    }

    /**
     * How far a stored probability row may sum from 1: float32 rows are normalised in float arithmetic; half and
     * bfloat16 storage rounds each element to 11 or 8 significant bits.
     */
    public double probabilitySumTolerance() {
        return meta.dtype() == TraceDType.F32 ? 1e-3 : 2e-2;
    }

    /**
     * Every probability in [0, 1] and every row (one query position of one head: T values) summing to 1 within
     * {@link #probabilitySumTolerance()}; refused naming the tensor, the row and the value otherwise.
     *
     * @param firstRow index of the first (query row x head) row of {@code p} in the tensor
     */
    private void checkProbabilities(int layer, float[] p, int offset, long firstRow, int rows) {
        double tol = probabilitySumTolerance();
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            int base = offset + r * t;
            for (int i = 0; i < t; i++) {
                float v = p[base + i];
                if (!(v >= -1e-6f && v <= 1 + 1e-6f)) {
                    throw probsError(layer, firstRow + r, "element " + i + " is " + v, "probabilities in [0, 1]");
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > tol) {
                throw probsError(layer, firstRow + r, "sums to " + sum,
                        "each row of probabilities summing to 1 within " + tol);
            }
        }
    }

    private InvalidInputException probsError(int layer, long row, String problem, String expected) {
        long query = row / meta.queryHeads();
        long head = row % meta.queryHeads();
        return InvalidInputException.of(file.path().toString(), TraceSchema.probs(layer) + " [" + query + ", " + head + ", :]",
                problem, expected);
    }

    /** Probability rows [from, from+count) (row r = query position {@link TraceMetadata#queryPosition}): count*Hq*T floats. */
    public void readProbabilities(int layer, int from, int count, float[] dst, int dstOffset) {
        readProbabilitiesUnchecked(layer, from, count, dst, dstOffset);
        checkProbabilities(layer, dst, dstOffset, (long) from * meta.queryHeads(), count * meta.queryHeads());
    }

    /**
     * As {@link #readProbabilities(int, int, int, float[], int)} without the [0, 1] and row-sum checks: for tools
     * that inspect a file's bytes (a damaged or deliberately sparse file), never for the models.
     */
    public void readProbabilitiesUnchecked(int layer, int from, int count, float[] dst, int dstOffset) {
        checkRows(from, count, meta.queryRows());
        long per = (long) meta.queryHeads() * t;
        if (per * count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(count + " rows of " + per + " floats do not fit one array");
        }
        file.readFloats(TraceSchema.probs(checkLayer(layer, false)), from * per, dst, dstOffset, (int) (per * count));
    }

    /** One head's probabilities of row {@code row}: T floats into {@code dst[dstOffset..]}. */
    public void readProbabilityRow(int layer, int row, int head, float[] dst, int dstOffset) {
        checkRows(row, 1, meta.queryRows());
        if (head < 0 || head >= meta.queryHeads()) {
            throw new IndexOutOfBoundsException("head " + head + " outside [0, " + meta.queryHeads() + ")");
        }
        long start = ((long) row * meta.queryHeads() + head) * t;
        file.readFloats(TraceSchema.probs(checkLayer(layer, false)), start, dst, dstOffset, t);
        checkProbabilities(layer, dst, dstOffset, (long) row * meta.queryHeads() + head, 1);
    }

    private float[] whole(String name) {
        return file.readFloats(name);
    }

    private int checkLayer(int layer, boolean qkv) {
        if (layer < 0 || layer >= meta.layers()) {
            throw new IndexOutOfBoundsException("layer " + layer + " outside [0, " + meta.layers() + ")");
        }
        if (qkv && !meta.hasQkv()) {
            throw new IllegalStateException(file.path() + " has no Q/K/V (has_qkv = false)");
        }
        if (!qkv && !meta.hasProbabilities()) {
            throw new IllegalStateException(file.path() + " has no probabilities (has_probabilities = false)");
        }
        return layer;
    }

    private static void checkRows(int from, int count, int limit) {
        if (from < 0 || count < 0 || (long) from + count > limit) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + ((long) from + count) + ") outside [0, "
                    + limit + ")");
        }
    }

    @Override
    public void close() {
        file.close();
    }
}
