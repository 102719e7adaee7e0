package org.spattensim.dse.search;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spattensim.dse.exec.EvaluationService;
import org.spattensim.dse.space.DesignPoint;
import org.spattensim.dse.space.DesignSpace;
import org.spattensim.dse.space.Parameter;

/**
 * Full-factorial sweep in lexicographic order (last parameter fastest). Continuous reals take
 * {@code gridLevels} evenly spaced values. When the grid has more points than the budget, it visits
 * {@code budget} points evenly strided over the lexicographic order.
 */
public final class GridSearch implements Search {
    static final int BATCH = 4096;

    @Override
    public void run(EvaluationService service, SearchSettings settings) {
        DesignSpace space = service.space();
        List<List<Object>> axes = new ArrayList<>();
        BigInteger total = BigInteger.ONE;
        for (Parameter p : space.parameters()) {
            List<Object> v = p.gridValues(settings.gridLevels());
            axes.add(v);
            total = total.multiply(BigInteger.valueOf(v.size()));
        }
        BigInteger budget = BigInteger.valueOf(service.remaining());
        long n = total.min(budget).longValueExact();
        List<DesignPoint> batch = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            BigInteger index = total.compareTo(budget) <= 0 ? BigInteger.valueOf(i)
                    : BigInteger.valueOf(i).multiply(total).divide(budget);
            batch.add(point(space, axes, index));
            if (batch.size() == BATCH) {
                service.evaluate(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            service.evaluate(batch);
        }
    }

    private static DesignPoint point(DesignSpace space, List<List<Object>> axes, BigInteger index) {
        Object[] values = new Object[axes.size()];
        for (int d = axes.size() - 1; d >= 0; d--) {
            BigInteger[] qr = index.divideAndRemainder(BigInteger.valueOf(axes.get(d).size()));
            values[d] = axes.get(d).get(qr[1].intValue());
            index = qr[0];
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int d = 0; d < values.length; d++) {
            m.put(space.parameters().get(d).name(), values[d]);
        }
        return new DesignPoint(m);
    }
}
