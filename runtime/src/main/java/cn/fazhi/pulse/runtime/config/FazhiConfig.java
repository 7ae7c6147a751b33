package cn.fazhi.pulse.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The application's settings, parsed once into typed fields. Empty Kafka or database addresses
 * mean the embedded ones. Settings named {@code kafka.client.*} (environment:
 * {@code FAZHI_KAFKA_CLIENT_*}) are passed, without the prefix, to every Kafka client: security,
 * tuning, or another serde ({@code kafka.client.default.value.serde}).
 */
public record FazhiConfig(
        Optional<String> bootstrapServers,
        Optional<Short> replicationFactor,
        Optional<Integer> minInsyncReplicas,
        Optional<String> dbUrl,
        String dbUser,
        String dbPassword,
        Path dataDir,
        int httpPort,
        int embeddedKafkaPort,
        int embeddedDbPort,
        String applicationId,
        Optional<Integer> standbyReplicas,
        int streamThreads,
        Duration emitInterval,
        Duration commitInterval,
        boolean streamsWriteBehind,
        String sinkGroupId,
        int sinkBatchSize,
        Duration sinkLinger,
        int sinkConnections,
        Map<String, String> kafkaClient) {

    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";
    private static final String KAFKA_CLIENT_ENV_PREFIX = "FAZHI_KAFKA_CLIENT_";

    public FazhiConfig {
        kafkaClient = Map.copyOf(kafkaClient);
    }

    /**
     * Reads the settings: defaults, then the file (if any), then the environment, then flags.
     *
     * @throws ConfigException listing every bad value with its key
     */
    public static FazhiConfig load(Optional<Path> file, Map<String, String> environment, Map<ConfigKey, String> flags) {
        return load(file, environment, flags, Map.of());
    }

    /** As {@link #load(Optional, Map, Map)}, with Kafka client settings given as flags ({@code --set kafka.client.x=y}). */
    public static FazhiConfig load(Optional<Path> file, Map<String, String> environment, Map<ConfigKey, String> flags,
                                   Map<String, String> kafkaClientFlags) {
        List<String> problems = new ArrayList<>();
        Map<String, String> kafkaClient = new TreeMap<>();
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key, key.defaultValue());
        }
        file.ifPresent(path -> readFile(path, values, kafkaClient, problems));
        environment.forEach((name, value) -> {
            if (name.startsWith(KAFKA_CLIENT_ENV_PREFIX)) {
                kafkaClient.put(name.substring(KAFKA_CLIENT_ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value);
            } else if (name.startsWith("FAZHI_")) {
                ConfigKey.byEnvironmentVariable(name).ifPresentOrElse(key -> values.put(key, value),
                        () -> problems.add(name + ": not a setting of Fazhi Pulse (see docs/deployment.md)"));
            }
        });
        values.putAll(flags);
        kafkaClient.putAll(kafkaClientFlags);
        Parser p = new Parser(values, problems);
        FazhiConfig config = new FazhiConfig(
                p.optional(ConfigKey.KAFKA_BOOTSTRAP_SERVERS),
                p.optionalInteger(ConfigKey.KAFKA_REPLICATION_FACTOR, 1, Short.MAX_VALUE).map(Integer::shortValue),
                p.optionalInteger(ConfigKey.KAFKA_MIN_INSYNC_REPLICAS, 1, Short.MAX_VALUE),
                p.optional(ConfigKey.DB_URL).map(url -> p.jdbcUrl(ConfigKey.DB_URL, url)),
                p.text(ConfigKey.DB_USER),
                values.get(ConfigKey.DB_PASSWORD),
                Path.of(p.text(ConfigKey.DATA_DIR)),
                p.integer(ConfigKey.HTTP_PORT, 0, 65535),
                p.integer(ConfigKey.EMBEDDED_KAFKA_PORT, 0, 65535),
                p.integer(ConfigKey.EMBEDDED_DB_PORT, 0, 65535),
                p.text(ConfigKey.STREAMS_APPLICATION_ID),
                p.optionalInteger(ConfigKey.STREAMS_STANDBY_REPLICAS, 0, 16),
                p.integer(ConfigKey.STREAMS_THREADS, 1, 64),
                Duration.ofMillis(p.integer(ConfigKey.STREAMS_EMIT_INTERVAL_MS, 10, 3_600_000)),
                Duration.ofMillis(p.integer(ConfigKey.STREAMS_COMMIT_INTERVAL_MS, 10, 3_600_000)),
                p.bool(ConfigKey.STREAMS_WRITE_BEHIND),
                p.text(ConfigKey.SINK_GROUP_ID),
                p.integer(ConfigKey.SINK_BATCH_SIZE, 1, 1_000_000),
                Duration.ofMillis(p.integer(ConfigKey.SINK_LINGER_MS, 0, 60_000)),
                p.integer(ConfigKey.SINK_CONNECTIONS, 1, 64),
                kafkaClient);
        if (config.sinkGroupId().equals(config.applicationId())) {
            problems.add(ConfigKey.SINK_GROUP_ID.key() + ": must differ from " + ConfigKey.STREAMS_APPLICATION_ID.key()
                    + " (" + config.applicationId() + "), which Kafka Streams uses as its consumer group");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    public boolean embeddedKafka() {
        return bootstrapServers.isEmpty();
    }

    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    private static void readFile(Path path, Map<ConfigKey, String> values, Map<String, String> kafkaClient, List<String> problems) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            problems.add(path + ": cannot read (" + e.getMessage() + ")");
            return;
        }
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(KAFKA_CLIENT_PREFIX)) {
                kafkaClient.put(name.substring(KAFKA_CLIENT_PREFIX.length()), properties.getProperty(name).trim());
                continue;
            }
            ConfigKey.byKey(name).ifPresentOrElse(key -> values.put(key, properties.getProperty(name).trim()),
                    () -> problems.add(path + ": " + name + " is not a setting of Fazhi Pulse"));
        }
    }

    private record Parser(Map<ConfigKey, String> values, List<String> problems) {
        Optional<String> optional(ConfigKey key) {
            String value = values.get(key);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        String text(ConfigKey key) {
            String value = values.get(key);
            if (value == null || value.isBlank()) {
                problems.add(key.key() + ": must not be empty");
                return key.defaultValue();
            }
            return value.trim();
        }

        /** Empty means "decided from the cluster"; anything else must be a whole number in range. */
        Optional<Integer> optionalInteger(ConfigKey key, int min, int max) {
            return optional(key).map(value -> integer(key, min, max));
        }

        int integer(ConfigKey key, int min, int max) {
            String value = values.get(key);
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed < min || parsed > max) {
                    problems.add(key.key() + ": " + value + " is not between " + min + " and " + max);
                }
                return parsed;
            } catch (NumberFormatException | NullPointerException e) {
                problems.add(key.key() + ": " + value + " is not a whole number");
                return Integer.parseInt(key.defaultValue());
            }
        }

        boolean bool(ConfigKey key) {
            String value = values.get(key) == null ? "" : values.get(key).trim();
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(value);
            }
            problems.add(key.key() + ": " + values.get(key) + " is not true or false");
            return Boolean.parseBoolean(key.defaultValue());
        }

        String jdbcUrl(ConfigKey key, String url) {
            if (!url.startsWith("jdbc:postgresql:")) {
                problems.add(key.key() + ": " + url + " is not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db)");
            }
            return url;
        }
    }
}
