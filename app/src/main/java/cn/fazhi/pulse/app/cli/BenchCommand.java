package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.bench.BenchMain;
import cn.fazhi.pulse.bench.ImportThroughput;
import cn.fazhi.pulse.bench.ReportBenchmark;
import cn.fazhi.pulse.bench.TopologyThroughput;
import cn.fazhi.pulse.bench.WebBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fazhi bench}: the benchmarks of docs/benchmarks.md, on an embedded broker in a temporary folder. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the pipeline on this machine (see docs/benchmarks.md).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "1000000", description = "events in the simulated history (default ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--threads", defaultValue = "1", description = "stream threads, or with --reports the threads writing reports (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--web", description = "instead, the web side: query latency over --towns × 5 years of snapshots, and SSE clients at 1,000 snapshots/s")
    boolean web;

    @Option(names = "--towns", defaultValue = "1000", description = "towns for --web (default ${DEFAULT-VALUE})")
    int towns;

    @Option(names = "--clients", defaultValue = "100,500,1000", split = ",", description = "SSE clients for --web, round by round (default ${DEFAULT-VALUE})")
    int[] clients;

    @Option(names = "--producers", description = "measure the Java client and `fazhi import` (JSON Lines, CSV) instead of the topology")
    boolean producers;
    @Option(names = "--reports", paramLabel = "TOWNS",
            description = "instead: the annual reports (.docx + .md) of that many generated towns, from an embedded PostgreSQL")
    Integer reports;

    @Override
    public Integer call() throws Exception {
        if (web) {
            WebBenchmark.run(towns, 5, clients);
            return 0;
        }
        Path work = Files.createTempDirectory("fazhi-bench");
        if (reports != null) {
            BenchMain.print(ReportBenchmark.run(reports, threads, work, System.out::println));
            return 0;
        }
        BenchMain.print(producers ? ImportThroughput.run(events, work, System.out::println)
                : TopologyThroughput.run(events, threads, work, System.out::println));
        return 0;
    }
}
