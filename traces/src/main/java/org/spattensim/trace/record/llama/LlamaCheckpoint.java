package org.spattensim.trace.record.llama;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.spattensim.common.InvalidInputException;

/**
 * Reads a llama2.c "legacy" (version 0) checkpoint: a header of 7 little-endian int32 ({@code dim, hidden_dim,
 * n_layers, n_heads, n_kv_heads, vocab_size, seq_len}; a negative vocab_size means a separate classifier follows),
 * then float32 tensors in llama2.c order. The file size must equal the size the header implies exactly, so a
 * truncated or padded file is rejected before any tensor is allocated. The stored RoPE tables
 * ({@code freq_cis_real/imag}) are skipped: the forward pass recomputes them (as llama2.c's run.c does).
 */
public final class LlamaCheckpoint {
    static final int HEADER_BYTES = 7 * Integer.BYTES;
    private static final String[] HEADER_FIELDS = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads",
            "vocab_size", "seq_len"};
    /** Fraction of the maximum heap the weights may take, so loading a too-large model fails cleanly, not by OOM. */
    private static final double MAX_HEAP_FRACTION = 0.6;

    private LlamaCheckpoint() {
    }

    /** Reads a checkpoint file. */
    public static LlamaModel read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": model checkpoint not found");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read model checkpoint: " + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, size, file.toString());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read model checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a checkpoint from a stream of known length (a classpath resource, for example).
     *
     * @param source name used in error messages (the file or resource)
     */
    public static LlamaModel read(InputStream in, long size, String source) throws IOException {
        if (size < HEADER_BYTES) {
            throw InvalidInputException.of(source, "header", "file is " + size + " bytes",
                    "at least " + HEADER_BYTES + " bytes (7 int32: dim, hidden_dim, n_layers, n_heads, n_kv_heads,"
                            + " vocab_size, seq_len)");
        }
        ByteBuffer header = ByteBuffer.wrap(readFully(in, HEADER_BYTES, source, "header"))
                .order(ByteOrder.LITTLE_ENDIAN);
        int[] h = new int[7];
        for (int i = 0; i < 7; i++) {
            h[i] = header.getInt();
        }
        boolean shared = h[5] > 0;
        int vocab = h[5] == Integer.MIN_VALUE ? 0 : Math.abs(h[5]);
        LlamaConfig config;
        try {
            config = new LlamaConfig(h[0], h[1], h[2], h[3], h[4], vocab, h[6], shared);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": header: " + e.getMessage().replaceFirst("^LlamaConfig: ", ""),
                    e);
        }
        long expected = HEADER_BYTES + 4 * config.checkpointFloatCount();
        if (size != expected) {
            throw InvalidInputException.of(source, size < expected ? "weights (truncated)" : "weights (trailing bytes)",
                    "file is " + size + " bytes", expected + " bytes for the header " + headerText(h));
        }
        long heapBudget = (long) (Runtime.getRuntime().maxMemory() * MAX_HEAP_FRACTION);
        if (expected > heapBudget) {
            throw InvalidInputException.of(source, "weights", "need " + expected + " bytes of heap",
                    "at most " + heapBudget + " bytes; raise -Xmx (SPATTEN_JAVA_OPTS)");
        }
        int d = config.dim();
        int kv = config.kvDim();
        int l = config.nLayers();
        int hid = config.hiddenDim();
        int v = config.vocabSize();
        TensorReader r = new TensorReader(in, source);
        float[] emb = r.read("token_embedding", (long) v * d);
        float[] rmsAtt = r.read("rms_att_weight", (long) l * d);
        float[] wq = r.read("wq", (long) l * d * d);
        float[] wk = r.read("wk", (long) l * kv * d);
        float[] wv = r.read("wv", (long) l * kv * d);
        float[] wo = r.read("wo", (long) l * d * d);
        float[] rmsFfn = r.read("rms_ffn_weight", (long) l * d);
        float[] w1 = r.read("w1", (long) l * hid * d);
        float[] w2 = r.read("w2", (long) l * d * hid);
        float[] w3 = r.read("w3", (long) l * hid * d);
        float[] rmsFinal = r.read("rms_final_weight", d);
        long ropeTable = (long) config.seqLen() * (config.headSize() / 2);
        r.skip("freq_cis_real", ropeTable);
        r.skip("freq_cis_imag", ropeTable);
        float[] wcls = shared ? emb : r.read("wcls", (long) v * d);
        return new LlamaModel(config, new LlamaWeights(emb, rmsAtt, wq, wk, wv, wo, rmsFfn, w1, w2, w3, rmsFinal, wcls));
    }

    private static String headerText(int[] h) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < 7; i++) {
            sb.append(i == 0 ? "" : ", ").append(HEADER_FIELDS[i]).append('=').append(h[i]);
        }
        return sb.append(')').toString();
    }

    static byte[] readFully(InputStream in, int n, String source, String field) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int got = in.read(b, off, n - off);
            if (got < 0) {
                throw InvalidInputException.of(source, field, "file ends after " + off + " of " + n + " bytes",
                        "the full " + field);
            }
            off += got;
        }
        return b;
    }

    /** Reads consecutive float32 tensors, checking that every value is finite. */
    private static final class TensorReader {
        private final InputStream in;
        private final String source;
        private final byte[] chunk = new byte[1 << 16];

        TensorReader(InputStream in, String source) {
            this.in = in;
            this.source = source;
        }

        float[] read(String tensor, long count) throws IOException {
            if (count > Integer.MAX_VALUE - 8) {
                throw InvalidInputException.of(source, tensor, count + " values", "at most 2^31 values per tensor");
            }
            float[] out = new float[(int) count];
            int done = 0;
            while (done < out.length) {
                int n = Math.min(chunk.length / 4, out.length - done);
                fill(tensor, n * 4);
                ByteBuffer.wrap(chunk, 0, n * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, done, n);
                for (int i = done; i < done + n; i++) {
                    if (!Float.isFinite(out[i])) {
                        throw InvalidInputException.of(source, tensor, "value " + i + " is " + out[i],
                                "finite float32 weights");
                    }
                }
                done += n;
            }
            return out;
        }

        void skip(String tensor, long count) throws IOException {
            long left = count * 4;
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                fill(tensor, n);
                left -= n;
            }
        }

        private void fill(String tensor, int n) throws IOException {
            int off = 0;
            while (off < n) {
                int got = in.read(chunk, off, n - off);
                if (got < 0) {
                    throw InvalidInputException.of(source, tensor, "file ends inside the tensor",
                            "the size the header implies");
                }
                off += got;
            }
        }
    }
}
