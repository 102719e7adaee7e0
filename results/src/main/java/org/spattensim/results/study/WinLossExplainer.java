package org.spattensim.results.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spattensim.accel.AcceleratorRun;
import org.spattensim.accel.fetch.MemoryLayout;
import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.results.report.DataTable;
import org.spattensim.stats.StatsRegistry;

/**
 * Where a SpAtten design wins over its own dense datapath and where it does not, and why, from the runs' own
 * statistics: which unit bounds the dense and the pruned run (the most busy cycles, DRAM counted as bytes at peak
 * bandwidth), what pruning saved in DRAM bytes, and whether quantization can save transactions at the workload's
 * head dimension (a row is whole transactions [RTL MatrixFetcher.scala], so a row that fits one transaction at the
 * dense width moves the same transactions quantized). The sentences are derived from those numbers by one rule here.
 */
final class WinLossExplainer {
    /** The timed units whose busy cycles can bound a run ({@code unit.<name>.busy_cycles}). */
    static final List<String> UNITS = List.of("qk", "softmax.accumulate", "softmax.normalize", "topk.value",
            "topk.cascade", "pv");

    private final DataTable table = new DataTable("workload", "design", "head_dim", "speedup_vs_dense",
            "dram_reduction_vs_dense", "dense_cycles", "dense_bound_by", "dense_bound_cycles", "pruned_cycles",
            "pruned_bound_by", "pruned_bound_cycles", "topk_busy_cycles", "qk_busy_cycles", "dram_cycles_at_peak",
            "key_row_bytes_dense", "key_row_bytes_quantized", "transaction_bytes");
    /** The sentences, apart from the numbers: a long text cell would make the numbers' table unreadable. */
    private final DataTable explanations = new DataTable("workload", "design", "explanation");

    /**
     * Adds one design on one workload.
     *
     * @param headDim the workload's head dimension
     * @param config  the pruned design's configuration
     */
    void add(String workload, String design, int headDim, SpattenConfig config, AcceleratorRun dense,
             AcceleratorRun pruned) {
        Map<String, Double> denseBusy = busy(dense);
        Map<String, Double> prunedBusy = busy(pruned);
        String denseBound = argmax(denseBusy);
        String prunedBound = argmax(prunedBusy);
        double speedup = dense.seconds() / pruned.seconds();
        double reduction = (double) dense.dramBytesRead() / pruned.dramBytesRead();
        double topk = prunedBusy.get("topk.cascade") + prunedBusy.get("topk.value");
        SpattenConfig.Quantization q = config.quant();
        int tx = config.memory().transactionBytes();
        int rowDense = MemoryLayout.strideBytes(headDim, q.denseBits(), tx);
        int rowQuant = MemoryLayout.strideBytes(headDim, q.keyMsbBits(), tx);

        StringBuilder why = new StringBuilder();
        String verdict = speedup >= 1.05 ? "wins" : speedup > 0.95 ? "breaks even" : "loses";
        why.append(f("%s %s on %s: %.2fx of its dense datapath, with %.2fx fewer DRAM bytes. ", design, verdict,
                workload, speedup, reduction));
        why.append(f("The dense run is bound by %s (%,.0f of %,d cycles); the pruned run by %s (%,.0f of %,d). ",
                label(denseBound), denseBusy.get(denseBound), dense.cycles(), label(prunedBound),
                prunedBusy.get(prunedBound), pruned.cycles()));
        if (prunedBound.startsWith("topk")) {
            why.append(f("The top-k engine is the critical path: it ranks about %d candidates per cycle per "
                            + "quick-select pass, while the Q×K array scores %d keys per cycle at head dimension %d "
                            + "(%d multipliers / %d), so ranking the tokens costs more cycles than the attention pruning "
                            + "saves. ", config.topk().parallelism(), config.compute().qkMultipliers() / headDim, headDim,
                    config.compute().qkMultipliers(), headDim));
        } else if (prunedBound.equals("dram")) {
            why.append("The pruned run is memory-bound, so the DRAM bytes pruning saves become saved cycles. ");
        } else {
            why.append(f("The pruned run is compute-bound on %s, whose work shrinks with the tokens and heads kept. ",
                    label(prunedBound)));
        }
        if (!q.enabled()) {
            why.append("Quantization is off in this configuration.");
        } else if (rowQuant >= rowDense) {
            why.append(f("A key row of %d elements is %d B at %d bits, one %d-B transaction either way: quantizing "
                            + "it to %d bits moves the same transactions, and each LSB refetch adds some.", headDim,
                    (headDim * q.denseBits() + 7) / 8, q.denseBits(), tx, q.keyMsbBits()));
        } else {
            why.append(f("Quantization shrinks a key row from %d B to %d B (%d-B transactions).", rowDense, rowQuant,
                    tx));
        }
        table.add(workload, design, headDim, speedup, reduction, dense.cycles(), label(denseBound),
                denseBusy.get(denseBound), pruned.cycles(), label(prunedBound), prunedBusy.get(prunedBound), topk,
                prunedBusy.get("qk"), prunedBusy.get("dram"), rowDense, rowQuant, tx);
        explanations.add(workload, design, why.toString().trim());
    }

    DataTable table() {
        return table;
    }

    DataTable explanations() {
        return explanations;
    }

    /** Busy cycles per unit, and DRAM's cycles had every byte moved at peak bandwidth. */
    private static Map<String, Double> busy(AcceleratorRun r) {
        StatsRegistry s = r.stats();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String u : UNITS) {
            out.put(u, (double) s.counterValue("unit." + u + ".busy_cycles"));
        }
        double bytesPerCycle = s.value("dram.peak_gbps") / r.clockGhz();
        out.put("dram", r.dramBytesRead() / bytesPerCycle);
        return out;
    }

    private static String argmax(Map<String, Double> m) {
        String best = null;
        for (var e : m.entrySet()) {
            if (best == null || e.getValue() > m.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static String label(String unit) {
        return switch (unit) {
            case "qk" -> "the Q×K array";
            case "pv" -> "the Prob×V array";
            case "dram" -> "DRAM bandwidth";
            case "topk.cascade" -> "the token/head top-k engine";
            case "topk.value" -> "the value top-k engine";
            default -> "the " + unit.replace('.', ' ') + " unit";
        };
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
