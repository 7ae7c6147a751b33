package cn.fazhi.pulse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PipelineBackends.class)
class PipelineBackendsIT {

    private static Backends fromBeforeAll;
    private final Backends fromConstructor;

    PipelineBackendsIT(Backends backends) {
        this.fromConstructor = backends;
    }

    @BeforeAll
    static void remember(Backends backends) {
        fromBeforeAll = backends;
    }

    @Test
    void shouldShareOneBackendWhenResolvedForConstructorBeforeAllAndMethod(Backends backends) {
        // Then the three injection points got the very same servers
        assertThat(backends).isSameAs(fromConstructor).isSameAs(fromBeforeAll);
        assertThat(backends.kind()).isIn("embedded", "testcontainers");
    }

    @Test
    void shouldDeliverRecordWhenProducedToResolvedKafka(Backends backends) throws Exception {
        // Given a topic on the resolved broker
        String topic = "fazhi.testkit." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }

        // When a record is produced
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "320102", "玄武区")).get();
        }

        // Then a consumer group reads it back
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.key() + "=" + r.value()));
            }
        }
        assertThat(values).containsExactly("320102=玄武区");
    }

    @Test
    void shouldGiveTwoDistinctEmptyDatabasesWhenAskedTwice(Backends backends) throws SQLException {
        // Given a first new database with a table in it
        String first = backends.newDatabase();
        execute(first, backends, "CREATE TABLE marker (id int)");

        // When a second one is asked for
        String second = backends.newDatabase();

        // Then it is another database, and it has no tables
        assertThat(second).isNotEqualTo(first);
        assertThat(currentDatabase(second, backends)).isNotEqualTo(currentDatabase(first, backends));
        assertThat(publicTableCount(second, backends)).isZero();
        assertThat(publicTableCount(first, backends)).isEqualTo(1);
    }

    @Test
    void shouldRefuseConnectionsWhenDatabaseStoppedAndServeSameUrlWhenStarted(Backends backends) throws SQLException {
        // Given a database with a committed row
        String url = backends.newDatabase();
        execute(url, backends, "CREATE TABLE town (code text)", "INSERT INTO town VALUES ('320102')");

        try {
            // When the server is stopped
            backends.stopDatabase();

            // Then connections fail
            assertThatThrownBy(() -> DriverManager.getConnection(url, backends.dbUser(), backends.dbPassword()).close())
                    .isInstanceOf(SQLException.class);
        } finally {
            // And when it is started, the same URL serves the same data
            backends.startDatabase();
        }
        try (Connection connection = DriverManager.getConnection(url, backends.dbUser(), backends.dbPassword());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT code FROM town")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("320102");
        }
    }

    @Test
    void shouldRunOnEmbeddedBackendWhenNoDockerEngineIsAvailable(Backends backends) {
        // Given no forced backend and a machine without a Docker engine
        assumeTrue(System.getProperty(PipelineBackends.BACKEND_PROPERTY) == null, "a backend is forced");
        assumeFalse(DockerProbe.isDockerAvailable(), "this machine has a Docker engine");

        // Then the embedded backend was chosen
        assertThat(backends.kind()).isEqualTo("embedded");
        assertThat(backends.bootstrapServers()).startsWith("localhost:");
    }

    private static void execute(String url, Backends backends, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, backends.dbUser(), backends.dbPassword());
             Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }

    private static String currentDatabase(String url, Backends backends) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, backends.dbUser(), backends.dbPassword());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int publicTableCount(String url, Backends backends) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, backends.dbUser(), backends.dbPassword());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
