package org.spattensim.trace.safetensors;

import java.util.Arrays;

/**
 * One tensor's header entry: name, element type, shape and byte range. {@code begin} and
 * {@code end} are offsets into the data section (the bytes after the header), as in the
 * safetensors {@code data_offsets} field.
 */
public final class TensorInfo {
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final long begin;
    private final long end;

    public TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.begin = begin;
        this.end = end;
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    /** Start of the tensor in the data section, in bytes. */
    public long begin() {
        return begin;
    }

    /** End (exclusive) of the tensor in the data section, in bytes. */
    public long end() {
        return end;
    }

    /** Product of the dimensions (1 for a scalar); -1 if it overflows a long. */
    public long elementCount() {
        return elementCount(shape);
    }

    public long byteLength() {
        return end - begin;
    }

    /** The shape as {@code [a, b, c]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** True if the shape equals {@code expected}. */
    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d != 0 && n > Long.MAX_VALUE / d) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + shapeString() + " @[" + begin + ", " + end + ")";
    }
}
