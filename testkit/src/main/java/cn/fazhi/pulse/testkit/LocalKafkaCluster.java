package cn.fazhi.pulse.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of {@code fazhi broker} processes on this machine: each node a combined broker
 * and controller on loopback ports of its own, with its log directory under one folder, started
 * from a standard server properties file the way a site would start it. Nodes can be killed
 * ({@code SIGKILL}) and restarted on their data.
 */
public final class LocalKafkaCluster implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    /** Enough for the small topics of a test; a benchmark asks for more. */
    private static final String DEFAULT_HEAP = "256m";

    private final Path dir;
    private final String clusterId;
    private final List<FazhiProcess> nodes;
    private final List<Integer> clientPorts;
    private final Map<String, Object> adminClient;

    private LocalKafkaCluster(Path dir, String clusterId, List<FazhiProcess> nodes, List<Integer> clientPorts,
                              Map<String, Object> adminClient) {
        this.dir = dir;
        this.clusterId = clusterId;
        this.nodes = nodes;
        this.clientPorts = clientPorts;
        this.adminClient = adminClient;
    }

    /** Starts {@code size} nodes with data under {@code dir} and returns once every one is a live broker. */
    public static LocalKafkaCluster start(Path dir, int size) {
        return start(dir, size, BrokerSecurity.NONE);
    }

    /** As {@link #start(Path, int)}, with client listeners secured as {@code security} says. */
    public static LocalKafkaCluster start(Path dir, int size, BrokerSecurity security) {
        return start(dir, size, security, DEFAULT_HEAP, Map.of(), Map.of());
    }

    /**
     * As {@link #start(Path, int, BrokerSecurity)}, each node with a heap of {@code heap} (e.g. "1g")
     * and {@code overrides} put over its server properties: a benchmark gives the brokers Kafka's own
     * default heap, a test shorter broker and group timeouts than a site would run.
     *
     * @param environment extra environment variables of every node's process (e.g. {@code JAVA_TOOL_OPTIONS})
     */
    public static LocalKafkaCluster start(Path dir, int size, BrokerSecurity security, String heap, Map<String, String> overrides,
                                          Map<String, String> environment) {
        Map<String, String> nodeEnvironment = new HashMap<>(security.brokerEnvironment());
        nodeEnvironment.putAll(environment);
        List<Integer> clientPorts = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            clientPorts.add(freePort(clientPorts, controllerPorts));
            controllerPorts.add(freePort(clientPorts, controllerPorts));
        }
        String clusterId = Uuid.randomUuid().toString();
        List<FazhiProcess> nodes = new ArrayList<>();
        LocalKafkaCluster cluster = new LocalKafkaCluster(dir, clusterId, nodes, clientPorts,
                security.clientSettings(security.adminUser(), security.adminPassword()));
        try {
            for (int i = 0; i < size; i++) {
                int nodeId = i + 1;
                Path properties = dir.resolve("node" + nodeId + ".properties");
                Properties server = nodeProperties(nodeId, clientPorts, controllerPorts, dir.resolve("node" + nodeId), security);
                server.putAll(overrides);
                write(properties, server);
                List<String> args = new ArrayList<>(List.of("broker", "--config", properties.toString(), "--cluster-id", clusterId));
                nodes.add(FazhiProcess.start("broker-" + nodeId, heap, args, nodeEnvironment,
                        dir.resolve("node" + nodeId + ".log")));
            }
            for (FazhiProcess node : nodes) {
                // Printed once the node's own start-up is done; asking the cluster earlier only fills the log.
                node.awaitOutput("running (cluster", READY_WITHIN);
            }
            cluster.awaitBrokers(size);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * The server properties of node {@code nodeId} (1-based): combined broker and controller, the
     * internal topics replicated over up to three nodes with two in sync when there are three.
     */
    public static Properties nodeProperties(int nodeId, List<Integer> clientPorts, List<Integer> controllerPorts, Path logDir,
                                            BrokerSecurity security) {
        int size = clientPorts.size();
        String voters = IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i)).collect(Collectors.joining(","));
        int replicas = Math.min(3, size);
        String minIsr = size >= 3 ? "2" : "1";
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(nodeId)),
                Map.entry("controller.quorum.voters", voters),
                Map.entry("listeners", security.listenerName() + "://127.0.0.1:" + clientPorts.get(nodeId - 1)
                        + ",CONTROLLER://127.0.0.1:" + controllerPorts.get(nodeId - 1)),
                Map.entry("advertised.listeners", security.listenerName() + "://127.0.0.1:" + clientPorts.get(nodeId - 1)),
                Map.entry("listener.security.protocol.map", security.listenerName() + ":" + security.protocol() + ",CONTROLLER:" + security.controllerProtocol()),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", security.listenerName()),
                Map.entry("log.dirs", logDir.toAbsolutePath().toString()),
                Map.entry("offsets.topic.replication.factor", String.valueOf(replicas)),
                Map.entry("transaction.state.log.replication.factor", String.valueOf(replicas)),
                Map.entry("transaction.state.log.min.isr", minIsr),
                Map.entry("share.coordinator.state.topic.replication.factor", String.valueOf(replicas)),
                Map.entry("share.coordinator.state.topic.min.isr", minIsr),
                Map.entry("min.insync.replicas", minIsr),
                Map.entry("default.replication.factor", String.valueOf(replicas)),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1")));
        p.putAll(security.brokerProperties());
        return p;
    }

    /** {@code host:port,…} of every node's client listener. */
    public String bootstrapServers() {
        return clientPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** Client settings of the cluster's admin principal (bootstrap servers included). */
    public Map<String, Object> adminClientConfig() {
        Map<String, Object> config = new HashMap<>(adminClient);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    public String clusterId() {
        return clusterId;
    }

    public int size() {
        return nodes.size();
    }

    /** Node {@code nodeId} (1-based). */
    public FazhiProcess node(int nodeId) {
        return nodes.get(nodeId - 1);
    }

    /** The node id leading a partition now, or -1 without a leader. */
    public int leaderOf(String topic, int partition) {
        try (Admin admin = Admin.create(withTimeouts(adminClientConfig()))) {
            TopicPartitionInfo info = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().get(partition);
            return info.leader() == null ? -1 : info.leader().id();
        } catch (ExecutionException | TimeoutException e) {
            throw new TestkitException("cannot describe " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("interrupted", e);
        }
    }

    /** Restarts a stopped or killed node on its data and waits until the cluster has all its brokers again. */
    public void restart(int nodeId) {
        node(nodeId).restart();
        node(nodeId).awaitOutput("running (cluster", READY_WITHIN);
        awaitBrokers(size());
    }

    /** Waits until {@code count} brokers are registered and unfenced. */
    public void awaitBrokers(int count) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(withTimeouts(adminClientConfig()))) {
            while (System.nanoTime() < deadline) {
                for (FazhiProcess node : nodes) {
                    if (!node.isAlive()) {
                        throw new TestkitException(node.name() + " exited; see " + node.log() + ":\n" + node.output());
                    }
                }
                try {
                    List<Node> live = new ArrayList<>(admin.describeCluster().nodes().get(3, TimeUnit.SECONDS));
                    if (live.size() >= count) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TestkitException("interrupted", e);
                }
                FazhiProcess.sleep(200);
            }
        }
        throw new TestkitException("the cluster in " + dir + " did not have " + count + " brokers within "
                + READY_WITHIN.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /**
     * Kills every node that still runs; never throws. Not a clean stop on purpose: the last nodes of
     * a cluster cannot shut down in order once the others are gone (no controller quorum is left to
     * hand their leadership to) and would wait a minute each for nothing.
     */
    @Override
    public void close() {
        for (FazhiProcess node : nodes) {
            node.kill();
        }
    }

    private static Map<String, Object> withTimeouts(Map<String, Object> config) {
        Map<String, Object> c = new LinkedHashMap<>(config);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "6000");
        return c;
    }

    private static void write(Path file, Properties properties) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                properties.store(out, "a node of a local test cluster");
            }
        } catch (IOException e) {
            throw new TestkitException("cannot write " + file, e);
        }
    }

    private static int freePort(List<Integer> a, List<Integer> b) {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (!a.contains(port) && !b.contains(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new TestkitException("no free TCP port", e);
            }
        }
    }
}
