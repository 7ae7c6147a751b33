package cn.fazhi.pulse.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fazhi bench}: the benchmarks of docs/benchmarks.md, on an embedded broker and database in
 * a temporary folder. A jar of its own ({@link BenchMain}), not part of the application.
 */
@Command(name = "fazhi bench", mixinStandardHelpOptions = true,
        description = "Measure the whole pipeline on this machine against the transport's limit and a SQL batch peer (see docs/benchmarks.md).")
final class BenchCommand implements Callable<Integer> {
    private static final long QUICK_EVENTS = 100_000;
    private static final long FULL_EVENTS = 1_000_000;
    private static final long SKIPPED_WHEN_QUICK = 10_000_000;
    /** A few minutes for the three configurations on two cores. */
    private static final long CLUSTER_EVENTS = 200_000;
    /** Kafka's own default ({@code kafka-server-start.sh}), as a site would start a broker. */
    private static final String CLUSTER_BROKER_HEAP = "1g";
    /** Kafka's default {@code broker.session.timeout.ms}: the longer runs see brokers fenced as a site would. */
    private static final java.time.Duration KAFKA_BROKER_SESSION_TIMEOUT = java.time.Duration.ofSeconds(9);

    @Option(names = "--events", description = "events in the simulated history (default 1,000,000; 100,000 with --quick; 200,000 with --cluster)")
    Long events;

    @Option(names = "--towns", defaultValue = "0", description = "towns of the simulated history (default: events / 13,500); for --web, towns of snapshots (default 1,000)")
    int towns;

    @Option(names = "--quick", description = "a run of a few minutes: 100,000 events by default, 15 s of latency, no 10M scale point")
    boolean quick;

    @Option(names = "--scale", split = ",", defaultValue = "100000,1000000,10000000",
            description = "history sizes for the scale table, each on a fresh broker and database (default ${DEFAULT-VALUE})")
    long[] scale;

    @Option(names = "--rate", defaultValue = "2000", description = "events/s of steady load while measuring latency (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--json", description = "also write every figure, with the machine's cores, memory and Java version, to this file")
    Path json;

    @Option(names = "--threads", defaultValue = "2", description = "stream threads, or with --reports the threads writing reports (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--web", description = "instead, the web side: query latency over --towns × 5 years of snapshots, and SSE clients at 1,000 snapshots/s")
    boolean web;

    @Option(names = "--clients", defaultValue = "100,500,1000", split = ",", description = "SSE clients for --web, round by round (default ${DEFAULT-VALUE})")
    int[] clients;

    @Option(names = "--topology", description = "instead, the indicator topology alone: a history published first, then timed through exactly-once streams")
    boolean topology;

    @Option(names = "--producers", description = "instead, the Java client and `fazhi import` (JSON Lines, CSV)")
    boolean producers;

    @Option(names = "--reports", paramLabel = "TOWNS",
            description = "instead, the annual reports (.docx + .md) of that many generated towns, from an embedded PostgreSQL")
    Integer reports;

    @Option(names = "--chaos", description = "instead, the failure run (docs/reliability.md): three broker processes, two streams and two sink"
            + " instances, PostgreSQL; brokers, services and the database fail under load; the figures must equal a quiet run's")
    boolean chaos;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "seeds of --chaos, one run each (default ${DEFAULT-VALUE})")
    long[] seeds;

    @Option(names = "--years", defaultValue = "2022-2024", description = "years of the --chaos history (default ${DEFAULT-VALUE}; with --towns, default 5)")
    String years;

    @Option(names = "--failover", description = "instead, failover times (docs/reliability.md): a streams instance killed with and without"
            + " standby, the leader broker killed, under --rate events/s (500 if not given)")
    boolean failover;

    @Option(names = "--cluster", description = "instead, the pipeline end to end on broker processes: one broker, three with replication 3,"
            + " three with SASL/SCRAM and ACLs, on the same history (docs/benchmarks.md)")
    boolean cluster;

    @Option(names = "--configurations", split = ",", defaultValue = "single,replicated,sasl",
            description = "which --cluster configurations, in this order (default ${DEFAULT-VALUE})")
    List<ClusterThroughput.Configuration> configurations;

    @Option(names = "--warm-up", description = "events run through an embedded broker before --cluster measures, not measured (default a quarter of --events; 0: none)")
    Long warmUp;

    @Override
    public Integer call() throws Exception {
        if (chaos) {
            return chaos();
        }
        if (cluster) {
            return cluster();
        }
        if (failover) {
            Path work = Files.createTempDirectory("fazhi-failover");
            int steady = rate == 2000 ? 500 : rate;
            List<FailoverRun.Result> results = FailoverRun.run(new FailoverRun.Options(steady, java.time.Duration.ofSeconds(30),
                    java.time.Duration.ofSeconds(120), java.time.Duration.ofSeconds(10), work), System.out::println);
            System.out.println("Failover under " + steady + " events/s (session.timeout.ms 10000):");
            results.forEach(r -> System.out.println("  " + r));
            return 0;
        }
        if (web) {
            WebBenchmark.run(towns > 0 ? towns : 1000, 5, clients);
            return 0;
        }
        long history = events != null ? events : quick ? QUICK_EVENTS : FULL_EVENTS;
        if (reports != null || producers || topology) {
            Path work = Files.createTempDirectory("fazhi-bench");
            BenchMain.print(reports != null ? ReportBenchmark.run(reports, threads, work, System.out::println)
                    : producers ? ImportThroughput.run(history, work, System.out::println)
                    : TopologyThroughput.run(history, threads, work, System.out::println));
            return 0;
        }
        List<Long> sizes = Arrays.stream(scale).filter(n -> !quick || n < SKIPPED_WHEN_QUICK).boxed().toList();
        PipelineReport report = PipelineBenchmark.run(new PipelineBenchmark.Options(history, towns, threads, rate, quick ? 15 : 30, sizes),
                System.out::println);
        report.print(System.out);
        if (json != null) {
            report.writeJson(json);
            System.out.println("figures written to " + json);
        }
        return 0;
    }

    /** The cluster configurations one after another; exit status 1 if they stored different figures. */
    private int cluster() throws Exception {
        long history = events != null ? events : CLUSTER_EVENTS;
        Path work = Files.createTempDirectory("fazhi-cluster");
        System.out.println("cluster benchmark in " + work);
        ClusterThroughput.Report report = ClusterThroughput.run(new ClusterThroughput.Options(history, threads, configurations,
                warmUp != null ? warmUp : history / 4, CLUSTER_BROKER_HEAP), work, System.out::println);
        report.print(System.out);
        if (json != null) {
            report.writeJson(json);
            System.out.println("figures written to " + json);
        }
        PipelineBenchmark.deleteRecursively(work);
        return report.consistent() ? 0 : 1;
    }

    /** One failure run per seed; exit status 1 if any run's figures, counts or history differ. */
    private int chaos() throws Exception {
        String[] span = years.split("-");
        int chaosTowns = towns > 0 ? towns : 5;
        int chaosRate = rate == 2000 ? 300 : rate;
        boolean allPassed = true;
        List<String> summary = new java.util.ArrayList<>();
        for (long seed : seeds) {
            Path work = Files.createTempDirectory("fazhi-chaos-" + seed);
            System.out.printf("== chaos run, seed %d: %d towns, %s, %d events/s (work %s)%n", seed, chaosTowns, years, chaosRate, work);
            ChaosRun.Outcome outcome = ChaosRun.run(new ChaosRun.Options(seed, chaosTowns, Integer.parseInt(span[0]),
                    Integer.parseInt(span[span.length - 1]), chaosRate, java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10),
                    java.time.Duration.ofMinutes(10), java.time.Duration.ofSeconds(10), KAFKA_BROKER_SESSION_TIMEOUT, "", work),
                    line -> System.out.println("  " + line));
            outcome.lines().forEach(System.out::println);
            summary.addAll(outcome.lines());
            allPassed &= outcome.passed();
        }
        System.out.println();
        System.out.println("Chaos runs: " + (allPassed ? "every seed PASSED" : "some seed FAILED"));
        summary.forEach(System.out::println);
        return allPassed ? 0 : 1;
    }
}
