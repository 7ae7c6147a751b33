package cn.fazhi.pulse.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    private static final Duration POLL_LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void shouldDeliverRecordWhenProducedToCreatedTopic() throws Exception {
        // Given a running broker with a topic
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0, 0)) {
            createTopic(kafka, "fazhi.test.plain");

            // When a record is produced
            try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
                producer.send(new ProducerRecord<>("fazhi.test.plain", "town-1", "hello")).get();
            }

            // Then a consumer group reads it back
            List<ConsumerRecord<String, String>> records = consume(kafka, "fazhi.test.plain", 1, "read_uncommitted");
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("town-1");
                assertThat(r.value()).isEqualTo("hello");
            });
        }
    }

    @Test
    void shouldExposeCommittedRecordsOnlyWhenProducerCommitsItsTransaction() throws Exception {
        // Given a broker and a transactional producer
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0, 0)) {
            createTopic(kafka, "fazhi.test.tx");
            try (KafkaProducer<String, String> producer = producer(kafka,
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID()))) {
                producer.initTransactions();

                // When one transaction is aborted and the next is committed
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("fazhi.test.tx", "k", "aborted"));
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("fazhi.test.tx", "k", "committed"));
                producer.commitTransaction();
            }

            // Then a read_committed consumer sees only the committed record
            List<ConsumerRecord<String, String>> records = consume(kafka, "fazhi.test.tx", 1, "read_committed");
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed");
        }
    }

    @Test
    void shouldKeepTopicAndRecordsWhenRestartedOnSameFolder() throws Exception {
        // Given a broker that held a topic with a record and was stopped
        try (EmbeddedKafka first = EmbeddedKafka.start(dataDir, 0, 0)) {
            createTopic(first, "fazhi.test.durable");
            try (KafkaProducer<String, String> producer = producer(first, Map.of())) {
                producer.send(new ProducerRecord<>("fazhi.test.durable", "k", "kept")).get();
            }
        }

        // When a new broker starts on the same folder (on other ports)
        try (EmbeddedKafka second = EmbeddedKafka.start(dataDir, 0, 0)) {

            // Then the topic and its record are still there
            try (Admin admin = admin(second)) {
                assertThat(admin.listTopics().names().get()).contains("fazhi.test.durable");
            }
            assertThat(consume(second, "fazhi.test.durable", 1, "read_uncommitted"))
                    .extracting(ConsumerRecord::value).containsExactly("kept");
        }
    }

    @Test
    void shouldNotCreateTopicWhenProducerWritesToUnknownTopic() throws Exception {
        // Given a running broker
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0, 0);
             KafkaProducer<String, String> producer = producer(kafka, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, "500"))) {

            // When a producer sends to a topic nobody created
            Throwable failure = null;
            try {
                producer.send(new ProducerRecord<>("fazhi.test.typo", "k", "v")).get();
            } catch (ExecutionException | org.apache.kafka.common.KafkaException e) {
                failure = e;
            }

            // Then the send fails and no topic appears
            assertThat(failure).isNotNull();
            try (Admin admin = admin(kafka)) {
                assertThat(admin.listTopics().names().get()).doesNotContain("fazhi.test.typo");
            }
        }
    }

    @Test
    void shouldListenOnGivenPortAndReleaseItWhenClosedTwice() throws Exception {
        // Given two free ports
        int port = freePort();
        int controllerPort = freePort();
        while (controllerPort == port) {
            controllerPort = freePort();
        }

        // When a broker starts on them and is closed twice
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port, controllerPort);
        String bootstrap = kafka.bootstrapServers();
        kafka.close();
        kafka.close();

        // Then it served on that port, kept its data where asked, and the port is free again
        assertThat(bootstrap).isEqualTo("localhost:" + port);
        assertThat(kafka.dataDir()).isEqualTo(dataDir.toAbsolutePath());
        assertThat(dataDir.resolve(EmbeddedKafka.CLUSTER_ID_FILE)).isRegularFile();
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    private static void createTopic(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, Map<String, Object> extra) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consume(EmbeddedKafka kafka, String topic, int expected,
                                                                String isolationLevel) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // One more short poll: a record beyond the expected ones would be a failure to see.
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
