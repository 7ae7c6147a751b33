package cn.fazhi.pulse.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.sink.IndicatorSink;
import cn.fazhi.pulse.sink.SinkSettings;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.access.AccessScope;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.store.access.Role;
import cn.fazhi.pulse.testkit.Backends;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The web side on the real broker and database of the testkit: topics and tables ready, two
 * towns of one district registered through the real sink, snapshots published to the real
 * snapshot topic, and a {@link WebApplication} on a free port.
 */
final class WebStack implements AutoCloseable {
    static final String YLQ = "120111101000";
    static final String XK = "120111102000";
    static final String XIQING = "120111000000";
    static final String TIANJIN = "120100000000";
    static final Instant AS_OF = Instant.parse("2023-03-20T02:00:00Z");

    final Map<String, Object> kafkaConfig;
    final IndicatorStore store;
    final Database database;
    final WebApplication web;
    final AccountStore accounts;
    /** A bearer token of an administrator of everything: what the tests of the API's answers call with. */
    final String adminToken;
    private final KafkaProducer<String, IndicatorSnapshot> snapshots;
    private final IndicatorSink sink;
    private final Thread sinkThread;
    private final HttpClient http = HttpClient.newHttpClient();

    WebStack(Backends backends, long maxRequestBytes) throws Exception {
        kafkaConfig = new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers()));
        database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        DatabaseSchema.migrate(database.dataSource());
        try (Admin admin = Admin.create(kafkaConfig)) {
            TopicSetup.ensure(admin, (short) 1);
        }
        store = new IndicatorStore(database.jdbi());
        snapshots = new KafkaProducer<>(kafkaConfig, Topics.INDICATORS.keySerde().serializer(), Topics.INDICATORS.valueSerde().serializer());
        sink = new IndicatorSink(kafkaConfig, database, new SinkSettings("web-it-" + UUID.randomUUID(), 1000, Duration.ofMillis(50), Duration.ofSeconds(2)));
        sinkThread = new Thread(sink, "web-it-sink");
        sinkThread.start();
        web = WebApplication.start(kafkaConfig, database, new WebSettings(0, maxRequestBytes, 1000, "web-it-streams", "web-it-sink"));
        accounts = new AccountStore(database.jdbi());
        accounts.add("it-admin", Role.ADMIN, AccessScope.EVERYTHING, "it-admin-password".toCharArray());
        adminToken = accounts.createToken("it-admin", Duration.ofDays(1)).secret();
    }

    /** Registers the two towns of 西青区 through the towns topic, as offices do. */
    void registerTowns() throws InterruptedException {
        EventJsonCodec codec = new EventJsonCodec();
        try (EventPublisher publisher = new EventPublisher(kafkaConfig)) {
            for (String json : List.of(
                    "{\"type\":\"TownRegistered\",\"event_id\":\"it-ylq-town\",\"town_code\":\"" + YLQ + "\",\"occurred_at\":\"2020-01-01\",\"office_id\":\"ylq-sfs\",\"name\":\"杨柳青镇\",\"district\":\"西青区\",\"city\":\"天津市\",\"level\":\"TOWN\"}",
                    "{\"type\":\"TownRegistered\",\"event_id\":\"it-xk-town\",\"town_code\":\"" + XK + "\",\"occurred_at\":\"2020-01-01\",\"office_id\":\"xk-sfs\",\"name\":\"辛口镇\",\"district\":\"西青区\",\"city\":\"天津市\",\"level\":\"TOWN\"}")) {
                publisher.publish(((DecodedEvent.Accepted) codec.decode(json)).event());
            }
            publisher.flush();
        }
        await("the towns stored", () -> store.scopes().size() == 4);
    }

    static IndicatorSnapshot rate(String scope, String period, String indicator, long numerator, long denominator) {
        return snapshot(scope, period, indicator, numerator, denominator);
    }

    static IndicatorSnapshot count(String scope, String period, String indicator, long value) {
        return snapshot(scope, period, indicator, value, null);
    }

    /** As the streams application computes it: the ratio where there is a denominator other than 0. */
    private static IndicatorSnapshot snapshot(String scope, String period, String indicator, long numerator, Long denominator) {
        Double value = denominator == null ? Double.valueOf(numerator) : denominator == 0 ? null : (double) numerator / denominator;
        return new IndicatorSnapshot(scope, period, indicator, BigDecimal.valueOf(numerator, 0).setScale(2),
                denominator == null ? null : BigDecimal.valueOf(denominator, 0).setScale(2), value, AS_OF);
    }

    /** Publishes snapshots as the streams application does. */
    void publish(IndicatorSnapshot... published) throws Exception {
        for (IndicatorSnapshot s : published) {
            snapshots.send(new ProducerRecord<>(Topics.INDICATORS.name(), s.getScopeCode() + "|" + s.getPeriod() + "|" + s.getIndicator(), s)).get();
        }
    }

    /** Publishes snapshots and waits until the sink has stored the last of them. */
    void publishAndStore(IndicatorSnapshot... published) throws Exception {
        publish(published);
        IndicatorSnapshot last = published[published.length - 1];
        await("the snapshots stored", () -> store.indicators(last.getScopeCode(), last.getPeriod(), Optional.empty()).stream()
                .anyMatch(s -> s.indicator().equals(last.getIndicator()) && s.numerator().compareTo(last.getNumerator()) == 0));
    }

    /** A GET as the administrator. */
    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return get(pathAndQuery, adminToken);
    }

    /** A GET with a bearer token, or none when it is null. */
    HttpResponse<String> get(String pathAndQuery, String token) throws IOException, InterruptedException {
        return http.send(bearer(HttpRequest.newBuilder(uri(pathAndQuery)), token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(bearer(HttpRequest.newBuilder(uri(pathAndQuery)), adminToken).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, adminToken);
    }

    HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        return http.send(bearer(HttpRequest.newBuilder(uri(path)), token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder bearer(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    URI uri(String pathAndQuery) {
        return uri(web, pathAndQuery);
    }

    static URI uri(WebApplication instance, String pathAndQuery) {
        return URI.create("http://localhost:" + instance.port() + pathAndQuery);
    }

    /** Records stored on all event topics: what an ingest request published. */
    long eventsOnTopics() throws Exception {
        return recordsOn(List.of(EventTopic.values()).stream().map(EventTopic::topicName).toList());
    }

    long deadLetters() throws Exception {
        return recordsOn(List.of(Topics.DEAD_LETTERS.name()));
    }

    private long recordsOn(List<String> topics) throws Exception {
        try (Admin admin = Admin.create(kafkaConfig)) {
            Map<TopicPartition, OffsetSpec> ends = admin.describeTopics(topics)
                    .allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            return admin.listOffsets(ends).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        web.close();
        sink.close();
        sinkThread.join();
        snapshots.close();
    }
}
