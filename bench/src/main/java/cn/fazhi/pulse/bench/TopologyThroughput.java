package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.embedded.EmbeddedKafka;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.streams.IndicatorStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
            log.accept(String.format("published %,d events; starting the topology (exactly_once_v2, %d thread(s)) …", published, streamThreads));

            var settings = new IndicatorStreams.Settings("bench-" + System.nanoTime(), client, Files.createDirectories(work.resolve("streams")),
                    streamThreads, (short) 1, Duration.ofMillis(100), Duration.ofMillis(200));
            try (IndicatorStreams streams = new IndicatorStreams(settings)) {
                start = System.nanoTime();
                Instant startedAt = Instant.now();
                cpu = CpuClock.processSeconds();
                streams.start();
                long lastReport = System.nanoTime();
                while (!streams.hasProcessedAll(admin)) {
                    Thread.sleep(200);
                    if (System.nanoTime() - lastReport > Duration.ofSeconds(10).toNanos()) {
                        log.accept(String.format("  … %.0f s", seconds(start)));
                        lastReport = System.nanoTime();
                    }
                }
                Instant idle = streams.awaitProcessedAll(admin, Duration.ofMinutes(5));
                double elapsed = (idle.toEpochMilli() - startedAt.toEpochMilli()) / 1e3;
                double streamThreadCpu = CpuClock.threadSeconds("StreamThread");
                results.add(new BenchResult("Topology end to end (exactly-once, until all published)", published, elapsed, "events",
                        CpuClock.processSeconds() - cpu));
                log.accept(String.format("CPU seconds by thread (process total %.1f since start):", CpuClock.processSeconds()));
                CpuClock.byThreadGroup().entrySet().stream().limit(10)
                        .forEach(e -> log.accept(String.format("  %8.1f  %s", e.getValue(), e.getKey())));
                results.add(new BenchResult("  of which the stream threads", published, elapsed, "events", streamThreadCpu));
            }
        }
        return results;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
