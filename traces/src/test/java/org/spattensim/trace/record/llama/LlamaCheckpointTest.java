package org.spattensim.trace.record.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spattensim.common.InvalidInputException;

class LlamaCheckpointTest {
    static byte[] good;
    @TempDir
    Path dir;

    @BeforeAll
    static void readBundled() throws IOException {
        try (InputStream in = LlamaCheckpointTest.class.getResourceAsStream(
                "/org/spattensim/models/stories260K/stories260K.bin")) {
            good = in.readAllBytes();
        }
    }

    private InvalidInputException fails(byte[] bytes) throws IOException {
        Path f = dir.resolve("model.bin");
        Files.write(f, bytes);
        return assertThrows(InvalidInputException.class, () -> LlamaCheckpoint.read(f));
    }

    @Test
    void readsTheBundledCheckpointFromAFile() throws IOException {
        Path f = dir.resolve("stories260K.bin");
        Files.write(f, good);
        LlamaModel m = LlamaCheckpoint.read(f);
        assertEquals(64, m.config().dim());
        assertEquals(8, m.config().headSize());
        assertEquals(32, m.config().kvDim());
    }

    @Test
    void truncatedFileNamesFileAndField() throws IOException {
        InvalidInputException e = fails(Arrays.copyOf(good, good.length - 100));
        assertTrue(e.getMessage().startsWith(dir.resolve("model.bin") + ": weights (truncated): file is 1056440 bytes;"
                + " expected 1056540 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("dim=64"), e.getMessage());
    }

    @Test
    void fileShorterThanHeader() throws IOException {
        InvalidInputException e = fails(Arrays.copyOf(good, 10));
        assertTrue(e.getMessage().contains("model.bin: header: file is 10 bytes"), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        InvalidInputException e = fails(Arrays.copyOf(good, good.length + 4));
        assertTrue(e.getMessage().contains("weights (trailing bytes)"), e.getMessage());
    }

    @Test
    void impossibleHeaderFieldsAreNamed() throws IOException {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 3); // n_kv_heads = 3 with n_heads 8
        assertTrue(fails(b).getMessage().contains("header: n_kv_heads: is 3 with n_heads 8"), fails(b).getMessage());
        byte[] c = good.clone();
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -64); // dim
        assertTrue(fails(c).getMessage().contains("header: dim: is -64"), fails(c).getMessage());
    }

    @Test
    void hugeHeaderFailsOnSizeNotOnMemory() throws IOException {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 1 << 20); // n_layers
        assertTrue(fails(b).getMessage().contains("weights (truncated)"), fails(b).getMessage());
    }

    @Test
    void nanWeightIsNamed() throws IOException {
        byte[] b = good.clone();
        // first value of wq: after header, token_embedding (32768) and rms_att (320)
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(28 + 4 * (32768 + 320), Float.NaN);
        assertTrue(fails(b).getMessage().contains("model.bin: wq: value 0 is NaN"), fails(b).getMessage());
    }

    @Test
    void missingFile() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LlamaCheckpoint.read(dir.resolve("nope.bin")));
        assertTrue(e.getMessage().contains("nope.bin: model checkpoint not found"), e.getMessage());
    }
}
