package cn.fazhi.pulse.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (combined broker and controller, KRaft mode) running inside this
 * JVM from Kafka's own server classes, with its data in a folder that survives restarts.
 *
 * <p>Layout of the data folder: {@code cluster.id} (chosen once, so the folder always formats to the
 * same cluster), {@code server.properties} (the configuration of the last start, for a person to
 * read) and {@code kafka-logs/} (the broker's log directory, including the metadata log).
 *
 * <p>The broker is configured for one node: the internal topics (consumer offsets, transaction
 * state, share-group state) have one replica and need one in-sync replica, so idempotent and
 * transactional producers and Kafka Streams {@code exactly_once_v2} work. Topics are never created
 * on first use ({@code auto.create.topics.enable=false}): the pipeline declares its topics, and a
 * typo must fail instead of silently creating a new topic.
 */
public final class EmbeddedKafka implements AutoCloseable {

    static final String CLUSTER_ID_FILE = "cluster.id";
    static final String PROPERTIES_FILE = "server.properties";
    static final String LOG_DIR = "kafka-logs";

    /** Generous for a loaded two-core machine; a healthy start takes about two seconds. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final int NODE_ID = 1;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String bootstrapServers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, String bootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker on {@code dataDir}, formatting the folder on first use, and returns once the
     * broker answers client requests.
     *
     * @param dataDir        folder for the broker's data; created if missing, reused if present
     * @param port           client port, or 0 for any free port
     * @param controllerPort KRaft controller port, or 0 for any free port
     * @throws EmbeddedRuntimeException if the folder cannot be prepared, the broker fails to start,
     *                                  or it does not answer within 90 seconds
     */
    public static EmbeddedKafka start(Path dataDir, int port, int controllerPort) {
        FreePorts.requireValid(port, "Kafka port");
        FreePorts.requireValid(controllerPort, "Kafka controller port");
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("Kafka port and controller port must differ, both were " + port);
        }
        QuietLogging.quietBroker();

        Path dir = dataDir.toAbsolutePath();
        int clientPort = port != 0 ? port : FreePorts.pickOtherThan(controllerPort);
        int quorumPort = controllerPort != 0 ? controllerPort : FreePorts.pickOtherThan(clientPort);
        Properties properties = brokerProperties(dir.resolve(LOG_DIR), clientPort, quorumPort);
        String clusterId = prepareFolder(dir, properties);

        long started = System.nanoTime();
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        } catch (RuntimeException e) {
            // Reads the folder's meta.properties: a folder of another cluster or node fails here.
            throw new EmbeddedRuntimeException("embedded Kafka cannot use data folder " + dir + ": " + e.getMessage(), e);
        }
        String bootstrap = "localhost:" + clientPort;
        EmbeddedKafka kafka = new EmbeddedKafka(server, dir, bootstrap);
        try {
            server.startup();
            awaitReady(bootstrap);
        } catch (RuntimeException e) {
            try {
                kafka.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw new EmbeddedRuntimeException("embedded Kafka on " + bootstrap + " (controller port " + quorumPort
                    + ", data " + dir + ") did not start: " + e.getMessage(), e);
        }
        LOG.info("embedded Kafka ready on {} (cluster {}, data {}) in {} ms", bootstrap, clusterId, dir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return kafka;
    }

    /** {@code host:port} for the {@code bootstrap.servers} setting of clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The folder holding this broker's data, as an absolute path. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and waits until it has released its port and folder; safe to call twice. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        QuietLogging.atLevelWhile(QuietLogging.SHUTDOWN_NOISE, "ERROR", () -> {
            server.shutdown();
            server.awaitShutdown();
            return null;
        });
        LOG.info("embedded Kafka on {} stopped", bootstrapServers);
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers + ", " + dataDir + "]";
    }

    static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + port),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                // One node: every internal topic has one replica and needs only that one in sync.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                // The defaults (50 each) make the first consumer group and the first transactional
                // producer wait while 50 partitions are created; one node gains nothing from them.
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                // A single member should not wait 3 s for others that will never join.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1")));
        return p;
    }

    /** Creates the folder, pins its cluster id, writes the configuration and formats the log dir. */
    private static String prepareFolder(Path dir, Properties properties) {
        try {
            Files.createDirectories(dir);
            String clusterId = readOrCreateClusterId(dir.resolve(CLUSTER_ID_FILE));
            Path propertiesFile = dir.resolve(PROPERTIES_FILE);
            try (OutputStream out = Files.newOutputStream(propertiesFile)) {
                properties.store(out, "written by EmbeddedKafka at each start; edits are overwritten");
            }
            StorageFormat.format(clusterId, propertiesFile);
            return clusterId;
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("cannot prepare embedded Kafka data folder " + dir, e);
        }
    }

    private static String readOrCreateClusterId(Path file) throws IOException {
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (id.isEmpty()) {
                throw new EmbeddedRuntimeException("cluster id file " + file + " is empty; delete the data folder "
                        + file.getParent() + " to start a new cluster");
            }
            return id;
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id + System.lineSeparator(), StandardCharsets.US_ASCII);
        return id;
    }

    /**
     * {@code startup()} returns before the broker has registered with its controller and been
     * unfenced; until then clients get "no brokers" errors. Asking for the cluster's brokers until
     * this one is listed is the same check a client would make.
     */
    private static void awaitReady(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception lastFailure = null;
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    lastFailure = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EmbeddedRuntimeException("interrupted while waiting for the embedded Kafka broker", e);
                }
                sleep(POLL_INTERVAL);
            }
        }
        throw new EmbeddedRuntimeException("broker did not answer within " + READY_TIMEOUT.toSeconds() + " s"
                + (lastFailure == null ? "" : "; last error: " + lastFailure.getMessage()), lastFailure);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedRuntimeException("interrupted while waiting for the embedded Kafka broker", e);
        }
    }
}
