package org.spattensim.trace.record.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.spattensim.common.InvalidInputException;
import org.spattensim.trace.record.RecorderModel;

class BpeTokenizerTest {
    static final BpeTokenizer TOK = RecorderModel.loadDefault().tokenizer();

    @Test
    void vocabularyLayoutMatchesReadme() {
        assertEquals(512, TOK.vocabSize());
        assertEquals(7, TOK.maxTokenLength());
        assertEquals("\n<s>\n", TOK.pieceText(BpeTokenizer.BOS));
        assertEquals("<0x41>", TOK.pieceText(3 + 0x41));
        assertEquals(" t", TOK.pieceText(259));
        assertEquals(-(300 - 259), TOK.score(300), 0f);
    }

    @Test
    void encodesTheGoldenOpeningLikeLlama2c() {
        // greedy_pieces of the golden file: " Once", " upon", " a", " time", ",", " there", " was"
        assertArrayEquals(new int[] {1, 403, 407, 261, 378, 432, 383, 286},
                TOK.encode("Once upon a time, there was", true, false));
        assertArrayEquals(new int[] {403, 407, 2}, TOK.encode("Once upon", false, true));
    }

    @Test
    void emptyTextIsJustBos() {
        assertArrayEquals(new int[] {1}, TOK.encode("", true, false));
        assertEquals("", TOK.decode(new int[] {1}));
    }

    @Test
    void decodeDropsTheLeadingSpaceAfterBosOnly() {
        assertArrayEquals(" Once".getBytes(StandardCharsets.UTF_8), TOK.decodeBytes(2, 403));
        assertArrayEquals("Once".getBytes(StandardCharsets.UTF_8), TOK.decodeBytes(1, 403));
        assertArrayEquals(new byte[] {0x0A}, TOK.decodeBytes(426, 13)); // <0x0A> is a raw newline
    }

    @Test
    void roundTripsAsciiNewlinesAndMultibyteText() {
        String[] texts = {"Once upon a time, there was a little girl named Lily.",
            " leading space", "two\nlines\ttab", "Ünïcödé ✓ 漢字 😀", "{}[]<>~`|\\^", "a", "<0x41> literal"};
        for (String t : texts) {
            int[] ids = TOK.encode(t, true, false);
            assertEquals(BpeTokenizer.BOS, ids[0]);
            assertEquals(t, TOK.decode(ids), "round trip of " + t);
        }
    }

    @Test
    void unknownCodePointsFallBackToBytes() {
        int[] ids = TOK.encode("漢", false, false);
        // dummy-prefix space, then the three UTF-8 bytes E6 BC A2 as byte tokens (3 + byte)
        assertArrayEquals(new int[] {TOK.lookup(" ".getBytes(StandardCharsets.US_ASCII)), 3 + 0xE6, 3 + 0xBC,
            3 + 0xA2}, ids);
    }

    @Test
    void mergesPickTheHighestScoringPairFirst() {
        // hand-made vocabulary: bytes, then "ab" (score -5) and "bc" (score -1): "abc" must become a + bc
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int vocab = 3 + 256 + 5;
        ByteBuffer b = ByteBuffer.allocate(4 + vocab * 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(6);
        put(b, 0f, "<unk>");
        put(b, 0f, "\n<s>\n");
        put(b, 0f, "\n</s>\n");
        for (int i = 0; i < 256; i++) {
            put(b, 0f, String.format("<0x%02X>", i));
        }
        put(b, -5f, "ab");
        put(b, -1f, "bc");
        put(b, -2f, "a");
        put(b, -2f, "b");
        put(b, -2f, "c");
        out.write(b.array(), 0, b.position());
        BpeTokenizer t = BpeTokenizer.parse(out.toByteArray(), vocab, "test-vocab");
        int[] ids = t.encode("abc", false, false);
        // no " " piece: the dummy prefix is the byte token <0x20>
        assertArrayEquals(new int[] {3 + 0x20, 259 + 2, 259 + 1}, ids);
        assertEquals("abc", t.decode(new int[] {1, 3 + 0x20, 261, 260}).substring(1));
    }

    private static void put(ByteBuffer b, float score, String piece) {
        byte[] p = piece.getBytes(StandardCharsets.ISO_8859_1);
        b.putFloat(score).putInt(p.length).put(p);
    }

    @Test
    void truncatedTokenizerNamesFileAndToken() {
        byte[] good;
        try (var in = BpeTokenizerTest.class.getResourceAsStream("/org/spattensim/models/stories260K/tok512.bin")) {
            good = in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 10);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> BpeTokenizer.parse(cut, 512, "tok-cut.bin"));
        assertTrue(e.getMessage().startsWith("tok-cut.bin: token 511"), e.getMessage());
        InvalidInputException extra = assertThrows(InvalidInputException.class,
                () -> BpeTokenizer.parse(good, 511, "tok512.bin"));
        assertTrue(extra.getMessage().contains("end of file"), extra.getMessage());
    }
}
