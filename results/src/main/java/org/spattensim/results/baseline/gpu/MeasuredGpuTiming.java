package org.spattensim.results.baseline.gpu;

import java.time.LocalDate;
import org.spattensim.results.baseline.AttentionShape;

/**
 * One measured row of a GPU timing CSV (written by {@code tools/gpu_baseline.py}).
 *
 * @param gpu           registry id, e.g. {@code h100}
 * @param deviceName    what the driver called the device, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param kernel        {@code eager} or {@code sdpa} ({@code torch.nn.functional.scaled_dot_product_attention})
 * @param medianSeconds median over the timed repeats of the whole shape (all layers and decode steps)
 * @param line          line of the CSV file the row came from
 */
public record MeasuredGpuTiming(String gpu, String deviceName, AttentionShape shape, String kernel, Precision precision,
                                double medianSeconds, int repeats, LocalDate date, String driver, String torchVersion,
                                String file, int line) {
}
