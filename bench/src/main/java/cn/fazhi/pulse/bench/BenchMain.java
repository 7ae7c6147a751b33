package cn.fazhi.pulse.bench;

import java.util.List;
import picocli.CommandLine;

/** {@code ./fazhi bench …} (or {@code java -jar bench/target/fazhi-bench.jar …}): the benchmarks' own entry point. */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) {
        // --configurations single,sasl as the help prints them, not only as the enum spells them
        System.exit(new CommandLine(new BenchCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    public static void print(List<BenchResult> results) {
        System.out.printf("%n%-60s %12s %10s %14s %12s%n", "benchmark", "count", "seconds", "per second", "CPU µs each");
        for (BenchResult r : results) {
            System.out.printf("%-60s %,12d %10.1f %,14.0f %12s%n", r.name(), r.count(), r.seconds(), r.perSecond(),
                    Double.isNaN(r.cpuSeconds()) ? "" : String.format("%.1f", r.cpuMicrosEach()));
        }
        System.out.printf("%nmachine: %d cores, %,d MiB max heap, Java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
    }
}
