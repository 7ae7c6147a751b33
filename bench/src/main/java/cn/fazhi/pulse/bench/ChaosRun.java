package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.InvalidEventException;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.runtime.ClusterSetup;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.testkit.FazhiProcess;
import cn.fazhi.pulse.testkit.LocalKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;

/**
 * The pipeline proven under failure: three broker processes, two streams instances, two sink
 * instances and PostgreSQL, a simulated history (duplicates, corrections, late events) published
 * while, at moments drawn from the seed, the leader of an event partition's broker, a streams
 * instance and a sink instance are killed with SIGKILL and PostgreSQL is stopped for ten seconds;
 * everything is restarted. Then the stored figures must equal those of a quiet single-instance
 * run on the same events, every committed snapshot must be stored once, and every event accepted
 * at the door must be in the topics (and processed), the dead letters as many as the quiet run's.
 */
final class ChaosRun {
    static final String APPLICATION_ID = "fazhi-indicators";
    static final String SINK_GROUP = "fazhi-sink";

    /**
     * @param towns, fromYear, toYear the simulated history
     * @param rate           events/s while publishing
     * @param down           how long a killed process stays dead before its restart
     * @param settleTimeout  how long the pipeline may take to converge after the last failure
     */
    record Options(long seed, int towns, int fromYear, int toYear, int rate, Duration down, Duration databaseDown,
                   Duration settleTimeout, Path work) {}

    /** One failure: what, when (seconds after publishing began), and how long until the part was back. */
    record Failure(String what, double atSeconds, double recoverySeconds) {
        @Override
        public String toString() {
            return String.format("%-46s at %6.1f s, back after %5.1f s", what, atSeconds, recoverySeconds);
        }
    }

    record Outcome(long seed, long accepted, long rejectedAtDoor, long failedSends, long inTopics, long deadLetters,
                   long referenceDeadLetters, int figures, List<String> differences, long historyRows, long committedSnapshots,
                   long doubledRows, long referenceDoubledRows, List<Failure> failures, double convergedSeconds) {

        boolean passed() {
            return failedSends == 0 && accepted == inTopics && deadLetters == referenceDeadLetters && differences.isEmpty()
                    && historyRows == committedSnapshots && doubledRows <= referenceDoubledRows && figures > 0;
        }

        List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format("seed %d: %s", seed, passed() ? "PASSED" : "FAILED"));
            failures.forEach(f -> lines.add("  " + f));
            lines.add(String.format("  input: %,d events accepted (%,d refused at the door, %,d sends failed), %,d in the event topics",
                    accepted, rejectedAtDoor, failedSends, inTopics));
            lines.add(String.format("  dead letters: %,d (quiet run: %,d)", deadLetters, referenceDeadLetters));
            lines.add(String.format("  store: %,d figures, %s the quiet run's; %,d history rows for %,d committed snapshots; "
                    + "%,d doubled (quiet run: %,d)", figures, differences.isEmpty() ? "all equal to" : differences.size() + "+ differ from",
                    historyRows, committedSnapshots, doubledRows, referenceDoubledRows));
            differences.forEach(d -> lines.add("    " + d));
            lines.add(String.format("  converged %.1f s after the last failure", convergedSeconds));
            return lines;
        }
    }

    private ChaosRun() {}

    static Outcome run(Options options, Consumer<String> log) throws Exception {
        Files.createDirectories(options.work());
        List<SpecificRecord> history = ChaosHistory.of(new HistorySimulator.Settings(options.towns(), options.fromYear(),
                options.toYear(), options.seed(), 1.0, 0.02, 0.05));
        log.accept(String.format("history: %,d events (seed %d, duplicates, late reports, corrections, retractions)",
                history.size(), options.seed()));
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(options.work().resolve("postgres"), 0)) {
            Reference reference = quietRun(history, postgres, options.work(), log);
            return chaosRun(history, reference, postgres, options, log);
        }
    }

    /** What the quiet single-instance run stored. */
    private record Reference(Map<String, String> figures, long deadLetters, long doubledRows) {}

    private static Reference quietRun(List<SpecificRecord> history, EmbeddedDatabase postgres, Path work, Consumer<String> log)
            throws Exception {
        long start = System.nanoTime();
        try (BenchPipeline pipeline = BenchPipeline.onOwnBroker(work, postgres, "quiet", 1)) {
            try (EventPublisher publisher = new EventPublisher(pipeline.kafkaConfig())) {
                for (SpecificRecord e : history) {
                    try {
                        publisher.publish(e);
                    } catch (InvalidEventException refused) {
                        // refused at the door in both runs alike
                    }
                }
                publisher.flush();
            }
            pipeline.awaitStored(Duration.ofMinutes(10));
            // And settled: the same figures on three reads 2.5 s apart (awaitStored has been seen to return
            // before the last corrections were emitted).
            Map<String, String> figures = ClusterChecks.figures(pipeline.database());
            for (int same = 0; same < 2; ) {
                Thread.sleep(2500);
                Map<String, String> again = ClusterChecks.figures(pipeline.database());
                same = again.equals(figures) ? same + 1 : 0;
                figures = again;
            }
            Reference reference = new Reference(figures,
                    ClusterChecks.committedRecords(pipeline.kafkaConfig(), List.of(Topics.DEAD_LETTERS.name())),
                    ClusterChecks.doubledHistoryRows(pipeline.database()));
            log.accept(String.format("quiet single-instance run: %,d figures, %,d dead letters (%.1f s)", reference.figures().size(),
                    reference.deadLetters(), (System.nanoTime() - start) / 1e9));
            return reference;
        }
    }

    private static Outcome chaosRun(List<SpecificRecord> history, Reference reference, EmbeddedDatabase postgres, Options options,
                                    Consumer<String> log) throws Exception {
        Path work = options.work().resolve("chaos");
        Database database = new Database(postgres.createDatabase("chaos"), postgres.user(), postgres.password());
        List<FazhiProcess> services = new ArrayList<>();
        log.accept("starting three broker processes …");
        try (LocalKafkaCluster cluster = LocalKafkaCluster.start(work.resolve("cluster"), 3)) {
            Map<String, Object> kafka = cluster.adminClientConfig();
            FazhiConfig config = FazhiConfig.load(Optional.empty(), Map.of(), Map.of(
                    ConfigKey.KAFKA_BOOTSTRAP_SERVERS, cluster.bootstrapServers(), ConfigKey.DB_URL, database.jdbcUrl()));
            try (Admin admin = Admin.create(kafka)) {
                log.accept("setup: " + ClusterSetup.topics(admin, config).replication());
            }
            DatabaseSchema.migrate(database.dataSource());
            Map<String, String> environment = Map.of(
                    "FAZHI_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                    "FAZHI_DB_URL", database.jdbcUrl(), "FAZHI_DB_USER", database.user(), "FAZHI_DB_PASSWORD", database.password(),
                    "FAZHI_STREAMS_THREADS", "1",
                    // A dead member's partitions move after 10 s instead of the default 45 s.
                    "FAZHI_KAFKA_CLIENT_SESSION_TIMEOUT_MS", "10000");
            for (int i = 1; i <= 2; i++) {
                services.add(FazhiProcess.start("streams-" + i, "384m",
                        List.of("streams", "--set", "data.dir=" + work.resolve("streams-" + i)), environment, work.resolve("streams-" + i + ".log")));
            }
            for (int i = 1; i <= 2; i++) {
                services.add(FazhiProcess.start("sink-" + i, "256m", List.of("sink"), environment, work.resolve("sink-" + i + ".log")));
            }
            for (FazhiProcess service : services) {
                service.awaitOutput("running", Duration.ofMinutes(3));
            }
            log.accept("two streams and two sink instances running; publishing at " + options.rate() + " events/s with failures …");

            Random random = new Random(options.seed());
            List<Runnable> schedule = new ArrayList<>();
            List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();
            Chaos chaos = new Chaos(cluster, services, postgres, options, failures, started, log, random);
            schedule.add(chaos::killLeaderBroker);
            schedule.add(chaos::killStreams);
            schedule.add(chaos::killSink);
            schedule.add(chaos::stopDatabase);
            Collections.shuffle(schedule, random);

            AtomicLong accepted = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> publish(history, kafka, options.rate(), accepted, refused, failed, log));
            // Failures one after another, each at a random moment of the publishing window's next stretch.
            long events = history.size();
            double window = Math.max(8, events / (double) options.rate());
            for (Runnable failure : schedule) {
                double delay = random.nextDouble() * window / schedule.size();
                Thread.sleep((long) (delay * 1000));
                failure.run();
            }
            publishing.join();
            long lastFailure = System.nanoTime();
            log.accept(String.format("published %,d events; every failure recovered; waiting for the pipeline to converge …", accepted.get()));

            Map<String, String> figures = Map.of();
            long deadline = System.nanoTime() + options.settleTimeout().toNanos();
            try (Admin admin = Admin.create(kafka)) {
                while (System.nanoTime() < deadline) {
                    for (FazhiProcess service : services) {
                        if (!service.isAlive()) {
                            throw new IllegalStateException(service.name() + " died on its own; see " + service.log());
                        }
                    }
                    if (ClusterChecks.consumedAll(admin, APPLICATION_ID, ClusterChecks.eventTopics())) {
                        figures = ClusterChecks.figures(database);
                        if (figures.equals(reference.figures())) {
                            break;
                        }
                    }
                    Thread.sleep(1000);
                }
                double converged = (System.nanoTime() - lastFailure) / 1e9;
                Thread.sleep(3000); // a last batch in flight would show in the counts below
                figures = ClusterChecks.figures(database);
                long inTopics = ClusterChecks.endOffsetSum(admin, ClusterChecks.eventTopics());
                return new Outcome(options.seed(), accepted.get(), refused.get(), failed.get(), inTopics,
                        ClusterChecks.committedRecords(kafka, List.of(Topics.DEAD_LETTERS.name())), reference.deadLetters(),
                        figures.size(), ClusterChecks.differences(reference.figures(), figures, 10),
                        ClusterChecks.historyRows(database), ClusterChecks.committedRecords(kafka, List.of(Topics.INDICATORS.name())),
                        ClusterChecks.doubledHistoryRows(database), reference.doubledRows(), List.copyOf(failures), converged);
            }
        } finally {
            services.forEach(FazhiProcess::kill);
        }
    }

    private static void publish(List<SpecificRecord> history, Map<String, Object> kafka, int rate, AtomicLong accepted, AtomicLong refused,
                                AtomicLong failed, Consumer<String> log) {
        long start = System.nanoTime();
        long sent = 0;
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            for (SpecificRecord e : history) {
                long due = start + (long) (sent * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    sleep(wait / 1_000_000);
                }
                try {
                    publisher.publish(e, (metadata, failure) -> {
                        if (failure == null) {
                            accepted.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            log.accept("send failed: " + failure.getMessage());
                        }
                    });
                } catch (InvalidEventException refusedAtDoor) {
                    refused.incrementAndGet();
                }
                sent++;
            }
            publisher.flush();
        }
    }

    /** The failures, each logged with its moment and the time until the part was back. */
    private record Chaos(LocalKafkaCluster cluster, List<FazhiProcess> services, EmbeddedDatabase postgres, Options options,
                         List<Failure> failures, long started, Consumer<String> log, Random random) {

        void killLeaderBroker() {
            int leader = cluster.leaderOf(Topics.events(cn.fazhi.pulse.schemas.EventTopic.CASES).name(), 0);
            int node = leader > 0 ? leader : 1;
            long at = System.nanoTime();
            cluster.node(node).kill();
            log.accept(String.format("%6.1f s  kill -9 broker %d (leader of fazhi.events.cases-0)", seconds(at), node));
            sleep(options.down().toMillis());
            cluster.restart(node);
            record("kill -9 broker " + node + " (partition leader)", at);
        }

        void killStreams() {
            killAndRestart(services.get(random.nextInt(2)));
        }

        void killSink() {
            killAndRestart(services.get(2 + random.nextInt(2)));
        }

        private void killAndRestart(FazhiProcess service) {
            long at = System.nanoTime();
            service.kill();
            log.accept(String.format("%6.1f s  kill -9 %s", seconds(at), service.name()));
            sleep(options.down().toMillis());
            service.restart();
            service.awaitOutput("running", Duration.ofMinutes(3));
            record("kill -9 " + service.name(), at);
        }

        void stopDatabase() {
            long at = System.nanoTime();
            postgres.stop();
            log.accept(String.format("%6.1f s  PostgreSQL stopped for %d s", seconds(at), options.databaseDown().toSeconds()));
            sleep(options.databaseDown().toMillis());
            postgres.restart();
            record("PostgreSQL stopped " + options.databaseDown().toSeconds() + " s", at);
        }

        private void record(String what, long at) {
            Failure failure = new Failure(what, seconds(at), (System.nanoTime() - at) / 1e9);
            failures.add(failure);
            log.accept(String.format("%6.1f s  back: %s", seconds(System.nanoTime()), failure));
        }

        private double seconds(long at) {
            return (at - started) / 1e9;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
