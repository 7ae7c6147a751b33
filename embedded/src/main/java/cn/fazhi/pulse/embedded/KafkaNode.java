package cn.fazhi.pulse.embedded;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a Kafka cluster in KRaft mode, from Kafka's own server classes and a standard
 * {@code server.properties} file (the file {@code kafka-server-start.sh} would take): a broker, a
 * controller, or both.
 *
 * <p>On first start the node's log directories are formatted as {@code kafka-storage.sh format}
 * would do it. Every node of a cluster must be formatted with the same cluster id: a node whose
 * quorum has several voters therefore needs one given ({@code --cluster-id}), while a lone node
 * makes one up. Once formatted, the id is read back from the directories' {@code meta.properties},
 * so restarts need no id; a different id given then is refused instead of silently ignored.
 *
 * <p>Only static quorums ({@code controller.quorum.voters}) are formatted here; a dynamic quorum
 * ({@code controller.quorum.bootstrap.servers}) must be formatted with Kafka's own tool first.
 */
public final class KafkaNode implements AutoCloseable {
    static final String META_PROPERTIES = "meta.properties";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaNode.class);

    private final KafkaRaftServer server;
    private final int nodeId;
    private final String clusterId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaNode(KafkaRaftServer server, int nodeId, String clusterId) {
        this.server = server;
        this.nodeId = nodeId;
        this.clusterId = clusterId;
    }

    /**
     * Formats the node's storage if needed and starts it. Returns once the node's own start-up is
     * done; a broker of a cluster serves clients once a quorum of controllers answers.
     *
     * @param propertiesFile a standard Kafka {@code server.properties}
     * @param clusterId      the cluster id to format new storage with; empty to read it from the
     *                       storage, or to make one up for a node that is its own quorum
     * @throws EmbeddedRuntimeException naming what is wrong with the file, the storage or the id
     */
    public static KafkaNode start(Path propertiesFile, Optional<String> clusterId) {
        QuietLogging.quietBroker();
        Properties properties = read(propertiesFile);
        KafkaConfig config;
        try {
            config = KafkaConfig.fromProps(properties, false);
        } catch (RuntimeException e) {
            throw new EmbeddedRuntimeException(propertiesFile + ": not a valid Kafka KRaft configuration: " + e.getMessage(), e);
        }
        String id = clusterIdFor(propertiesFile, properties, storageDirs(properties), clusterId);
        StorageFormat.format(id, propertiesFile.toAbsolutePath(), interBrokerScram(config));
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(config, Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new EmbeddedRuntimeException("Kafka node " + config.nodeId() + " cannot use its log directories "
                    + storageDirs(properties) + ": " + e.getMessage(), e);
        }
        KafkaNode node = new KafkaNode(server, config.nodeId(), id);
        try {
            server.startup();
        } catch (RuntimeException e) {
            try {
                node.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw new EmbeddedRuntimeException("Kafka node " + config.nodeId() + " did not start: " + e.getMessage(), e);
        }
        LOG.info("Kafka node {} started (cluster {}, roles {}, listeners {})", config.nodeId(), id,
                properties.getProperty("process.roles"), properties.getProperty("listeners"));
        return node;
    }

    public int nodeId() {
        return nodeId;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Shuts the node down in order (leadership handed over, logs flushed) and waits; safe to call twice. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka node {} stopped", nodeId);
    }

    /**
     * The id to format with: the one the storage already has, else the one given, else a new one
     * for a node that is the only voter of its quorum.
     */
    static String clusterIdFor(Path file, Properties properties, List<Path> dirs, Optional<String> given) {
        Set<String> formatted = new LinkedHashSet<>();
        for (Path dir : dirs) {
            Path meta = dir.resolve(META_PROPERTIES);
            if (Files.isRegularFile(meta)) {
                String id = read(meta).getProperty("cluster.id");
                if (id != null && !id.isBlank()) {
                    formatted.add(id.strip());
                }
            }
        }
        if (formatted.size() > 1) {
            throw new EmbeddedRuntimeException("the log directories " + dirs + " belong to different clusters " + formatted);
        }
        if (!formatted.isEmpty()) {
            String existing = formatted.iterator().next();
            if (given.isPresent() && !given.get().equals(existing)) {
                throw new EmbeddedRuntimeException("--cluster-id " + given.get() + " differs from cluster " + existing
                        + " the storage of " + file + " was formatted for; omit it, or start from empty log directories");
            }
            return existing;
        }
        if (given.isPresent()) {
            try {
                Uuid.fromString(given.get());
            } catch (IllegalArgumentException e) {
                throw new EmbeddedRuntimeException("--cluster-id " + given.get()
                        + " is not a Kafka cluster id (22 characters of base64, e.g. " + Uuid.randomUuid() + ")", e);
            }
            return given.get();
        }
        String voters = properties.getProperty("controller.quorum.voters", "").strip();
        if (voters.isEmpty()) {
            throw new EmbeddedRuntimeException(file + ": no controller.quorum.voters; this command formats static quorums"
                    + " only (format a dynamic quorum with kafka-storage.sh first)");
        }
        long count = Arrays.stream(voters.split(",")).filter(v -> !v.isBlank()).count();
        if (count > 1) {
            throw new EmbeddedRuntimeException("the storage of " + file + " is not formatted yet and its quorum has " + count
                    + " voters: give every node the same --cluster-id, e.g. --cluster-id " + Uuid.randomUuid());
        }
        return Uuid.randomUuid().toString();
    }

    /**
     * The SCRAM credential the brokers talk to each other with, when they do with SCRAM: read from
     * the inter-broker listener's JAAS setting (after {@code ${env:…}} and other config providers
     * are resolved) and written at format, since no broker could otherwise authenticate to create it.
     */
    static List<String> interBrokerScram(KafkaConfig config) {
        String mechanism = config.saslMechanismInterBrokerProtocol();
        if (mechanism == null || !mechanism.startsWith("SCRAM-")) {
            return List.of();
        }
        String listener = config.interBrokerListenerName().value().toLowerCase(java.util.Locale.ROOT);
        Object jaas = config.originals().get("listener.name." + listener + "." + mechanism.toLowerCase(java.util.Locale.ROOT)
                + ".sasl.jaas.config");
        if (jaas == null) {
            jaas = config.originals().get("sasl.jaas.config");
        }
        java.util.regex.Matcher user = java.util.regex.Pattern.compile("username=\"([^\"]*)\"").matcher(String.valueOf(jaas));
        java.util.regex.Matcher password = java.util.regex.Pattern.compile("password=\"([^\"]*)\"").matcher(String.valueOf(jaas));
        if (jaas == null || !user.find() || !password.find()) {
            throw new EmbeddedRuntimeException("inter-broker SASL mechanism " + mechanism + " needs listener.name." + listener + "."
                    + mechanism.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config with username=\"…\" password=\"…\"");
        }
        return List.of(mechanism + "=[name=" + user.group(1) + ",password=\"" + password.group(1) + "\"]");
    }

    /** The data log directories and the metadata log directory, as the formatter sees them. */
    static List<Path> storageDirs(Properties properties) {
        List<Path> dirs = new ArrayList<>();
        String logDirs = properties.getProperty("log.dirs", properties.getProperty("log.dir", "/tmp/kafka-logs"));
        for (String dir : logDirs.split(",")) {
            if (!dir.isBlank()) {
                dirs.add(Path.of(dir.strip()).toAbsolutePath());
            }
        }
        String metadata = properties.getProperty("metadata.log.dir", "").strip();
        if (!metadata.isEmpty() && !dirs.contains(Path.of(metadata).toAbsolutePath())) {
            dirs.add(Path.of(metadata).toAbsolutePath());
        }
        return dirs;
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    @Override
    public String toString() {
        return "KafkaNode[" + nodeId + ", cluster " + clusterId + "]";
    }
}
