package cn.fazhi.pulse.app.runtime;

import cn.fazhi.pulse.sink.Database;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where the pipeline's Kafka cluster and database are, embedded or not, and the Kafka client
 * settings a site adds (security, serdes).
 */
public record Endpoints(String bootstrapServers, Database database, Map<String, String> kafkaClient) {

    /** The Kafka client settings every component starts from. */
    public Map<String, Object> kafkaConfig() {
        Map<String, Object> config = new HashMap<>(kafkaClient);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }
}
