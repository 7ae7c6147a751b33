package cn.fazhi.pulse.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A three-broker Kafka cluster and PostgreSQL in Docker containers from the official images, the
 * same ones docker-compose.yml uses ({@link PipelineBackends#KAFKA_IMAGE}, {@link PipelineBackends#POSTGRES_IMAGE}).
 * Never run on the machine this was written on (no Docker engine); where none answers, the
 * embedded backends run instead and the test output says why.
 *
 * <p>PostgreSQL is published on a fixed host port chosen at start, not a random one: Docker picks a
 * new random port each time a container starts, and an outage test needs the same URL to work
 * again after {@link #startDatabase()}. This assumes the Docker engine runs on this machine, which
 * is the case for Testcontainers' usual setups.
 */
final class ContainerBackends implements RunningBackends {

    private static final int POSTGRES_CONTAINER_PORT = 5432;
    private static final Duration RESTART_LIMIT = Duration.ofSeconds(60);

    /** Brokers of the cluster, as in docker-compose.yml. */
    static final int BROKERS = 3;
    private static final String CLUSTER_ID = "ZmF6aGktcHVsc2UtdGVzdA";

    private final List<GenericContainer<?>> kafka;
    private final Network network;
    private final String bootstrapServers;
    private final PostgreSQLContainer postgres;
    private final String host;
    private final int postgresPort;
    private final String description;

    private ContainerBackends(List<GenericContainer<?>> kafka, Network network, String bootstrapServers, PostgreSQLContainer postgres,
                              int postgresPort) {
        this.kafka = kafka;
        this.network = network;
        this.bootstrapServers = bootstrapServers;
        this.postgres = postgres;
        this.host = postgres.getHost();
        this.postgresPort = postgresPort;
        this.description = "Testcontainers " + BROKERS + " × " + PipelineBackends.KAFKA_IMAGE + " (Kafka, replication 3) + "
                + PipelineBackends.POSTGRES_IMAGE + " (PostgreSQL "
                + Databases.serverVersion(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword()) + ")";
    }

    static ContainerBackends start() {
        Network network = Network.newNetwork();
        int[] ports = {freePort(), freePort(), freePort()};
        List<GenericContainer<?>> kafka = new ArrayList<>();
        for (int i = 0; i < BROKERS; i++) {
            kafka.add(broker(network, i + 1, ports[i]));
        }
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(PipelineBackends.POSTGRES_IMAGE));
        int postgresPort = freePort();
        postgres.setPortBindings(List.of(postgresPort + ":" + POSTGRES_CONTAINER_PORT));
        List<org.testcontainers.lifecycle.Startable> all = new ArrayList<>(kafka);
        all.add(postgres);
        try {
            Startables.deepStart(all).join();
            String bootstrap = java.util.Arrays.stream(ports).mapToObj(p -> "localhost:" + p)
                    .collect(java.util.stream.Collectors.joining(","));
            return new ContainerBackends(kafka, network, bootstrap, postgres, postgresPort);
        } catch (CompletionException | TestkitException e) {
            kafka.forEach(GenericContainer::stop);
            postgres.stop();
            network.close();
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            throw new TestkitException("Testcontainers backends did not start: " + cause.getMessage()
                    + " (is a Docker engine running? -D" + PipelineBackends.BACKEND_PROPERTY + "=embedded needs none)", cause);
        }
    }

    /**
     * Node {@code nodeId} of the three-broker cluster docker-compose.yml runs, from the same image,
     * configured through the image's KAFKA_* variables: combined broker and controller, clients on
     * a host port fixed before start (the advertised listener must name it), brokers and
     * controllers among themselves on the container network. PLAINTEXT: the tests of SASL and ACLs
     * run on broker processes ({@link LocalKafkaCluster}) wherever they run.
     */
    private static GenericContainer<?> broker(Network network, int nodeId, int hostPort) {
        String voters = java.util.stream.IntStream.rangeClosed(1, BROKERS).mapToObj(n -> n + "@kafka" + n + ":9094")
                .collect(java.util.stream.Collectors.joining(","));
        GenericContainer<?> broker = new GenericContainer<>(DockerImageName.parse(PipelineBackends.KAFKA_IMAGE))
                .withNetwork(network)
                .withNetworkAliases("kafka" + nodeId)
                .withEnv("CLUSTER_ID", CLUSTER_ID)
                .withEnv("KAFKA_NODE_ID", String.valueOf(nodeId))
                .withEnv("KAFKA_PROCESS_ROLES", "broker,controller")
                .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", voters)
                .withEnv("KAFKA_LISTENERS", "PLAINTEXT://0.0.0.0:9092,BROKER://0.0.0.0:9093,CONTROLLER://0.0.0.0:9094")
                .withEnv("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://localhost:" + hostPort + ",BROKER://kafka" + nodeId + ":9093")
                .withEnv("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT")
                .withEnv("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
                .withEnv("KAFKA_INTER_BROKER_LISTENER_NAME", "BROKER")
                // As in docker-compose.yml: three copies of everything, two in sync.
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "3")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "2")
                .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "2")
                // As EmbeddedKafka: no topic made by a typo, small internal topics, no join delay.
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "5")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "5")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_NUM_PARTITIONS", "1")
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(3)));
        broker.setPortBindings(List.of(hostPort + ":9092"));
        return broker;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public String newDatabase() {
        String name = Databases.nextName();
        Databases.create(postgres.getJdbcUrl(), dbUser(), dbPassword(), name);
        return jdbcUrl(name);
    }

    @Override
    public String dbUser() {
        return postgres.getUsername();
    }

    @Override
    public String dbPassword() {
        return postgres.getPassword();
    }

    @Override
    public String kind() {
        return BackendChoice.TESTCONTAINERS;
    }

    @Override
    public void stopDatabase() {
        DockerClientFactory.instance().client().stopContainerCmd(postgres.getContainerId()).withTimeout(10).exec();
    }

    @Override
    public void startDatabase() {
        Boolean running = DockerClientFactory.instance().client()
                .inspectContainerCmd(postgres.getContainerId()).exec().getState().getRunning();
        if (!Boolean.TRUE.equals(running)) {
            DockerClientFactory.instance().client().startContainerCmd(postgres.getContainerId()).exec();
        }
        Databases.awaitConnectable(jdbcUrl(postgres.getDatabaseName()), dbUser(), dbPassword(), RESTART_LIMIT);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            kafka.forEach(GenericContainer::stop);
        } finally {
            try {
                postgres.stop();
            } finally {
                network.close();
            }
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + postgresPort + "/" + database;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new TestkitException("no free TCP port for PostgreSQL", e);
        }
    }
}
