package org.spattensim.stats;

/**
 * One line of a statistics dump: {@code name,value,unit,description}. {@code value} is a
 * {@link Long} for counts and a {@link Double} otherwise.
 */
public record StatRow(String name, Number value, String unit, String description) {
}
