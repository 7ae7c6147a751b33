package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import cn.fazhi.pulse.runtime.ClusterSetup;
import cn.fazhi.pulse.runtime.Drain;
import cn.fazhi.pulse.runtime.Endpoints;
import cn.fazhi.pulse.runtime.Pipeline;
import cn.fazhi.pulse.runtime.Replication;
import cn.fazhi.pulse.runtime.ServicePrincipal;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.testkit.BrokerSecurity;
import cn.fazhi.pulse.testkit.LocalKafkaCluster;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code ./fazhi bench --cluster}: the pipeline end to end, as {@code --quick} measures it on one
 * broker, on broker processes started as a site starts them ({@code fazhi broker} with a server
 * properties file), in up to three configurations on the same history so that the costs separate:
 * one broker; three brokers with replication 3 and {@code min.insync.replicas} 2; the same with
 * SASL/SCRAM-SHA-512, ACLs, and each part under its service principal.
 *
 * <p>Every configuration runs the same way, so that only the brokers differ: a fresh cluster and
 * database, topics and principals set up as {@code fazhi setup} does, one streams instance and one
 * sink in this JVM (the runtime's {@link Pipeline}, each under its own principal), and the
 * simulated history published with the {@link EventPublisher} under the importer's principal;
 * timed from the first send until {@link Drain} says everything is processed and stored.
 */
final class ClusterThroughput {
    /** What the brokers are: how many, and whether clients authenticate. */
    enum Configuration {
        SINGLE(1, false, "1 broker, PLAINTEXT"),
        REPLICATED(3, false, "3 brokers, PLAINTEXT"),
        SASL(3, true, "3 brokers, SASL/SCRAM-SHA-512 + ACLs");

        final int brokers;
        final boolean sasl;
        final String label;

        Configuration(int brokers, boolean sasl, String label) {
            this.brokers = brokers;
            this.sasl = sasl;
            this.label = label;
        }
    }

    /**
     * @param events       events of the simulated history (towns derived from it, as {@code --quick} does)
     * @param warmUpEvents events run first through an embedded broker, not measured, so that the
     *                     first configuration does not pay alone for the JIT of this JVM; 0 for none
     * @param brokerHeap   each broker process's heap
     */
    record Options(long events, int streamThreads, List<Configuration> configurations, long warmUpEvents, String brokerHeap) {}

    /** One configuration measured. CPU: this JVM's (streams, sink, publisher) plus the broker processes'; not PostgreSQL's. */
    record Row(String configuration, int brokers, String replication, boolean sasl, double transportPerSecond, long events, double seconds,
               double eventsPerSecond, double cpuMicrosEach, double brokerCpuMicrosEach, int figures, boolean sameFiguresAsFirst) {
        Row withFigures(int count, boolean sameAsFirst) {
            return new Row(configuration, brokers, replication, sasl, transportPerSecond, events, seconds, eventsPerSecond, cpuMicrosEach,
                    brokerCpuMicrosEach, count, sameAsFirst);
        }
    }

    record Report(int towns, List<Row> rows) {
        boolean consistent() {
            return rows.stream().allMatch(Row::sameFiguresAsFirst);
        }

        void print(PrintStream out) {
            out.printf("%n%-38s %-58s %10s %9s %10s %12s %14s %12s%n", "configuration", "topics", "events", "seconds", "events/s",
                    "CPU µs each", "of it brokers", "transport/s");
            for (Row r : rows) {
                out.printf("%-38s %-58s %,10d %9.1f %,10.0f %12.1f %14.1f %,12.0f%n", r.configuration(), r.replication(), r.events(), r.seconds(),
                        r.eventsPerSecond(), r.cpuMicrosEach(), r.brokerCpuMicrosEach(), r.transportPerSecond());
            }
            cost(out, "replication (3 brokers against 1)", row(Configuration.SINGLE), row(Configuration.REPLICATED));
            cost(out, "authentication (SASL against PLAINTEXT, 3 brokers)", row(Configuration.REPLICATED), row(Configuration.SASL));
            out.printf("%nCPU µs each: this JVM (streams, sink, publisher) and the broker processes; PostgreSQL's own CPU is not in it.%n");
            out.printf("transport/s: the same events produced and consumed once with plain clients, as the admin, on a topic replicated as the%n"
                    + "pipeline's are; run before the pipeline, it also warms the brokers up.%n");
            out.println(consistent() ? "Every configuration stored the same figures."
                    : "The configurations stored DIFFERENT figures: the run is not a valid measurement (see the log).");
            out.printf("machine: %d cores, %,d MiB max heap (this JVM), Java %s%n", Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        }

        private Optional<Row> row(Configuration configuration) {
            return rows.stream().filter(r -> r.configuration().equals(configuration.label)).findFirst();
        }

        private static void cost(PrintStream out, String what, Optional<Row> without, Optional<Row> with) {
            if (without.isPresent() && with.isPresent()) {
                Row a = without.get();
                Row b = with.get();
                // Signed both ways: on a busy machine the "costlier" configuration can come out faster.
                out.printf("cost of %s: events/s %+.0f %%, CPU µs each %+.1f%n", what,
                        100 * (b.eventsPerSecond() / a.eventsPerSecond() - 1), b.cpuMicrosEach() - a.cpuMicrosEach());
            }
        }

        void writeJson(Path file) throws IOException {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("date", Instant.now().toString());
            json.put("machine", PipelineReport.machine());
            json.put("towns", towns);
            json.put("cluster", rows);
            json.put("sameFiguresInEveryConfiguration", consistent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        }
    }

    private static final Duration CHECK_EVERY = Duration.ofMillis(20);
    private static final Duration SETTLE_READS = Duration.ofMillis(2500);

    private ClusterThroughput() {}

    static Report run(Options options, Path work, Consumer<String> log) throws Exception {
        int towns = PipelineThroughput.townsFor(options.events());
        List<Row> rows = new ArrayList<>();
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(work.resolve("postgres"), 0)) {
            if (options.warmUpEvents() > 0) {
                int warmUpTowns = PipelineThroughput.townsFor(options.warmUpEvents());
                log.accept(String.format("warm-up, not measured: the history of %,d town(s) through an embedded broker in this JVM …", warmUpTowns));
                try (BenchPipeline warmUp = BenchPipeline.onOwnBroker(work, postgres, "warmup", options.streamThreads())) {
                    PipelineThroughput.run(warmUp, warmUpTowns, line -> { });
                }
            }
            Map<String, String> first = null;
            for (Configuration configuration : options.configurations()) {
                Measured measured = measure(configuration, options, towns, work, postgres, log);
                boolean same = first == null || first.equals(measured.figures());
                if (!same) {
                    log.accept("  the figures differ from the first configuration's: "
                            + ClusterChecks.differences(first, measured.figures(), 10));
                }
                first = first == null ? measured.figures() : first;
                rows.add(measured.row().withFigures(measured.figures().size(), same));
            }
        }
        return new Report(towns, rows);
    }

    private record Measured(Row row, Map<String, String> figures) {}

    private static Measured measure(Configuration configuration, Options options, int towns, Path work, EmbeddedDatabase postgres,
                                    Consumer<String> log) throws Exception {
        String name = configuration.name().toLowerCase(java.util.Locale.ROOT);
        // Generated for this run and handed to the brokers and clients in memory only: never printed, never written.
        BrokerSecurity security = configuration.sasl ? BrokerSecurity.scram("admin", UUID.randomUUID().toString()) : BrokerSecurity.NONE;
        Map<ServicePrincipal, String> passwords = new EnumMap<>(ServicePrincipal.class);
        if (configuration.sasl) {
            for (ServicePrincipal principal : List.of(ServicePrincipal.STREAMS, ServicePrincipal.SINK, ServicePrincipal.IMPORTER)) {
                passwords.put(principal, UUID.randomUUID().toString());
            }
        }
        log.accept(String.format("%s: starting %d broker process%s …", configuration.label, configuration.brokers,
                configuration.brokers == 1 ? "" : "es"));
        Path dir = Files.createDirectories(work.resolve(name));
        Database database = new Database(postgres.createDatabase("cluster_" + name), postgres.user(), postgres.password());
        try (LocalKafkaCluster cluster = LocalKafkaCluster.start(dir.resolve("cluster"), configuration.brokers, security,
                options.brokerHeap(), Map.of(), Map.of())) {
            FazhiConfig config = FazhiConfig.load(Optional.empty(), Map.of(), Map.of(
                    ConfigKey.STREAMS_APPLICATION_ID, "bench-cluster-" + name,
                    ConfigKey.SINK_GROUP_ID, "bench-cluster-sink-" + name,
                    ConfigKey.STREAMS_THREADS, String.valueOf(options.streamThreads())));
            // What `fazhi setup [--principals]` does, as the cluster's admin: principals first, then the topics.
            String replication;
            short replicationFactor;
            try (Admin admin = Admin.create(cluster.adminClientConfig())) {
                if (!passwords.isEmpty()) {
                    ClusterSetup.principals(admin, config, passwords);
                }
                Replication decided = ClusterSetup.topics(admin, config).replication();
                replication = decided.toString();
                replicationFactor = decided.factor();
            }
            log.accept("  setup: " + replication + (configuration.sasl ? "; principals streams, sink, importer with their ACLs" : ""));
            // The transport pass first: what the brokers move with plain clients in this configuration, and
            // the brokers' own start-up (class loading, JIT) done before the pipeline is timed.
            BenchResult transport;
            try (Admin admin = Admin.create(cluster.adminClientConfig())) {
                transport = TransportLimit.run(cluster.adminClientConfig(), admin, PipelineThroughput.history(towns), replicationFactor);
            }
            log.accept("  " + transport.summary());
            try (Pipeline streams = Pipeline.prepare(endpoints(cluster, security, ServicePrincipal.STREAMS, passwords, database), config)
                         .startStreams(Files.createDirectories(dir.resolve("streams")));
                 Pipeline sink = Pipeline.prepare(endpoints(cluster, security, ServicePrincipal.SINK, passwords, database), config)
                         .startSink()) {
                Map<String, Object> importer = endpoints(cluster, security, ServicePrincipal.IMPORTER, passwords, database).kafkaConfig();
                long published = 0;
                long start = System.nanoTime();
                double jvmCpu = CpuClock.processSeconds();
                double brokerCpu = brokerSeconds(cluster);
                try (EventPublisher publisher = new EventPublisher(importer)) {
                    for (SimulatedEvent e : PipelineThroughput.history(towns)) {
                        publisher.publish(e.event());
                        published++;
                    }
                    publisher.flush();
                }
                log.accept(String.format("  published %,d events in %.1f s; waiting for the last snapshot to be stored …", published,
                        TopologyThroughput.seconds(start)));
                long stored = Drain.await(() -> !streams.isDrained() ? "the streams to process the events"
                        : !sink.isDrained() ? "the sink to store the indicators" : null, Duration.ofHours(3), CHECK_EVERY, 1);
                double seconds = (stored - start) / 1e9;
                double brokers = brokerSeconds(cluster) - brokerCpu;
                double total = CpuClock.processSeconds() - jvmCpu + brokers;
                Row row = new Row(configuration.label, configuration.brokers, replication, configuration.sasl, transport.perSecond(), published, seconds,
                        published / seconds, total * 1e6 / published, brokers * 1e6 / published, 0, true);
                log.accept(String.format("  %,d events in %.1f s: %,.0f events/s, %.1f CPU µs each (%.1f of it in the brokers)", published,
                        seconds, row.eventsPerSecond(), row.cpuMicrosEach(), row.brokerCpuMicrosEach()));
                return new Measured(row, settled(database));
            }
        }
    }

    /** The stored figures once three reads, 2.5 s apart, agree (not timed: the comparison between configurations). */
    private static Map<String, String> settled(Database database) throws Exception {
        Map<String, String> figures = ClusterChecks.figures(database);
        for (int same = 0; same < 2; ) {
            Thread.sleep(SETTLE_READS.toMillis());
            Map<String, String> again = ClusterChecks.figures(database);
            same = again.equals(figures) ? same + 1 : 0;
            figures = again;
        }
        return figures;
    }

    private static Endpoints endpoints(LocalKafkaCluster cluster, BrokerSecurity security, ServicePrincipal principal,
                                       Map<ServicePrincipal, String> passwords, Database database) {
        Map<String, String> client = new HashMap<>();
        if (passwords.containsKey(principal)) {
            security.clientSettings(principal.user(), passwords.get(principal)).forEach((k, v) -> client.put(k, String.valueOf(v)));
        }
        return new Endpoints(cluster.bootstrapServers(), database, client);
    }

    /** CPU seconds the cluster's broker processes have used so far. */
    private static double brokerSeconds(LocalKafkaCluster cluster) {
        double seconds = 0;
        for (int node = 1; node <= cluster.size(); node++) {
            seconds += CpuClock.processSeconds(cluster.node(node).pid());
        }
        return seconds;
    }
}
