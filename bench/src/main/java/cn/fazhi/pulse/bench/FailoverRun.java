package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.InvalidEventException;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import cn.fazhi.pulse.runtime.ClusterSetup;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.testkit.FazhiProcess;
import cn.fazhi.pulse.testkit.LocalKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Failover measured on three broker processes under a steady load of events:
 *
 * <ul>
 *   <li>a streams instance (of two) killed with SIGKILL, without and then with a standby replica:
 *       the time until every event partition is processed again (its committed offset moves);</li>
 *   <li>the broker leading {@code fazhi.events.cases-0} killed: the time until producers are
 *       acknowledged on that partition again, and until every partition is processed again.</li>
 * </ul>
 *
 * The killed process is not restarted during the measurement: what is measured is the survivors
 * taking over. Group members time out after {@code session.timeout.ms}, given as an option.
 */
final class FailoverRun {
    record Options(int rate, Duration warmUp, Duration observe, Duration sessionTimeout, Path work) {}

    record Result(String scenario, double producersResumeSeconds, double streamsResumeSeconds) {
        @Override
        public String toString() {
            return String.format("%-40s producers resume %s, every partition processed again after %s", scenario,
                    producersResumeSeconds < 0 ? "n/a" : String.format("%.1f s", producersResumeSeconds),
                    streamsResumeSeconds < 0 ? "never (within the observation)" : String.format("%.1f s", streamsResumeSeconds));
        }
    }

    private FailoverRun() {}

    static List<Result> run(Options options, Consumer<String> log) throws Exception {
        List<Result> results = new ArrayList<>();
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(options.work().resolve("postgres"), 0);
             LocalKafkaCluster cluster = LocalKafkaCluster.start(options.work().resolve("cluster"), 3)) {
            Database database = new Database(postgres.createDatabase("failover"), postgres.user(), postgres.password());
            DatabaseSchema.migrate(database.dataSource());
            FazhiConfig config = FazhiConfig.load(Optional.empty(), Map.of(), Map.of(
                    ConfigKey.KAFKA_BOOTSTRAP_SERVERS, cluster.bootstrapServers(), ConfigKey.DB_URL, database.jdbcUrl()));
            try (Admin admin = Admin.create(cluster.adminClientConfig())) {
                log.accept("setup: " + ClusterSetup.topics(admin, config).replication());
            }
            results.add(streamsKilled(cluster, database, options, 0, log));
            results.add(streamsKilled(cluster, database, options, 1, log));
            results.add(leaderKilled(cluster, database, options, log));
        }
        return results;
    }

    private static Result streamsKilled(LocalKafkaCluster cluster, Database database, Options options, int standby,
                                        Consumer<String> log) throws Exception {
        String scenario = "streams instance killed, " + standby + " standby";
        String applicationId = "failover-standby-" + standby;
        List<FazhiProcess> instances = startStreams(cluster, database, options, applicationId, standby);
        try (Load load = Load.start(cluster.adminClientConfig(), options.rate());
             Admin admin = Admin.create(cluster.adminClientConfig())) {
            awaitRunning(instances);
            sleep(options.warmUp());
            Map<TopicPartition, Long> before = committed(admin, applicationId);
            long killed = System.nanoTime();
            instances.get(0).kill();
            log.accept(scenario + ": killed " + instances.get(0).name());
            double resumed = everyPartitionMoved(admin, applicationId, before, killed, options.observe());
            return new Result(scenario, -1, resumed);
        } finally {
            instances.forEach(FazhiProcess::kill);
        }
    }

    private static Result leaderKilled(LocalKafkaCluster cluster, Database database, Options options, Consumer<String> log)
            throws Exception {
        String applicationId = "failover-broker";
        List<FazhiProcess> instances = startStreams(cluster, database, options, applicationId, 1);
        String topic = Topics.events(EventTopic.CASES).name();
        int leader = cluster.leaderOf(topic, 0);
        try (Load load = Load.start(cluster.adminClientConfig(), options.rate());
             Admin admin = Admin.create(cluster.adminClientConfig())) {
            awaitRunning(instances);
            sleep(options.warmUp());
            Map<TopicPartition, Long> before = committed(admin, applicationId);
            long killed = System.nanoTime();
            cluster.node(leader).kill();
            log.accept("broker " + leader + " (leader of " + topic + "-0) killed");
            double streams = everyPartitionMoved(admin, applicationId, before, killed, options.observe());
            double producers = load.firstAckAfter(new TopicPartition(topic, 0), killed, options.observe());
            cluster.restart(leader);
            return new Result("leader broker of " + topic + "-0 killed", producers, streams);
        } finally {
            instances.forEach(FazhiProcess::kill);
        }
    }

    private static List<FazhiProcess> startStreams(LocalKafkaCluster cluster, Database database, Options options, String applicationId,
                                                   int standby) {
        Map<String, String> environment = Map.of(
                "FAZHI_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "FAZHI_DB_URL", database.jdbcUrl(), "FAZHI_DB_USER", database.user(), "FAZHI_DB_PASSWORD", database.password(),
                "FAZHI_STREAMS_APPLICATION_ID", applicationId,
                "FAZHI_STREAMS_STANDBY_REPLICAS", String.valueOf(standby),
                "FAZHI_STREAMS_THREADS", "1",
                "FAZHI_KAFKA_CLIENT_SESSION_TIMEOUT_MS", String.valueOf(options.sessionTimeout().toMillis()));
        List<FazhiProcess> instances = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Path dir = options.work().resolve(applicationId + "-" + i);
            instances.add(FazhiProcess.start(applicationId + "-" + i, "512m", List.of("streams", "--set", "data.dir=" + dir),
                    environment, options.work().resolve(applicationId + "-" + i + ".log")));
        }
        return instances;
    }

    private static void awaitRunning(List<FazhiProcess> instances) {
        instances.forEach(i -> i.awaitOutput("running", Duration.ofMinutes(3)));
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        committed.forEach((tp, at) -> {
            if (at != null && ClusterChecks.eventTopics().contains(tp.topic())) {
                offsets.put(tp, at.offset());
            }
        });
        return offsets;
    }

    /** Seconds from {@code since} until every partition committed at the kill has committed further; -1 if not within the time. */
    private static double everyPartitionMoved(Admin admin, String group, Map<TopicPartition, Long> before, long since, Duration within)
            throws Exception {
        Map<TopicPartition, Long> waiting = new HashMap<>(before);
        long deadline = since + within.toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, Long> now = committed(admin, group);
            waiting.entrySet().removeIf(e -> now.getOrDefault(e.getKey(), e.getValue()) > e.getValue());
            if (waiting.isEmpty()) {
                return (System.nanoTime() - since) / 1e9;
            }
            Thread.sleep(200);
        }
        return -1;
    }

    private static void sleep(Duration duration) {
        ChaosRun.sleep(duration.toMillis());
    }

    /** A steady load of simulated events, remembering when each partition was last acknowledged. */
    private static final class Load implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<TopicPartition, List<Long>> acks = new ConcurrentHashMap<>();
        private final Thread thread;

        private Load(Map<String, Object> kafka, int rate) {
            thread = new Thread(() -> publish(kafka, rate), "failover-load");
            thread.setDaemon(true);
        }

        static Load start(Map<String, Object> kafka, int rate) {
            Load load = new Load(kafka, rate);
            load.thread.start();
            return load;
        }

        private void publish(Map<String, Object> kafka, int rate) {
            long sent = 0;
            long start = System.nanoTime();
            try (EventPublisher publisher = new EventPublisher(kafka)) {
                for (long seed = 1; running.get(); seed++) {
                    for (SimulatedEvent e : new HistorySimulator(HistorySimulator.Settings.of(20, 2020, 2024, seed))) {
                        if (!running.get()) {
                            return;
                        }
                        long wait = start + (long) (sent * 1e9 / rate) - System.nanoTime();
                        if (wait > 0) {
                            ChaosRun.sleep(wait / 1_000_000);
                        }
                        try {
                            publisher.publish(e.event(), (metadata, failure) -> {
                                if (metadata != null) {
                                    acks.computeIfAbsent(new TopicPartition(metadata.topic(), metadata.partition()),
                                            k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime());
                                }
                            });
                        } catch (InvalidEventException refused) {
                            // not sent
                        }
                        sent++;
                    }
                }
            }
        }

        /** Seconds from {@code since} to the first acknowledgement on the partition after it; -1 if none within the time. */
        double firstAckAfter(TopicPartition partition, long since, Duration within) {
            long deadline = since + within.toNanos();
            while (System.nanoTime() < deadline) {
                List<Long> times = acks.getOrDefault(partition, List.of());
                synchronized (times) {
                    for (long t : times) {
                        if (t > since) {
                            return (t - since) / 1e9;
                        }
                    }
                }
                ChaosRun.sleep(100);
            }
            return -1;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(Duration.ofMinutes(3).toMillis());
        }
    }
}
