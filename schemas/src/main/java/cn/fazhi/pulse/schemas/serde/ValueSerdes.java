package cn.fazhi.pulse.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Utils;

/**
 * The serde of event and snapshot values, chosen by Kafka's standard {@code default.value.serde}
 * setting: the single-object Avro serde unless a site plugs another (a schema registry's).
 */
public final class ValueSerdes {
    /** Kafka Streams' own name for the setting, used for every client of the pipeline. */
    public static final String DEFAULT_VALUE_SERDE = "default.value.serde";

    private ValueSerdes() {}

    @SuppressWarnings("unchecked")
    public static Serde<SpecificRecord> fromConfig(Map<String, ?> kafkaConfig) {
        Object configured = kafkaConfig.get(DEFAULT_VALUE_SERDE);
        if (configured == null || configured.toString().equals(SingleObjectAvroSerde.class.getName())) {
            return SingleObjectAvroSerde.anyRecord();
        }
        try {
            Class<?> serdeClass = configured instanceof Class<?> c ? c : Class.forName(configured.toString());
            Serde<SpecificRecord> serde = (Serde<SpecificRecord>) Utils.newInstance(serdeClass);
            serde.configure(kafkaConfig, false);
            return serde;
        } catch (ClassNotFoundException | KafkaException | ClassCastException e) {
            throw new IllegalArgumentException(DEFAULT_VALUE_SERDE + ": cannot use " + configured + " (" + e.getMessage()
                    + "); is its jar on the class path?", e);
        }
    }
}
