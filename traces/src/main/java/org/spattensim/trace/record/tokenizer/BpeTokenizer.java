package org.spattensim.trace.record.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spattensim.common.InvalidInputException;

/**
 * The llama2.c byte-pair-encoding tokenizer ({@code tokenizer.bin}): a SentencePiece BPE vocabulary with a score
 * per piece and byte-fallback pieces {@code <0x00>..<0xFF>}.
 *
 * <p>File format (little-endian): int32 {@code max_token_length}, then for each of the vocabulary's tokens a
 * float32 score, an int32 byte length and the piece's raw bytes. The vocabulary size is the model's (it is not
 * stored in the file), and the file must end exactly after the last piece.
 *
 * <p>Encoding follows llama2.c: optional BOS; a dummy-prefix space when the text is not empty; one piece per
 * UTF-8 code point (its bytes through the byte-fallback pieces when the code point is not in the vocabulary);
 * then repeatedly merge the adjacent pair whose concatenation is a piece with the highest score (the leftmost
 * on ties) until no pair merges. Decoding drops the leading space of a piece that follows BOS and turns
 * byte-fallback pieces into their raw byte.
 */
public final class BpeTokenizer {
    /** Ids fixed by the llama2.c / SentencePiece Llama vocabulary. */
    public static final int UNK = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;
    private static final int MAX_TOKEN_LENGTH_CAP = 1 << 16;

    private final byte[][] pieces;
    private final float[] scores;
    private final int maxTokenLength;
    /** Piece bytes as a Latin-1 string (one char per byte) to id; the lowest id wins on duplicates. */
    private final Map<String, Integer> ids;
    private final int[] byteTokens = new int[256];
    private final int[] rawByte;

    private BpeTokenizer(byte[][] pieces, float[] scores, int maxTokenLength, String source) {
        this.pieces = pieces;
        this.scores = scores;
        this.maxTokenLength = maxTokenLength;
        this.ids = new HashMap<>(pieces.length * 2);
        for (int i = 0; i < pieces.length; i++) {
            ids.putIfAbsent(latin1(pieces[i]), i);
        }
        rawByte = new int[pieces.length];
        Arrays.fill(rawByte, -1);
        for (int b = 0; b < 256; b++) {
            Integer id = ids.get(String.format("<0x%02X>", b));
            if (id == null) {
                throw InvalidInputException.of(source, "byte-fallback pieces", "no piece <0x" + String.format("%02X", b)
                        + ">", "the 256 pieces <0x00>..<0xFF> of a llama2.c tokenizer");
            }
            byteTokens[b] = id;
            rawByte[id] = b;
        }
    }

    /** Reads a tokenizer file for a model with {@code vocabSize} tokens. */
    public static BpeTokenizer read(Path file, int vocabSize) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": tokenizer not found");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read tokenizer: " + e.getMessage(), e);
        }
        return parse(data, vocabSize, file.toString());
    }

    /** Reads a tokenizer from a stream (a classpath resource, for example); {@code source} names it in errors. */
    public static BpeTokenizer read(InputStream in, int vocabSize, String source) throws IOException {
        return parse(in.readAllBytes(), vocabSize, source);
    }

    /** Parses the bytes of a tokenizer file. */
    public static BpeTokenizer parse(byte[] data, int vocabSize, String source) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 4) {
            throw InvalidInputException.of(source, "max_token_length", "file is " + data.length + " bytes",
                    "an int32 header");
        }
        int maxLen = b.getInt();
        if (maxLen <= 0 || maxLen > MAX_TOKEN_LENGTH_CAP) {
            throw InvalidInputException.of(source, "max_token_length", "is " + maxLen, "1.." + MAX_TOKEN_LENGTH_CAP);
        }
        byte[][] pieces = new byte[vocabSize][];
        float[] scores = new float[vocabSize];
        for (int i = 0; i < vocabSize; i++) {
            if (b.remaining() < 8) {
                throw InvalidInputException.of(source, "token " + i, "file ends at byte " + b.position(),
                        vocabSize + " tokens (the model's vocab_size), each float32 score + int32 length + bytes");
            }
            scores[i] = b.getFloat();
            if (!Float.isFinite(scores[i])) {
                throw InvalidInputException.of(source, "token " + i + " score", "is " + scores[i], "a finite float32");
            }
            int len = b.getInt();
            if (len < 0 || len > maxLen) {
                throw InvalidInputException.of(source, "token " + i + " length", "is " + len,
                        "0.." + maxLen + " (max_token_length)");
            }
            if (b.remaining() < len) {
                throw InvalidInputException.of(source, "token " + i + " bytes", "file ends after "
                        + b.remaining() + " of " + len + " bytes", "the full piece");
            }
            pieces[i] = new byte[len];
            b.get(pieces[i]);
        }
        if (b.hasRemaining()) {
            throw InvalidInputException.of(source, "end of file", b.remaining() + " bytes after token "
                    + (vocabSize - 1), "exactly " + vocabSize + " tokens (the model's vocab_size)");
        }
        return new BpeTokenizer(pieces, scores, maxLen, source);
    }

    public int vocabSize() {
        return pieces.length;
    }

    public int maxTokenLength() {
        return maxTokenLength;
    }

    /** The raw bytes of piece {@code id} (a copy). */
    public byte[] piece(int id) {
        return pieces[checkId(id)].clone();
    }

    /** The piece as text (UTF-8; byte-fallback pieces as {@code <0xXX>}), for display. */
    public String pieceText(int id) {
        return new String(pieces[checkId(id)], StandardCharsets.UTF_8);
    }

    public float score(int id) {
        return scores[checkId(id)];
    }

    /** Id of the piece with exactly these bytes, or -1. */
    public int lookup(byte[] piece) {
        Integer id = ids.get(latin1(piece));
        return id == null ? -1 : id;
    }

    /** Encodes {@code text} the llama2.c way (see the class comment). */
    public int[] encode(String text, boolean bos, boolean eos) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Integer> out = new ArrayList<>(bytes.length + 3);
        if (bos) {
            out.add(BOS);
        }
        int start = out.size();
        if (bytes.length > 0) {
            int space = ids.getOrDefault(" ", -1);
            out.add(space >= 0 ? space : byteTokens[' ']);
        }
        for (int i = 0; i < bytes.length; ) {
            int end = i + 1;
            while (end < bytes.length && end - i < 4 && (bytes[end] & 0xC0) == 0x80) {
                end++;
            }
            Integer id = ids.get(new String(bytes, i, end - i, StandardCharsets.ISO_8859_1));
            if (id != null) {
                out.add(id);
            } else {
                for (int j = i; j < end; j++) {
                    out.add(byteTokens[bytes[j] & 0xFF]);
                }
            }
            i = end;
        }
        mergePairs(out, start);
        if (eos) {
            out.add(EOS);
        }
        int[] result = new int[out.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i);
        }
        return result;
    }

    private void mergePairs(List<Integer> tokens, int start) {
        StringBuilder pair = new StringBuilder(2 * maxTokenLength);
        while (true) {
            float bestScore = Float.NEGATIVE_INFINITY;
            int bestId = -1;
            int bestIdx = -1;
            for (int i = start; i + 1 < tokens.size(); i++) {
                pair.setLength(0);
                appendLatin1(pair, pieces[tokens.get(i)]);
                appendLatin1(pair, pieces[tokens.get(i + 1)]);
                Integer id = ids.get(pair.toString());
                if (id != null && scores[id] > bestScore) {
                    bestScore = scores[id];
                    bestId = id;
                    bestIdx = i;
                }
            }
            if (bestIdx < 0) {
                return;
            }
            tokens.set(bestIdx, bestId);
            tokens.remove(bestIdx + 1);
        }
    }

    /**
     * The bytes that token {@code id} adds to the text when it follows {@code prev}: a piece right after BOS
     * loses its leading space, and a byte-fallback piece is its raw byte.
     */
    public byte[] decodeBytes(int prev, int id) {
        checkId(id);
        if (rawByte[id] >= 0) {
            return new byte[] {(byte) rawByte[id]};
        }
        byte[] p = pieces[id];
        if (prev == BOS && p.length > 0 && p[0] == ' ') {
            return Arrays.copyOfRange(p, 1, p.length);
        }
        return p.clone();
    }

    /**
     * Decodes a token sequence to text: BOS and EOS add nothing, the rest as {@link #decodeBytes}; the bytes are
     * read as UTF-8 together, so multi-byte characters split over byte pieces come back whole.
     */
    public String decode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int prev = -1;
        for (int id : tokens) {
            if (id != BOS && id != EOS) {
                out.writeBytes(decodeBytes(prev, id));
            }
            prev = id;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private int checkId(int id) {
        if (id < 0 || id >= pieces.length) {
            throw InvalidInputException.of("tokenizer", "token", "id " + id, "an id in 0.." + (pieces.length - 1));
        }
        return id;
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void appendLatin1(StringBuilder sb, byte[] b) {
        for (byte x : b) {
            sb.append((char) (x & 0xFF));
        }
    }
}
