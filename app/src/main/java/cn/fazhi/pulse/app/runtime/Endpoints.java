package cn.fazhi.pulse.app.runtime;

import cn.fazhi.pulse.sink.Database;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** Where the pipeline's Kafka cluster and database are, embedded or not. */
public record Endpoints(String bootstrapServers, Database database) {

    /** The Kafka client settings every component starts from. */
    public Map<String, Object> kafkaConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }
}
