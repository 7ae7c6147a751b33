package cn.fazhi.pulse.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -cp … cn.fazhi.pulse.bench.BenchMain [events] [threads]}: the topology throughput
 * benchmark, printing a table. {@code ./fazhi bench} runs the same.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path work = Files.createTempDirectory("fazhi-bench");
        List<BenchResult> results = TopologyThroughput.run(events, threads, work, System.out::println);
        print(results);
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
