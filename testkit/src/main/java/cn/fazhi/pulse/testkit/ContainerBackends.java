package cn.fazhi.pulse.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and PostgreSQL in Docker containers from the official images, the same ones
 * docker-compose.yml uses ({@link PipelineBackends#KAFKA_IMAGE}, {@link PipelineBackends#POSTGRES_IMAGE}).
 *
 * <p>PostgreSQL is published on a fixed host port chosen at start, not a random one: Docker picks a
 * new random port each time a container starts, and an outage test needs the same URL to work
 * again after {@link #startDatabase()}. This assumes the Docker engine runs on this machine, which
 * is the case for Testcontainers' usual setups.
 */
final class ContainerBackends implements RunningBackends {

    private static final int POSTGRES_CONTAINER_PORT = 5432;
    private static final Duration RESTART_LIMIT = Duration.ofSeconds(60);

    private final KafkaContainer kafka;
    private final PostgreSQLContainer postgres;
    private final String host;
    private final int postgresPort;
    private final String description;

    private ContainerBackends(KafkaContainer kafka, PostgreSQLContainer postgres, int postgresPort) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.host = postgres.getHost();
        this.postgresPort = postgresPort;
        this.description = "Testcontainers " + PipelineBackends.KAFKA_IMAGE + " (Kafka) + "
                + PipelineBackends.POSTGRES_IMAGE + " (PostgreSQL "
                + Databases.serverVersion(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword()) + ")";
    }

    static ContainerBackends start() {
        // The same broker settings as EmbeddedKafka, so tests behave alike on both backends.
        // (Testcontainers already sets the replication factors to 1 and the rebalance delay to 0.)
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(PipelineBackends.KAFKA_IMAGE))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "5")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "5")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_NUM_PARTITIONS", "1");
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(PipelineBackends.POSTGRES_IMAGE));
        int postgresPort = freePort();
        postgres.setPortBindings(List.of(postgresPort + ":" + POSTGRES_CONTAINER_PORT));
        try {
            Startables.deepStart(kafka, postgres).join();
            return new ContainerBackends(kafka, postgres, postgresPort);
        } catch (CompletionException | TestkitException e) {
            kafka.stop();
            postgres.stop();
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            throw new TestkitException("Testcontainers backends did not start: " + cause.getMessage()
                    + " (is a Docker engine running? -D" + PipelineBackends.BACKEND_PROPERTY + "=embedded needs none)", cause);
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
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
            kafka.stop();
        } finally {
            postgres.stop();
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
