package org.spattensim.trace.spatten;

import java.util.Objects;

/**
 * Where a SpAtten decision trace came from.
 *
 * @param source     the file or bundled resource it was read from (as given by the user)
 * @param sha256     SHA-256 of the source bytes, lower-case hex; empty when not known
 * @param configName the trailing config-name row of the released CSV (the SpAtten experiment
 *                   configuration, e.g. {@code configs/gpt2/wikitext2/gpt2_pp11+...yml}); empty if the
 *                   file has none
 * @param origin     free text: where the file was published (repository, commit, path, license); empty
 *                   when unknown
 */
public record SpattenProvenance(String source, String sha256, String configName, String origin) {
    public SpattenProvenance {
        Objects.requireNonNull(source, "source");
        sha256 = sha256 == null ? "" : sha256;
        configName = configName == null ? "" : configName;
        origin = origin == null ? "" : origin;
    }

    /** The same provenance with {@code origin} replaced. */
    public SpattenProvenance withOrigin(String newOrigin) {
        return new SpattenProvenance(source, sha256, configName, newOrigin);
    }
}
