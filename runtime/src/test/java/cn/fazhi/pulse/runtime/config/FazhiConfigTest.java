package cn.fazhi.pulse.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FazhiConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldRunEverythingEmbeddedWhenNothingIsConfigured() {
        FazhiConfig config = FazhiConfig.load(Optional.empty(), Map.of(), Map.of());

        assertThat(config.embeddedKafka()).isTrue();
        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.emitInterval()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldLetFlagsWinOverTheEnvironmentAndTheEnvironmentOverTheFile() throws IOException {
        Path file = dir.resolve("fazhi.properties");
        Files.writeString(file, "kafka.bootstrap.servers=file:9092\nhttp.port=7000\nsink.batch.size=10\n");

        FazhiConfig config = FazhiConfig.load(Optional.of(file),
                Map.of("FAZHI_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "FAZHI_HTTP_PORT", "7001", "PATH", "/usr/bin"),
                Map.of(ConfigKey.HTTP_PORT, "7002"));

        assertThat(config.bootstrapServers()).contains("env:9092");
        assertThat(config.httpPort()).isEqualTo(7002);
        assertThat(config.sinkBatchSize()).isEqualTo(10);
        assertThat(config.embeddedKafka()).isFalse();
    }

    @Test
    void shouldReportEveryBadSettingWithItsKeyAtOnce() {
        assertThatThrownBy(() -> FazhiConfig.load(Optional.empty(),
                Map.of("FAZHI_HTTP_PORT", "eighty", "FAZHI_DB_URL", "postgres://x/y", "FAZHI_KAFKA_BROKERS", "x"),
                Map.of(ConfigKey.STREAMS_THREADS, "0")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4).anySatisfy(p -> assertThat(p).startsWith("http.port: eighty"))
                        .anySatisfy(p -> assertThat(p).startsWith("db.url:").contains("jdbc:postgresql"))
                        .anySatisfy(p -> assertThat(p).startsWith("FAZHI_KAFKA_BROKERS: not a setting"))
                        .anySatisfy(p -> assertThat(p).startsWith("streams.threads: 0 is not between 1 and 64")));
    }

    @Test
    void shouldNameTheEnvironmentVariableOfEachKey() {
        assertThat(ConfigKey.KAFKA_BOOTSTRAP_SERVERS.environmentVariable()).isEqualTo("FAZHI_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(ConfigKey.byEnvironmentVariable("FAZHI_DB_URL")).contains(ConfigKey.DB_URL);
    }

    @Test
    void shouldPassKafkaClientSettingsThroughWithoutTheirPrefix() throws IOException {
        Path file = dir.resolve("fazhi.properties");
        Files.writeString(file, "kafka.client.security.protocol=SASL_SSL\nkafka.client.default.value.serde=x.Serde\n");

        FazhiConfig config = FazhiConfig.load(Optional.of(file), Map.of("FAZHI_KAFKA_CLIENT_SCHEMA_REGISTRY_URL", "http://registry:8081"),
                Map.of(), Map.of("sasl.mechanism", "PLAIN"));

        assertThat(config.kafkaClient()).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL",
                "default.value.serde", "x.Serde", "schema.registry.url", "http://registry:8081", "sasl.mechanism", "PLAIN"));
    }

    @Test
    void shouldRefuseASinkGroupThatIsTheStreamsApplicationsGroup() {
        assertThatThrownBy(() -> FazhiConfig.load(Optional.empty(), Map.of(), Map.of(ConfigKey.SINK_GROUP_ID, "fazhi-indicators")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("sink.group.id: must differ from streams.application.id"));
    }
}
