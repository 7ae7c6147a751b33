package cn.fazhi.pulse.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.streams.domain.MeasureCodes;
import cn.fazhi.pulse.streams.domain.Measures;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;

class InternalSerdesTest {
    private static final Instant AS_OF = Instant.parse("2020-03-19T16:00:00Z");

    @Test
    void shouldRoundTripKnownAndUnknownMeasuresWithNegativeChanges() {
        Figures figures = new Figures(Measures.of(Map.of("mediation.accepted", 139L, "coverage.villages_covered", -3L,
                "enforcement.fines_yuan", 1_185_000L, "some.future_measure", 7L)), AS_OF);
        var serde = InternalSerdes.figures();

        byte[] bytes = serde.serializer().serialize("t", figures);

        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(figures);
        assertThat(bytes.length).as("compact: codes and varints").isLessThan(60);
    }

    @Test
    void shouldWriteTheSecondFormatByteForByteAsItsFirstWriterDid() throws IOException {
        // The second format was first written through Kafka's ByteUtils and DataOutput; state left
        // by that writer must read the same, so the hand-written codec has to match it exactly.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(2);
        ByteUtils.writeVarlong(AS_OF.toEpochMilli(), out);
        ByteUtils.writeVarint(2, out);
        ByteUtils.writeVarint(MeasureCodes.code("mediation.accepted"), out);
        ByteUtils.writeVarlong(-139L, out);
        ByteUtils.writeVarint(0, out);
        out.writeUTF("some.future_measure");
        ByteUtils.writeVarlong(Long.MAX_VALUE, out);
        Figures figures = new Figures(Measures.of(Map.of("mediation.accepted", -139L, "some.future_measure", Long.MAX_VALUE)), AS_OF);

        byte[] written = InternalSerdes.figures().serializer().serialize("t", figures);

        assertThat(written).isEqualTo(bytes.toByteArray());
        assertThat(InternalSerdes.figures().deserializer().deserialize("t", bytes.toByteArray())).isEqualTo(figures);
    }

    @Test
    void shouldRefuseFiguresThatEndInsideANumber() {
        byte[] truncated = {2, (byte) 0x80};

        assertThatThrownBy(() -> InternalSerdes.figures().deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("ends inside a number");
    }

    @Test
    void shouldReadFiguresWrittenInTheFirstFormatWhenUpgrading() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeLong(AS_OF.toEpochMilli());
        out.writeInt(1);
        out.writeUTF("mediation.accepted");
        out.writeLong(139L);

        Figures read = InternalSerdes.figures().deserializer().deserialize("t", bytes.toByteArray());

        assertThat(read).isEqualTo(new Figures(Measures.of(Map.of("mediation.accepted", 139L)), AS_OF));
    }

    @Test
    void shouldKeepEachEventsSubmitterWhenEntityFactsRoundTrip() {
        var serde = InternalSerdes.entityFacts(cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde.anyRecord());
        var facts = cn.fazhi.pulse.streams.domain.EntityFacts.NONE
                .with(cn.fazhi.pulse.streams.TestEvents.accepted("m-1", "2020-03-02"), AS_OF, "account-17")
                .with(cn.fazhi.pulse.streams.TestEvents.concluded("m-1", "2020-03-20", "FAILED", null), AS_OF, null);

        var read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", facts));

        assertThat(read).isEqualTo(facts);
        assertThat(read.all()).extracting(cn.fazhi.pulse.streams.domain.Fact::submitter).containsExactly("account-17", null);
    }

    @Test
    void shouldReadEntityFactsWrittenInTheFirstFormatWithoutSubmittersWhenUpgrading() throws IOException {
        var events = cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde.anyRecord();
        byte[] event = events.serialize(cn.fazhi.pulse.streams.TestEvents.accepted("m-1", "2020-03-02"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeInt(1);
        out.writeLong(AS_OF.toEpochMilli());
        out.writeInt(event.length);
        out.write(event);
        out.writeInt(0);

        var read = InternalSerdes.entityFacts(events).deserializer().deserialize("t", bytes.toByteArray());

        assertThat(read.all()).singleElement().satisfies(f -> {
            assertThat(f.eventId()).isEqualTo("m-1-a");
            assertThat(f.arrivedAt()).isEqualTo(AS_OF);
            assertThat(f.submitter()).isNull();
        });
    }
}
