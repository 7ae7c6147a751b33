package cn.fazhi.pulse.schemas;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/** A topic's name, key and value serdes, partition count and clean-up policy, declared once. */
public record TopicContract<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, boolean compacted) {

    /** The topic as the admin client creates it, with the given replication factor. */
    public NewTopic newTopic(short replicationFactor) {
        return newTopic(replicationFactor, 1);
    }

    /**
     * The topic with {@code replicationFactor} copies of each partition, of which
     * {@code minInsyncReplicas} must hold a write (from producers with {@code acks=all}) before it counts.
     */
    public NewTopic newTopic(short replicationFactor, int minInsyncReplicas) {
        return new NewTopic(name, partitions, replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                        compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE,
                        // Events are the record of what happened: kept until a site decides otherwise.
                        TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInsyncReplicas)));
    }
}
