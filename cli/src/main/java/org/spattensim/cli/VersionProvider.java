package org.spattensim.cli;

import picocli.CommandLine;

/** Version from the jar manifest (set by Maven), or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = SpattenCli.class.getPackage().getImplementationVersion();
        return new String[] {"spatten-sim " + (v == null ? "dev" : v)};
    }
}
