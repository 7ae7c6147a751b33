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
import cn.fazhi.pulse.testkit.BrokerSecurity;
import cn.fazhi.pulse.testkit.FazhiProcess;
import cn.fazhi.pulse.testkit.LocalKafkaCluster;
import cn.fazhi.pulse.testkit.TestkitException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
    /** How often the convergence is checked. */
    private static final Duration POLL = Duration.ofMillis(250);

    /**
     * @param towns, fromYear, toYear the simulated history
     * @param rate           events/s while publishing
     * @param down           how long a killed process stays dead before its restart
     * @param settleTimeout  how long the pipeline may take to converge after the last failure
     * @param sessionTimeout how long a group member (streams, sink) may be silent before its partitions
     *                       move ({@code session.timeout.ms})
     * @param brokerSessionTimeout how long a broker may be silent before the controllers fence it and
     *                       elect new leaders for its partitions ({@code broker.session.timeout.ms});
     *                       a broker restarted on its id can register only once its old session is over
     * @param jvmOptions     given to every broker and service process ({@code JAVA_TOOL_OPTIONS}); empty for none
     */
    record Options(long seed, int towns, int fromYear, int toYear, int rate, Duration down, Duration databaseDown,
                   Duration settleTimeout, Duration sessionTimeout, Duration brokerSessionTimeout, String jvmOptions, Path work) {

        Map<String, String> processEnvironment() {
            return jvmOptions.isBlank() ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", jvmOptions);
        }
    }

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
        // The quiet run needs nothing of the chaos run until the figures are compared, so it runs
        // beside it, on a PostgreSQL server of its own: the chaos run stops its server, and the
        // reference must come from a run where nothing failed.
        CompletableFuture<Reference> reference = CompletableFuture.supplyAsync(() -> {
            try (EmbeddedDatabase quiet = EmbeddedDatabase.start(options.work().resolve("quiet-postgres"), 0)) {
                return quietRun(history, quiet, options.work(), log);
            } catch (Exception e) {
                throw new IllegalStateException("the quiet run failed: " + e.getMessage(), e);
            }
        }, inThread("chaos-quiet-run"));
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(options.work().resolve("postgres"), 0)) {
            return chaosRun(history, reference, postgres, options, log);
        } finally {
            // Never leave the quiet run's broker and database behind a failed chaos run.
            try {
                reference.join();
            } catch (RuntimeException ignored) {
                // its own failure is reported where the reference is used
            }
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

    private static Outcome chaosRun(List<SpecificRecord> history, CompletableFuture<Reference> quiet, EmbeddedDatabase postgres,
                                    Options options, Consumer<String> log) throws Exception {
        Path work = options.work().resolve("chaos");
        Database database = new Database(postgres.createDatabase("chaos"), postgres.user(), postgres.password());
        List<FazhiProcess> services = new ArrayList<>();
        log.accept("starting three broker processes …");
        try (LocalKafkaCluster cluster = LocalKafkaCluster.start(work.resolve("cluster"), 3, BrokerSecurity.NONE, "256m",
                brokerTimeouts(options), options.processEnvironment())) {
            Map<String, Object> kafka = cluster.adminClientConfig();
            FazhiConfig config = FazhiConfig.load(Optional.empty(), Map.of(), Map.of(
                    ConfigKey.KAFKA_BOOTSTRAP_SERVERS, cluster.bootstrapServers(), ConfigKey.DB_URL, database.jdbcUrl()));
            try (Admin admin = Admin.create(kafka)) {
                log.accept("setup: " + ClusterSetup.topics(admin, config).replication());
            }
            DatabaseSchema.migrate(database.dataSource());
            Map<String, String> environment = new HashMap<>(options.processEnvironment());
            environment.putAll(Map.of(
                    "FAZHI_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                    "FAZHI_DB_URL", database.jdbcUrl(), "FAZHI_DB_USER", database.user(), "FAZHI_DB_PASSWORD", database.password(),
                    "FAZHI_STREAMS_THREADS", "1",
                    // A dead member's partitions move after the session timeout instead of the default 45 s.
                    "FAZHI_KAFKA_CLIENT_SESSION_TIMEOUT_MS", String.valueOf(options.sessionTimeout().toMillis()),
                    "FAZHI_KAFKA_CLIENT_HEARTBEAT_INTERVAL_MS", String.valueOf(heartbeat(options.sessionTimeout()).toMillis())));
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
            List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();
            Chaos chaos = new Chaos(cluster, services, postgres, options, failures, started, log, new ReentrantReadWriteLock());
            FazhiProcess streams = services.get(random.nextInt(2));
            FazhiProcess sink = services.get(2 + random.nextInt(2));
            List<Runnable> schedule = new ArrayList<>(List.of(chaos::killLeaderBroker, () -> chaos.killAndRestart(streams),
                    () -> chaos.killAndRestart(sink), chaos::stopDatabase));

            AtomicLong accepted = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(
                    () -> publish(history, kafka, options.rate(), accepted, refused, failed, log), inThread("chaos-publisher"));
            // Each failure at a moment drawn from the seed within the publishing window, each in a thread of
            // its own: they overlap (a broker down while a streams instance restarts is a case of its own),
            // except where Chaos says they cannot.
            long events = history.size();
            double window = Math.max(8, events / (double) options.rate());
            List<CompletableFuture<Void>> striking = new ArrayList<>();
            for (Runnable failure : schedule) {
                long at = started + (long) (random.nextDouble() * window * 1e9);
                striking.add(CompletableFuture.runAsync(() -> {
                    sleep((at - System.nanoTime()) / 1_000_000);
                    failure.run();
                }, inThread("chaos-failure")));
            }
            CompletableFuture.allOf(striking.toArray(CompletableFuture[]::new)).join();
            publishing.join();
            long lastFailure = System.nanoTime();
            log.accept(String.format("published %,d events; every failure recovered; waiting for the pipeline to converge …", accepted.get()));

            Reference reference = quiet.join();
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
                    Thread.sleep(POLL.toMillis());
                }
                double converged = (System.nanoTime() - lastFailure) / 1e9;
                // A last batch may still be on its way to the store: wait, within the settle time, until every
                // committed snapshot has its history row on two reads in a row. A count that never matches
                // (a snapshot stored twice, or lost) is reported below as it stands.
                for (int same = 0; same < 2 && System.nanoTime() < deadline; ) {
                    Thread.sleep(POLL.toMillis() * 2);
                    boolean matches = ClusterChecks.historyRows(database)
                            == ClusterChecks.committedRecords(kafka, List.of(Topics.INDICATORS.name()));
                    same = matches ? same + 1 : 0;
                }
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

    /**
     * The failures, each logged with its moment and the time until the part was back. A service
     * migrates the database when it starts, so a service's restart and PostgreSQL's outage never
     * overlap ({@code database}: services hold it shared from kill to running, the outage alone);
     * the broker's failure may overlap any other.
     */
    private record Chaos(LocalKafkaCluster cluster, List<FazhiProcess> services, EmbeddedDatabase postgres, Options options,
                         List<Failure> failures, long started, Consumer<String> log, ReadWriteLock database) {

        void killLeaderBroker() {
            int leader = leaderOfCases();
            int node = leader > 0 ? leader : 1;
            long at = System.nanoTime();
            cluster.node(node).kill();
            log.accept(String.format("%6.1f s  kill -9 broker %d (leader of fazhi.events.cases-0)", seconds(at), node));
            sleep(options.down().toMillis());
            cluster.restart(node);
            record("kill -9 broker " + node + " (partition leader)", at);
        }

        /**
         * Asked until the cluster answers: with the other failures overlapping, the cluster can be too
         * busy restarting a service to answer one describe within its few seconds.
         */
        private int leaderOfCases() {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (true) {
                try {
                    return cluster.leaderOf(Topics.events(cn.fazhi.pulse.schemas.EventTopic.CASES).name(), 0);
                } catch (TestkitException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    log.accept("the cluster did not say which broker leads fazhi.events.cases-0 (" + e.getMessage() + "); asking again");
                }
            }
        }

        void killAndRestart(FazhiProcess service) {
            database.readLock().lock();
            try {
                long at = System.nanoTime();
                service.kill();
                log.accept(String.format("%6.1f s  kill -9 %s", seconds(at), service.name()));
                sleep(options.down().toMillis());
                service.restart();
                service.awaitOutput("running", Duration.ofMinutes(3));
                record("kill -9 " + service.name(), at);
            } finally {
                database.readLock().unlock();
            }
        }

        void stopDatabase() {
            database.writeLock().lock();
            try {
                long at = System.nanoTime();
                postgres.stop();
                log.accept(String.format("%6.1f s  PostgreSQL stopped for %d s", seconds(at), options.databaseDown().toSeconds()));
                sleep(options.databaseDown().toMillis());
                postgres.restart();
                record("PostgreSQL stopped " + options.databaseDown().toSeconds() + " s", at);
            } finally {
                database.writeLock().unlock();
            }
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

    /**
     * The brokers' side of the options' timeouts: how soon a dead broker is fenced (and a restarted one
     * may register again), and the shortest group session they accept (Kafka's default minimum is 6 s).
     */
    private static Map<String, String> brokerTimeouts(Options options) {
        return Map.of("broker.session.timeout.ms", String.valueOf(options.brokerSessionTimeout().toMillis()),
                "broker.heartbeat.interval.ms", String.valueOf(heartbeat(options.brokerSessionTimeout()).toMillis()),
                "group.min.session.timeout.ms", String.valueOf(Math.min(6000, options.sessionTimeout().toMillis())));
    }

    /** A heartbeat interval that misses a few beats before the session is over, as Kafka's defaults do. */
    private static Duration heartbeat(Duration session) {
        return session.dividedBy(4);
    }

    /**
     * A thread of its own for each task: the common pool has one thread on two cores, and these tasks
     * block for seconds (the publisher would wait for the quiet run to end).
     */
    private static Executor inThread(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        };
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
