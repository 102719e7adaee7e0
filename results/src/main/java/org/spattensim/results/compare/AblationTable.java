package org.spattensim.results.compare;

import java.util.List;
import org.spattensim.accel.spatten.pipeline.Ablation;
import org.spattensim.results.report.DataTable;

/** The ablation as the report's table: cycles, DRAM bytes and speedups of each step. */
public final class AblationTable {
    private AblationTable() {}

    public static DataTable of(String workload, List<Ablation.Step> steps) {
        DataTable t = new DataTable("workload", "step", "cycles", "dram_bytes", "speedup_vs_previous", "speedup_vs_dense",
                "dram_reduction_vs_dense");
        long dense = steps.get(0).run().totalCycles();
        long denseBytes = steps.get(0).run().dramBytesRead();
        long previous = dense;
        for (Ablation.Step s : steps) {
            long c = s.run().totalCycles();
            t.add(workload, s.label(), c, s.run().dramBytesRead(), (double) previous / c, (double) dense / c,
                    (double) denseBytes / s.run().dramBytesRead());
            previous = c;
        }
        return t;
    }
}
