package org.spattensim.accel.spatten.validation;

import java.util.List;

/** Every compared figure of a validation run, and the per-step curve of the pruned GPT-2-small run. */
public record ValidationReport(String configuration, List<ValidationRow> rows, List<StepPoint> steps) {
    public ValidationReport {
        rows = List.copyOf(rows);
        steps = List.copyOf(steps);
    }

    public boolean allPass() {
        return rows.stream().allMatch(ValidationRow::pass);
    }

    public List<ValidationRow> failures() {
        return rows.stream().filter(r -> !r.pass()).toList();
    }
}
