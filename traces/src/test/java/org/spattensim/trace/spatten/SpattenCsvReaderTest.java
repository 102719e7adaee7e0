package org.spattensim.trace.spatten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spattensim.common.InvalidInputException;

class SpattenCsvReaderTest {
    static final String HEADER = SpattenColumn.csvHeader();
    static final String ROW = "0,0,0,64.0,993,993,6,16,0.05,True,4,204,6,True,False,False,-1";
    static final String CONFIG = "configs/x.yml,,,,,,,,,,,,,,,,";

    @TempDir
    Path dir;

    @Test
    void prunedGpt2SmallMatchesTheReleasedFileFacts() {
        SpattenWorkload w = BundledSpattenWorkloads.load("gpt2-small-wikitext2");
        SpattenWorkloadSummary s = w.summary();
        // Counts from docs/reference/spatten-facts.md §8.2 (derived from the released file by hand).
        assertEquals(4608, s.rows());
        assertEquals(32, s.steps());
        assertEquals(12, s.layers());
        assertEquals(12, s.heads());
        assertEquals(0.276, s.keysKeptFraction(), 5e-4);
        assertEquals(0.055, s.valuesKeptFraction(), 5e-4);
        assertEquals(323.0 / 4608, s.requantShare(), 1e-12);
        assertEquals(124.0 / 4608, s.topKShare(), 1e-12);
        int[] keptKeys = new int[12];
        int[] keptValues = new int[12];
        for (SpattenTask t : w.tasks()) {
            if (t.iteration() == 1) {
                keptKeys[t.layer()] = t.keyFetchNum();
                keptValues[t.layer()] = t.valueFetchNum();
            }
            assertEquals(64, t.headDim());
            assertEquals(993 + t.iteration(), t.sentenceLength());
            assertEquals(6, t.quantKeyBit());
            assertEquals(16, t.quantQueryBit());
            assertEquals(0.05, t.autoRequantThreshold());
        }
        assertArrayEquals(new int[] {921, 716, 204, 204, 204, 204, 102, 102, 102, 102, 102, 102}, keptKeys);
        assertArrayEquals(new int[] {184, 143, 40, 40, 40, 40, 20, 20, 20, 20, 20, 20}, keptValues);
        assertEquals("configs/gpt2/wikitext2/gpt2_pp11+consider1000+pstart1+insp0p2+qlinear_k6b_v6b_q16b_sym"
                + "+requant0p05_inc4_k+vtie+part8+batch8.yml", w.provenance().configName());
        assertEquals(BundledSpattenWorkloads.GPT2_SMALL_WIKITEXT2.sha256(), w.provenance().sha256());
        assertTrue(w.provenance().origin().contains("a0f1388"), w.provenance().origin());
        // File order is kept: the last row is iteration 31, layer 11, head 11.
        SpattenTask last = w.task(w.size() - 1);
        assertEquals(31, last.iteration());
        assertEquals(11, last.layer());
        assertEquals(11, last.head());
    }

    @Test
    void denseGpt2SmallFetchesEverything() {
        SpattenWorkload w = BundledSpattenWorkloads.load("gpt2-small-wikitext2-dense");
        assertEquals(4608, w.size());
        for (int i = 0; i < w.size(); i++) {
            assertEquals(w.sentenceLength(i), w.keyFetchNum(i));
            assertEquals(w.sentenceLength(i), w.valueFetchNum(i));
            assertEquals(SpattenTask.UNQUANTIZED, w.quantKeyBit(i));
            assertFalse(w.requant(i));
            assertFalse(w.topK(i));
        }
        assertEquals(1.0, w.summary().keysKeptFraction());
        assertEquals(0.0, w.summary().requantShare());
    }

    @Test
    void smallHasOneTaskAndItsConfigRow() {
        SpattenWorkload w = BundledSpattenWorkloads.load("small");
        assertEquals(1, w.size());
        assertEquals(new SpattenTask(0, 0, 0, 64, 993, 993, -1, -1, -1, false, -1, 993, -1, true, false, false, -1),
                w.task(0));
        assertEquals("configs/gpt2/ptb/medium_baseline_train+eval.yml", w.provenance().configName());
    }

    @Test
    void fileWithoutConfigRowAndCrLfIsRead() throws IOException {
        Path f = write("crlf.csv", HEADER + "\r\n" + ROW + "\r\n" + ROW.replace("0,0,0,", "0,0,1,") + "\r\n\r\n");
        SpattenWorkload w = SpattenCsvReader.read(f);
        assertEquals(2, w.size());
        assertEquals(1, w.head(1));
        assertEquals("", w.provenance().configName());
        assertEquals(f.toString(), w.provenance().source());
    }

    @Test
    void unknownBundledNameListsTheNames() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> BundledSpattenWorkloads.loadNameOrFile("gpt2-huge"));
        assertTrue(e.getMessage().contains("gpt2-small-wikitext2-dense"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong column count          | 0,0,0,64.0,993,993,6,16,0.05,True,4,204,6,True,False,False                 | line 2 | 16 comma-separated fields
            non-numeric                 | 0,0,0,64.0,993,abc,6,16,0.05,True,4,204,6,True,False,False,-1             | column key_fetch_num (6) | 'abc' is not a number
            empty numeric field         | 0,0,0,64.0,,993,6,16,0.05,True,4,204,6,True,False,False,-1                | column sentence_length_L (5) | empty
            negative count              | 0,0,0,64.0,993,-3,6,16,0.05,True,4,204,6,True,False,False,-1              | column key_fetch_num | bad value -3
            key_fetch_num above L       | 0,0,0,64.0,993,1200,6,16,0.05,True,4,204,6,True,False,False,-1            | column key_fetch_num | sentence_length_L = 993
            value_fetch_num above keys  | 0,0,0,64.0,993,100,6,16,0.05,True,4,204,6,True,False,False,-1             | column value_fetch_num | key_fetch_num = 100
            unknown boolean             | 0,0,0,64.0,993,993,6,16,0.05,Yes,4,204,6,True,False,False,-1              | column if_requant (10) | unknown boolean 'Yes'
            non-integral head dim       | 0,0,0,64.5,993,993,6,16,0.05,True,4,204,6,True,False,False,-1             | column embedding_length_D (4) | '64.5' is not an integer
            threshold above one         | 0,0,0,64.0,993,993,6,16,1.5,True,4,204,6,True,False,False,-1              | column auto_requant_thres | bad value 1.5
            threshold NaN               | 0,0,0,64.0,993,993,6,16,NaN,True,4,204,6,True,False,False,-1              | column auto_requant_thres (9) | not finite
            bad bit width               | 0,0,0,64.0,993,993,0,16,0.05,True,4,204,6,True,False,False,-1             | column quant_key_bit | bad value 0
            negative layer              | 0,-1,0,64.0,993,993,6,16,0.05,True,4,204,6,True,False,False,-1            | column layer_id | bad value -1
            top-k flag without count    | 0,0,0,64.0,993,993,6,16,0.05,True,4,204,6,True,False,True,-1              | column topk | if_topk is True
            """)
    void malformedRowNamesFileLineAndColumn(String what, String row, String where, String problem) throws IOException {
        Path f = write("bad.csv", HEADER + "\n" + row + "\n" + CONFIG + "\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpattenCsvReader.read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString() + ": line 2"), m);
        assertTrue(m.contains(where), m);
        assertTrue(m.contains(problem), m);
        assertTrue(m.contains("expected"), m);
    }

    @Test
    void badHeaderNamesTheColumn() throws IOException {
        Path f = write("hdr.csv", HEADER.replace("key_fetch_num", "keys") + "\n" + ROW + "\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpattenCsvReader.read(f));
        assertTrue(e.getMessage().contains("line 1, header column 6: 'keys'; expected 'key_fetch_num'"), e.getMessage());
    }

    @Test
    void dataAfterConfigRowIsRejected() throws IOException {
        Path f = write("late.csv", HEADER + "\n" + ROW + "\n" + CONFIG + "\n" + ROW.replace("0,0,0,", "1,0,0,") + "\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpattenCsvReader.read(f));
        assertTrue(e.getMessage().contains("line 4: data after the trailing config-name row of line 3"), e.getMessage());
    }

    @Test
    void duplicateTaskIsRejected() throws IOException {
        Path f = write("dup.csv", HEADER + "\n" + ROW + "\n" + ROW + "\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpattenCsvReader.read(f));
        assertTrue(e.getMessage().contains("line 3: duplicate task (iteration 0, layer 0, head 0), first on line 2"),
                e.getMessage());
    }

    @Test
    void blankLineInsideDataIsRejected() throws IOException {
        Path f = write("blank.csv", HEADER + "\n" + ROW + "\n\n" + ROW.replace("0,0,0,", "1,0,0,") + "\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpattenCsvReader.read(f));
        assertTrue(e.getMessage().contains("line 3: blank line inside the data"), e.getMessage());
    }

    @Test
    void emptyHeaderOnlyAndBinaryFilesAreRejected() throws IOException {
        assertTrue(assertThrows(InvalidInputException.class, () -> SpattenCsvReader.read(write("e.csv", "")))
                .getMessage().contains("the file is empty"));
        assertTrue(assertThrows(InvalidInputException.class, () -> SpattenCsvReader.read(write("h.csv", HEADER + "\n")))
                .getMessage().contains("no data rows"));
        byte[] junk = new byte[100_000];
        Arrays.fill(junk, (byte) 7);
        Path bin = dir.resolve("bin.csv");
        Files.write(bin, junk);
        assertTrue(assertThrows(InvalidInputException.class, () -> SpattenCsvReader.read(bin))
                .getMessage().contains("line 1: line longer than"));
        assertTrue(assertThrows(InvalidInputException.class, () -> SpattenCsvReader.read(dir.resolve("none.csv")))
                .getMessage().contains("file not found"));
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }
}
