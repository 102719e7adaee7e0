package org.spattensim.cli;

import java.util.concurrent.Callable;
import org.spattensim.accel.AcceleratorModel;
import org.spattensim.accel.Accelerators;
import picocli.CommandLine.Command;

/** Lists the registered accelerator models. */
@Command(name = "accelerators", mixinStandardHelpOptions = true,
        description = "List the registered accelerator models (names for simulate --model and compare --models).")
final class AcceleratorsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (AcceleratorModel m : Accelerators.all()) {
            System.out.printf("%-16s %-9s %s%n", m.name(), m.baseline() ? "baseline" : "design", m.description());
        }
        return SpattenCli.EXIT_OK;
    }
}
