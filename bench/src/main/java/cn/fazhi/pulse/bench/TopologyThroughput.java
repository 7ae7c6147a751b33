package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.embedded.EmbeddedKafka;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.runtime.Drain;
import cn.fazhi.pulse.streams.IndicatorStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * Events per second through the indicator topology, exactly-once, on the embedded broker: a
 * simulated history is published with the Java client (its rate is the client's figure), then the
 * topology starts and is timed until every event is read, committed and its changes published.
 */
public final class TopologyThroughput {
    /** Events a simulated town writes in a year, roughly (HistorySimulator at volume 1). */
    static final int EVENTS_PER_TOWN_YEAR = 2_700;

    private TopologyThroughput() {}

    public static List<BenchResult> run(long events, int streamThreads, Path work, Consumer<String> log) throws Exception {
        int years = 5;
        int towns = (int) Math.max(1, events / (EVENTS_PER_TOWN_YEAR * years));
        HistorySimulator simulator = new HistorySimulator(HistorySimulator.Settings.of(towns, 2020, 2020 + years - 1, 1));
        List<BenchResult> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createDirectories(work.resolve("kafka")), 0, 0);
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            TopicSetup.ensure(admin, (short) 1);

            log.accept(String.format("publishing a simulated history of %d towns × %d years …", towns, years));
            long published = 0;
            long start = System.nanoTime();
            double cpu = CpuClock.processSeconds();
            try (EventPublisher publisher = new EventPublisher(client)) {
                for (SimulatedEvent e : simulator) {
                    publisher.publish(e.event());
                    published++;
                }
                publisher.flush();
            }
            results.add(new BenchResult("Java client publish (idempotent, acks=all)", published, seconds(start), "events",
                    CpuClock.processSeconds() - cpu));
            log.accept(String.format("published %,d events", published));

            // Twice, each from an empty state: the first run also pays for compiling the JVM's hot
            // code (C2 takes a third of the CPU in a one-minute run on two cores); the second is
            // the steady state of a pipeline that has been up for a while.
            for (String run : List.of("first run, JIT compiling", "second run, warm JVM")) {
                log.accept(String.format("topology, %s (exactly_once_v2, %d thread(s)) …", run, streamThreads));
                results.addAll(timeTopology(run, client, admin, Files.createDirectories(work.resolve("streams-" + results.size())),
                        streamThreads, published, log));
            }
        }
        return results;
    }

    private static List<BenchResult> timeTopology(String run, Map<String, Object> client, Admin admin, Path stateDir, int streamThreads,
            long published, Consumer<String> log) throws Exception {
        var settings = new IndicatorStreams.Settings("bench-" + System.nanoTime(), client, stateDir,
                streamThreads, (short) 1, IndicatorStreams.Settings.DEFAULT_COMMIT_INTERVAL,
                IndicatorStreams.Settings.DEFAULT_EMIT_INTERVAL);
        try (IndicatorStreams streams = new IndicatorStreams(settings)) {
            long start = System.nanoTime();
            double cpu = CpuClock.processSeconds();
            double streamThreadCpu = CpuClock.threadSeconds("StreamThread");
            Map<String, Double> internals = CpuClock.jvmInternals();
            long snapshotsBefore = endOffsets(admin, Topics.INDICATORS.name());
            streams.start();
            Drain drain = new Drain(admin);
            // Three checks a commit interval apart, so that the last publication's transaction has committed.
            long idle = Drain.await(() -> drain.processedAll(streams) ? null : "the streams to process the history",
                    Duration.ofMinutes(30), settings.commitInterval(), 3);
            double elapsed = (idle - start) / 1e9;
            List<BenchResult> results = List.of(
                    new BenchResult("Topology (exactly-once, until all published), " + run, published, elapsed, "events",
                            CpuClock.processSeconds() - cpu),
                    new BenchResult("  of which the stream threads", published, elapsed, "events",
                            CpuClock.threadSeconds("StreamThread") - streamThreadCpu));
            long snapshots = endOffsets(admin, Topics.INDICATORS.name()) - snapshotsBefore;
            log.accept(String.format("  %,d snapshots published, %.2f an event (offsets of %s, commit markers included)",
                    snapshots, (double) snapshots / published, Topics.INDICATORS.name()));
            // At least: the JVM ends idle compiler threads, and their time goes with them.
            log.accept("  CPU seconds during the run, at least, of JVM threads the bean cannot see:");
            CpuClock.jvmInternals().forEach((group, seconds) ->
                    log.accept(String.format("  %8.1f  %s", Math.max(0, seconds - internals.getOrDefault(group, 0.0)), group)));
            logStreamThreadTime(streams, elapsed, log);
            log.accept("  CPU seconds by thread since the JVM started:");
            CpuClock.byThreadGroup().entrySet().stream().limit(8)
                    .forEach(e -> log.accept(String.format("  %8.1f  %s", e.getValue(), e.getKey())));
            return results;
        }
    }

    /**
     * Where the stream threads' wall time went besides their CPU: blocked on Kafka (the
     * exactly-once commit's flush and transaction calls, and polls that waited for data).
     */
    private static void logStreamThreadTime(IndicatorStreams streams, double elapsed, Consumer<String> log) {
        Map<String, Double> totals = new TreeMap<>();
        for (var metric : streams.metrics().entrySet()) {
            String name = metric.getKey().name();
            boolean wanted = name.equals("blocked-time-ns-total") || name.equals("commit-total")
                    || (metric.getKey().group().equals("producer-metrics") && name.endsWith("-time-ns-total"));
            if (wanted && metric.getValue().metricValue() instanceof Double value && !value.isNaN()) {
                totals.merge(name, value, Double::sum);
            }
        }
        log.accept(String.format("  stream threads' wall time %.1f s each; %.0f commits; seconds blocked on Kafka in all:", elapsed,
                totals.getOrDefault("commit-total", 0.0)));
        totals.forEach((name, value) -> {
            if (name.endsWith("-ns-total") && value > 5e7) {
                log.accept(String.format("  %8.1f  %s", value / 1e9, name));
            }
        });
    }

    /** The sum of a topic's end offsets: records written to it so far. */
    static long endOffsets(Admin admin, String topic) throws Exception {
        return TopicSetup.endOffsets(admin, List.of(topic)).values().stream().mapToLong(Long::longValue).sum();
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
