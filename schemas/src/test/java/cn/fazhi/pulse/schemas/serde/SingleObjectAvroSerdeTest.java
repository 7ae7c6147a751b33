package cn.fazhi.pulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.events.MediationAccepted;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.EveryEventType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SingleObjectAvroSerdeTest {
    private final SingleObjectAvroSerde<SpecificRecord> serde = SingleObjectAvroSerde.anyRecord();

    @Test
    void shouldRoundTripEveryEventTypeWhenWrittenWithTheCurrentSchema() {
        for (SpecificRecord event : EveryEventType.records()) {
            byte[] bytes = serde.serializer().serialize("t", event);

            assertThat(serde.deserializer().deserialize("t", bytes)).as(event.getSchema().getName()).isEqualTo(event);
        }
    }

    @Test
    void shouldRoundTripASnapshotWithDecimalsAndNulls() {
        var serde = SingleObjectAvroSerde.of(IndicatorSnapshot.class, SchemaHistory.standard());
        IndicatorSnapshot snapshot = new IndicatorSnapshot("120111101000", "2020", "enforcement.fines_yuan",
                new BigDecimal("11850.00"), null, 11850.0, Instant.parse("2020-12-30T02:00:00Z"));

        assertThat(serde.deserialize(serde.serialize(snapshot))).isEqualTo(snapshot);
    }

    @Test
    void shouldReadAMessageWrittenWithAnOlderVersionWhenTheCurrentOneAddedAField() {
        // Given an older MediationAccepted without committee_id, released before the current one
        Schema current = MediationAccepted.getClassSchema();
        Schema older = withoutField(current, "committee_id");
        GenericRecord old = new GenericData.Record(older);
        old.put("event_id", "m-0001-a");
        old.put("town_code", "120111101000");
        old.put("occurred_at", 1_578_240_000_000L);
        old.put("mediation_id", "m-0001");
        old.put("dispute_type", new GenericData.EnumSymbol(older.getField("dispute_type").schema(), "NEIGHBOR"));
        byte[] bytes = encode(older, old);
        var reader = new SingleObjectAvroSerde<>(
                SchemaHistory.standardWithReleased(current.getFullName(), List.of(older, current)), SpecificRecord.class);

        // When a current reader reads it
        SpecificRecord read = reader.deserialize(bytes);

        // Then it gets the current class, the new field at its default
        assertThat(read).isInstanceOf(MediationAccepted.class);
        assertThat(((MediationAccepted) read).getMediationId()).isEqualTo("m-0001");
        assertThat(((MediationAccepted) read).getCommitteeId()).isNull();
    }

    @Test
    void shouldNameTheProblemWhenAMessageWasWrittenWithAnUnreleasedVersion() {
        Schema older = withoutField(MediationAccepted.getClassSchema(), "committee_id");
        GenericRecord old = new GenericData.Record(older);
        old.put("event_id", "m-0001-a");
        old.put("town_code", "120111101000");
        old.put("occurred_at", 1_578_240_000_000L);
        old.put("mediation_id", "m-0001");
        old.put("dispute_type", new GenericData.EnumSymbol(older.getField("dispute_type").schema(), "NEIGHBOR"));

        assertThatThrownBy(() -> serde.deserialize(encode(older, old)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema fingerprint");
    }

    private static Schema withoutField(Schema schema, String name) {
        List<Schema.Field> fields = schema.getFields().stream()
                .filter(f -> !f.name().equals(name))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    @Test
    void shouldRefuseBytesThatAreNotSingleObjectEncoded() {
        assertThatThrownBy(() -> serde.deserialize("{\"type\":\"x\"}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not an Avro single-object message");
    }

    @Test
    void shouldRefuseAMessageOfAnotherClassWhenTheSerdeIsTyped() {
        var typed = SingleObjectAvroSerde.of(IndicatorSnapshot.class, SchemaHistory.standard());
        byte[] event = serde.serialize(EveryEventType.records().get(0));

        assertThatThrownBy(() -> typed.deserialize(event)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("expected IndicatorSnapshot");
    }

    private static byte[] encode(Schema schema, GenericRecord record) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
