package org.spattensim.dse.store;

/**
 * What a stored run explored, enough to resume it: the space's YAML, the search settings (YAML), the
 * workload and its content hash.
 *
 * @param spaceYaml    the design space as YAML text
 * @param searchYaml   the search settings as YAML text
 * @param workload     trace file or bundled workload name
 * @param workloadHash SHA-256 identity of the workload
 */
public record RunInfo(String spaceYaml, String searchYaml, String workload, String workloadHash) {
    public RunInfo {
        workload = workload == null ? "" : workload;
        workloadHash = workloadHash == null ? "" : workloadHash;
    }
}
