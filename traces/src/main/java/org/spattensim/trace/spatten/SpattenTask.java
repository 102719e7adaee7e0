package org.spattensim.trace.spatten;

import org.spattensim.common.InvalidInputException;

/**
 * One attention task of a SpAtten decision trace: one (generation step, layer, head) row of the
 * workload CSVs released with SpAtten [RTL {@code spatten_hardware/hardware/workloads/}].
 *
 * <p>Field names follow the CSV columns; validation messages name the CSV column, so an importer can
 * prefix the file and line. Column meanings (from docs/reference/spatten-facts.md §8.1, the released simulation
 * {@code sim/TestSpAtten.scala} and the column names):
 *
 * @param iteration                 {@code iteration_id}: generation step (generated-token index), ≥ 0
 * @param layer                     {@code layer_id}, ≥ 0
 * @param head                      {@code head_id}, ≥ 0
 * @param headDim                   {@code embedding_length_D}: head dimension (the files write {@code 64.0}), ≥ 1
 * @param sentenceLength            {@code sentence_length_L}: K/V rows before pruning (current context length), ≥ 1
 * @param keyFetchNum               {@code key_fetch_num}: keys kept after cascade token pruning = keys fetched, 1..L
 * @param quantKeyBit               {@code quant_key_bit}: key MSB bit width, {@link #UNQUANTIZED} = not quantized
 * @param quantQueryBit             {@code quant_query_bit}: query bit width, or {@link #UNQUANTIZED}
 * @param autoRequantThreshold      {@code auto_requant_thres}: progressive-quantization threshold on the max
 *                                  probability, in (0, 1], or -1 = not used
 * @param requant                   {@code if_requant}: this task fetches the key LSBs and recomputes Q×K
 * @param autoRequantIncrement      {@code auto_requant_incre}: LSB bits added on a refetch, or -1 = not used
 * @param valueFetchNum             {@code value_fetch_num}: values kept after local value pruning = values
 *                                  fetched, 1..key_fetch_num
 * @param quantValueBit             {@code quant_value_bit}: value bit width, or {@link #UNQUANTIZED}
 * @param accumulateImportance      {@code if_accumulate_importance}: probabilities are added into the token
 *                                  importance scores
 * @param rescalePreviousImportance {@code if_rescale_previous_importance}: exact semantics unknown
 *                                  (docs/reference/spatten-facts.md §8.1); carried through unchanged
 * @param topK                      {@code if_topk}: a cascade token top-k runs after this task
 * @param topKCount                 {@code topk}: tokens the top-k keeps (≥ 1 when {@code if_topk}), or -1
 */
public record SpattenTask(
        int iteration, int layer, int head, int headDim, int sentenceLength, int keyFetchNum,
        int quantKeyBit, int quantQueryBit, double autoRequantThreshold, boolean requant,
        int autoRequantIncrement, int valueFetchNum, int quantValueBit, boolean accumulateImportance,
        boolean rescalePreviousImportance, boolean topK, int topKCount) {

    /** Bit width written as -1 in the CSVs: the tensor is not quantized. */
    public static final int UNQUANTIZED = -1;
    /** Widest bit width we accept; the released files use 4..16. Our assumption: nothing wider than fp32. */
    public static final int MAX_BITS = 32;

    /**
     * Plausible upper bounds (our assumption, far beyond any released or LLM-era workload): ids size the arrays
     * downstream, so a corrupt id near 2^31 is refused here instead of exhausting memory.
     */
    public static final int MAX_ITERATIONS = 1 << 20;
    public static final int MAX_LAYERS = 1024;
    public static final int MAX_HEADS = 1024;
    public static final int MAX_HEAD_DIM = 4096;
    public static final int MAX_CONTEXT = 1 << 22;

    public SpattenTask {
        bounded("iteration_id", iteration, MAX_ITERATIONS);
        bounded("layer_id", layer, MAX_LAYERS);
        bounded("head_id", head, MAX_HEADS);
        if (headDim < 1 || headDim > MAX_HEAD_DIM) {
            throw bad("embedding_length_D", headDim, "a head dimension 1.." + MAX_HEAD_DIM);
        }
        if (sentenceLength < 1 || sentenceLength > MAX_CONTEXT) {
            throw bad("sentence_length_L", sentenceLength, "a context length 1.." + MAX_CONTEXT);
        }
        if (keyFetchNum < 1 || keyFetchNum > sentenceLength) {
            throw bad("key_fetch_num", keyFetchNum,
                    "1 ≤ key_fetch_num ≤ sentence_length_L = " + sentenceLength + " (kept keys cannot exceed the context)");
        }
        if (valueFetchNum < 1 || valueFetchNum > keyFetchNum) {
            throw bad("value_fetch_num", valueFetchNum,
                    "1 ≤ value_fetch_num ≤ key_fetch_num = " + keyFetchNum + " (values are pruned from the kept keys)");
        }
        bits("quant_key_bit", quantKeyBit);
        bits("quant_query_bit", quantQueryBit);
        bits("quant_value_bit", quantValueBit);
        if (!(autoRequantThreshold == -1.0 || (autoRequantThreshold > 0.0 && autoRequantThreshold <= 1.0))) {
            throw bad("auto_requant_thres", autoRequantThreshold, "a probability threshold in (0, 1], or -1 for none");
        }
        if (autoRequantIncrement != -1 && (autoRequantIncrement < 1 || autoRequantIncrement > MAX_BITS)) {
            throw bad("auto_requant_incre", autoRequantIncrement, "1.." + MAX_BITS + " LSB bits, or -1 for none");
        }
        if (topK && topKCount < 1) {
            throw bad("topk", topKCount, "a kept-token count ≥ 1 because if_topk is True");
        }
        if (!topK && topKCount != -1 && topKCount < 1) {
            throw bad("topk", topKCount, "-1 or a kept-token count ≥ 1");
        }
    }

    /** Fraction of the context whose keys are fetched: key_fetch_num / sentence_length_L. */
    public double keyKeepRatio() {
        return (double) keyFetchNum / sentenceLength;
    }

    /** Fraction of the context whose values are fetched: value_fetch_num / sentence_length_L. */
    public double valueKeepRatio() {
        return (double) valueFetchNum / sentenceLength;
    }

    private static void bounded(String column, int v, int limit) {
        if (v < 0 || v >= limit) {
            throw bad(column, v, "an index 0.." + (limit - 1));
        }
    }

    private static void bits(String column, int v) {
        if (v != UNQUANTIZED && (v < 1 || v > MAX_BITS)) {
            throw bad(column, v, "a bit width 1.." + MAX_BITS + ", or -1 for unquantized");
        }
    }

    private static InvalidInputException bad(String column, Object value, String expected) {
        String where = "column " + column;
        for (SpattenColumn c : SpattenColumn.values()) {
            if (c.csvName().equals(column)) {
                where += " (" + c.position() + ")";
            }
        }
        return InvalidInputException.of(null, where, "bad value " + value, expected);
    }
}
