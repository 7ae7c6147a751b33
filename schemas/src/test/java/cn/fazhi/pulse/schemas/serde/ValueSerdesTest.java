package cn.fazhi.pulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class ValueSerdesTest {

    @Test
    void shouldUseSingleObjectAvroWhenNothingIsConfigured() {
        assertThat(ValueSerdes.fromConfig(Map.of())).isInstanceOf(SingleObjectAvroSerde.class);
    }

    @Test
    void shouldUseAndConfigureThePluggedSerdeWhenDefaultValueSerdeNamesOne() {
        Serde<SpecificRecord> serde = ValueSerdes.fromConfig(Map.of("default.value.serde", RegistryLikeSerde.class.getName(),
                "schema.registry.url", "http://registry:8081"));

        assertThat(serde).isInstanceOfSatisfying(RegistryLikeSerde.class,
                s -> assertThat(s.url).isEqualTo("http://registry:8081"));
    }

    @Test
    void shouldNameTheSettingWhenThePluggedSerdeIsNotOnTheClassPath() {
        assertThatThrownBy(() -> ValueSerdes.fromConfig(Map.of("default.value.serde", "io.example.MissingSerde")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("default.value.serde: cannot use io.example.MissingSerde");
    }

    /** Stands in for a registry's serde: a public class with a no-argument constructor, configured by Kafka settings. */
    public static final class RegistryLikeSerde implements Serde<SpecificRecord> {
        String url;

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            url = (String) configs.get("schema.registry.url");
        }

        @Override
        public Serializer<SpecificRecord> serializer() {
            return SingleObjectAvroSerde.anyRecord().serializer();
        }

        @Override
        public Deserializer<SpecificRecord> deserializer() {
            return SingleObjectAvroSerde.anyRecord().deserializer();
        }
    }
}
