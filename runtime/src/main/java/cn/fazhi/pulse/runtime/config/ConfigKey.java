package cn.fazhi.pulse.runtime.config;

import cn.fazhi.pulse.sink.SinkSettings;
import cn.fazhi.pulse.streams.IndicatorStreams;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the application, with its default. Each can be given in a properties file
 * ({@code --config}), as an environment variable ({@code FAZHI_} + the key upper-cased with dots
 * as underscores, e.g. {@code FAZHI_KAFKA_BOOTSTRAP_SERVERS}), or as a flag; later sources win.
 */
public enum ConfigKey {
    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap.servers", "", "Kafka brokers; empty: the demo embeds one, import and report look for a running demo, the services refuse to start"),
    KAFKA_REPLICATION_FACTOR("kafka.replication.factor", "", "replication of the topics the application creates; empty: 3 on a cluster of three or more brokers, else 1"),
    KAFKA_MIN_INSYNC_REPLICAS("kafka.min.insync.replicas", "", "replicas that must have a write before it counts; empty: 2 with three replicas, else 1"),
    DB_URL("db.url", "", "PostgreSQL JDBC URL; empty: the demo embeds one, report looks for a running demo, the services refuse to start"),
    DB_USER("db.user", "postgres", "database user"),
    DB_PASSWORD("db.password", "postgres", "database password"),
    DATA_DIR("data.dir", "data", "folder of the embedded broker, database and stream state"),
    HTTP_PORT("http.port", "8080", "port of the HTTP API and dashboard"),
    EMBEDDED_KAFKA_PORT("embedded.kafka.port", "19092", "port of the embedded broker (0 = any free port)"),
    EMBEDDED_DB_PORT("embedded.db.port", "15432", "port of the embedded database (0 = any free port)"),
    STREAMS_APPLICATION_ID("streams.application.id", "fazhi-indicators", "Kafka Streams application id"),
    STREAMS_STANDBY_REPLICAS("streams.standby.replicas", "", "warm copies of each state store on other instances; empty: 1 on a replicated cluster, else 0"),
    STREAMS_THREADS("streams.threads", "2", "stream threads of this instance (two keep both cores of a small machine busy)"),
    STREAMS_EMIT_INTERVAL_MS("streams.emit.interval.ms", millis(IndicatorStreams.Settings.DEFAULT_EMIT_INTERVAL),
            "how often changed indicators are published (every 2 s while working through a backlog)"),
    STREAMS_COMMIT_INTERVAL_MS("streams.commit.interval.ms", millis(IndicatorStreams.Settings.DEFAULT_COMMIT_INTERVAL),
            "exactly-once commit interval"),
    STREAMS_WRITE_BEHIND("streams.write.behind", String.valueOf(IndicatorStreams.Settings.DEFAULT_WRITE_BEHIND_STORES),
            "the topology's stores written behind at each commit; false uses Kafka Streams' own record cache"),
    SINK_GROUP_ID("sink.group.id", "fazhi-sink", "consumer group of the sink instances"),
    SINK_BATCH_SIZE("sink.batch.size", String.valueOf(SinkSettings.DEFAULT.batchSize()), "most snapshots the sink writes in one transaction"),
    SINK_LINGER_MS("sink.linger.ms", millis(SinkSettings.DEFAULT.linger()), "how long the sink waits for a batch to fill"),
    SINK_CONNECTIONS("sink.connections", String.valueOf(SinkSettings.DEFAULT.connections()),
            "transactions the sink writes a batch in at once (split by partition)");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The environment variable that sets it, e.g. {@code FAZHI_DB_URL}. */
    public String environmentVariable() {
        return "FAZHI_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Defaults that live beside the code they tune, written as this file writes them. */
    private static String millis(Duration duration) {
        return String.valueOf(duration.toMillis());
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static Optional<ConfigKey> byEnvironmentVariable(String name) {
        return Arrays.stream(values()).filter(k -> k.environmentVariable().equals(name)).findFirst();
    }
}
