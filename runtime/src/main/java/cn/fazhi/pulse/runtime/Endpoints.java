package cn.fazhi.pulse.runtime;

import cn.fazhi.pulse.runtime.config.ConfigException;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.store.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where the pipeline's Kafka cluster and database are, embedded or not, and the Kafka client
 * settings a site adds (security, serdes).
 */
public record Endpoints(String bootstrapServers, Database database, Map<String, String> kafkaClient) {

    /**
     * The cluster and database the configuration names, for a service that must never start
     * embedded ones of its own.
     *
     * @throws ConfigException naming every missing setting
     */
    public static Endpoints configured(FazhiConfig config) {
        List<String> missing = new ArrayList<>();
        if (config.bootstrapServers().isEmpty()) {
            missing.add(describe(ConfigKey.KAFKA_BOOTSTRAP_SERVERS, "the Kafka brokers, e.g. kafka1:9092,kafka2:9092"));
        }
        if (config.dbUrl().isEmpty()) {
            missing.add(describe(ConfigKey.DB_URL, "the PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/fazhi"));
        }
        if (!missing.isEmpty()) {
            missing.add("a service runs against a real cluster and database; only `fazhi demo` starts embedded ones (docs/deployment.md)");
            throw new ConfigException(missing);
        }
        return new Endpoints(config.bootstrapServers().orElseThrow(),
                new Database(config.dbUrl().orElseThrow(), config.dbUser(), config.dbPassword()), config.kafkaClient());
    }

    private static String describe(ConfigKey key, String what) {
        return key.key() + " (" + key.environmentVariable() + "): not set — " + what;
    }

    /** The Kafka client settings every component starts from. */
    public Map<String, Object> kafkaConfig() {
        Map<String, Object> config = new HashMap<>(kafkaClient);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }
}
