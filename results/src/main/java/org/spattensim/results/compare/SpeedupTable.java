package org.spattensim.results.compare;

import java.util.List;
import org.spattensim.results.report.DataTable;

/**
 * Derives speedup and energy saving of every design over every baseline from a comparison table
 * (columns of {@code comparison.csv}: workload, model, kind, method, latency_s, energy_j, dram_bytes, source).
 */
public final class SpeedupTable {
    private SpeedupTable() {}

    /**
     * @param designs models to compare (rows), e.g. spatten, spatten-1/8
     * @param baselines models to compare against (columns), e.g. dense, a3, cpu, gpu:titan-xp
     */
    public static DataTable derive(DataTable comparison, List<String> designs, List<String> baselines) {
        DataTable out = new DataTable("workload", "model", "baseline", "speedup", "energy_saving");
        for (String workload : comparison.distinct("workload")) {
            DataTable w = comparison.where("workload", workload::equals);
            for (String d : designs) {
                int di = row(w, d);
                if (di < 0) {
                    continue;
                }
                for (String b : baselines) {
                    int bi = row(w, b);
                    if (bi < 0 || b.equals(d)) {
                        continue;
                    }
                    out.add(workload, d, b,
                            w.number(bi, "latency_s") / w.number(di, "latency_s"),
                            w.number(bi, "energy_j") / w.number(di, "energy_j"));
                }
            }
        }
        return out;
    }

    private static int row(DataTable t, String model) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i, "model").equals(model)) {
                return i;
            }
        }
        return -1;
    }
}
