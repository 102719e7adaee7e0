package org.spattensim.accel.spatten.prune;

import org.spattensim.accel.spatten.SpattenConfig;
import org.spattensim.common.InvalidInputException;

/**
 * A pruning schedule resolved for a model with a given number of layers. Layer l removes the fraction
 * {@code ratio(l)} of the tokens (or heads) that reach it, so the fraction of the original ones still
 * alive after layer l is the cascade product {@code keep(l) = Π_{j ≤ l} (1 − ratio(j))} [KR] (cascade:
 * once pruned, gone for all following layers). The first {@code ceil(skipFraction × layers)} layers
 * are not pruned [KR]; the rest follow the linear ramp start → end = 2·average − start, or the explicit
 * per-layer list.
 */
public final class LayerSchedule {
    private final double[] ratio;
    private final double[] keep;
    private final int firstPruned;

    private LayerSchedule(double[] ratio, int firstPruned) {
        this.ratio = ratio;
        this.firstPruned = firstPruned;
        this.keep = new double[ratio.length];
        double c = 1;
        for (int l = 0; l < ratio.length; l++) {
            c *= 1 - ratio[l];
            keep[l] = c;
        }
    }

    /** No pruning in any layer. */
    public static LayerSchedule none(int layers) {
        return new LayerSchedule(new double[layers], layers);
    }

    /**
     * Resolves {@code s} for {@code layers} layers; {@code enabled = false} gives {@link #none}.
     *
     * @param field config key of the schedule, for messages ("pruning.token")
     */
    public static LayerSchedule of(SpattenConfig.Schedule s, int layers, boolean enabled, String field) {
        if (layers <= 0) {
            throw new InvalidInputException(field + ": model has " + layers + " layers; expected at least 1");
        }
        if (!enabled) {
            return none(layers);
        }
        double[] r = new double[layers];
        if (!s.perLayer().isEmpty()) {
            if (s.perLayer().size() != layers) {
                throw InvalidInputException.of("SpAtten config", field + ".perLayer",
                        "has " + s.perLayer().size() + " ratios for a model with " + layers + " layers",
                        "one ratio per layer, or [] for the ramp");
            }
            int first = layers;
            for (int l = 0; l < layers; l++) {
                r[l] = s.perLayer().get(l);
                if (r[l] > 0 && first == layers) {
                    first = l;
                }
            }
            return new LayerSchedule(r, first);
        }
        int first = (int) Math.ceil(s.skipFraction() * layers - 1e-9);
        int pruned = layers - first;
        for (int i = 0; i < pruned; i++) {
            r[first + i] = pruned == 1 ? s.average()
                    : s.start() + (s.end() - s.start()) * i / (pruned - 1);
            r[first + i] = Math.max(0, r[first + i]);
        }
        return new LayerSchedule(r, first);
    }

    public int layers() {
        return ratio.length;
    }

    /** First layer with a non-zero ratio ({@code layers()} when none). */
    public int firstPrunedLayer() {
        return firstPruned;
    }

    /** Fraction of the incoming tokens/heads that layer l removes. */
    public double ratio(int layer) {
        return ratio[layer];
    }

    /** Fraction of the original tokens/heads alive in layer l (after its own pruning). */
    public double keep(int layer) {
        return keep[layer];
    }

    /** Kept count in layer l out of {@code total} originals: {@code max(1, floor(total × keep(l)))}. */
    public int kept(int total, int layer) {
        if (total <= 0) {
            return 0;
        }
        int k = (int) Math.floor(total * keep[layer] + 1e-9);
        return Math.max(1, Math.min(total, k));
    }

    /** Kept count rounding up: {@code ceil(total × keep(l))} (heads: never round a head away early). */
    public int keptCeil(int total, int layer) {
        if (total <= 0) {
            return 0;
        }
        int k = (int) Math.ceil(total * keep[layer] - 1e-9);
        return Math.max(1, Math.min(total, k));
    }
}
