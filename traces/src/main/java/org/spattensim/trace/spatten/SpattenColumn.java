package org.spattensim.trace.spatten;

/**
 * The 17 columns of SpAtten's released workload CSVs, in file order. The CSV header must list exactly
 * these names in this order; the decision-trace container stores one tensor per column under the
 * same name.
 */
public enum SpattenColumn {
    ITERATION_ID("iteration_id", Kind.INT),
    LAYER_ID("layer_id", Kind.INT),
    HEAD_ID("head_id", Kind.INT),
    EMBEDDING_LENGTH_D("embedding_length_D", Kind.INT),
    SENTENCE_LENGTH_L("sentence_length_L", Kind.INT),
    KEY_FETCH_NUM("key_fetch_num", Kind.INT),
    QUANT_KEY_BIT("quant_key_bit", Kind.INT),
    QUANT_QUERY_BIT("quant_query_bit", Kind.INT),
    AUTO_REQUANT_THRES("auto_requant_thres", Kind.REAL),
    IF_REQUANT("if_requant", Kind.BOOL),
    AUTO_REQUANT_INCRE("auto_requant_incre", Kind.INT),
    VALUE_FETCH_NUM("value_fetch_num", Kind.INT),
    QUANT_VALUE_BIT("quant_value_bit", Kind.INT),
    IF_ACCUMULATE_IMPORTANCE("if_accumulate_importance", Kind.BOOL),
    IF_RESCALE_PREVIOUS_IMPORTANCE("if_rescale_previous_importance", Kind.BOOL),
    IF_TOPK("if_topk", Kind.BOOL),
    TOPK("topk", Kind.INT);

    /** How a column is written: integer, Python boolean ({@code True}/{@code False}) or real number. */
    public enum Kind { INT, BOOL, REAL }

    private static final SpattenColumn[] ALL = values();

    private final String csvName;
    private final Kind kind;

    SpattenColumn(String csvName, Kind kind) {
        this.csvName = csvName;
        this.kind = kind;
    }

    /** The name in the CSV header (and the tensor name in a decision trace). */
    public String csvName() {
        return csvName;
    }

    public Kind kind() {
        return kind;
    }

    /** 1-based column position in the CSV. */
    public int position() {
        return ordinal() + 1;
    }

    public static int count() {
        return ALL.length;
    }

    public static SpattenColumn at(int index) {
        return ALL[index];
    }

    /** The header line the released files start with. */
    public static String csvHeader() {
        StringBuilder sb = new StringBuilder();
        for (SpattenColumn c : ALL) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(c.csvName);
        }
        return sb.toString();
    }
}
