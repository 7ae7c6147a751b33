package cn.fazhi.pulse.streams;

import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;

/** Events for tests, written as the JSON an office would send. */
public final class TestEvents {
    public static final String TOWN = "370323106000";
    private static final EventJsonCodec CODEC = new EventJsonCodec(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));

    private TestEvents() {}

    public static SpecificRecord event(String json) {
        DecodedEvent decoded = CODEC.decode(json);
        if (decoded instanceof DecodedEvent.Accepted accepted) {
            return accepted.event();
        }
        throw new IllegalArgumentException(((DecodedEvent.Rejected) decoded).reason());
    }

    public static SpecificRecord accepted(String town, String id, String date, String disputeType) {
        return event(String.format("{\"type\":\"MediationAccepted\",\"event_id\":\"%s-a\",\"town_code\":\"%s\",\"occurred_at\":\"%s\",\"mediation_id\":\"%s\",\"dispute_type\":\"%s\"}",
                id, town, date, id, disputeType));
    }

    public static SpecificRecord accepted(String id, String date) {
        return accepted(TOWN, id, date, "NEIGHBOR");
    }

    public static SpecificRecord concluded(String id, String date, String outcome, String form) {
        return concluded(id + "-c", id, date, outcome, form);
    }

    public static SpecificRecord concluded(String eventId, String id, String date, String outcome, String form) {
        String formField = form == null ? "" : ",\"agreement_form\":\"" + form + "\"";
        return event(String.format("{\"type\":\"MediationConcluded\",\"event_id\":\"%s\",\"town_code\":\"%s\",\"occurred_at\":\"%s\",\"mediation_id\":\"%s\",\"outcome\":\"%s\"%s}",
                eventId, TOWN, date, id, outcome, formField));
    }

    /**
     * A penalty as single-object bytes whose fine has more digits than its schema's precision
     * allows, as a client that does not check the precision (not the Avro Java encoder, which
     * refuses) can write it: it decodes, and passes the contract's rules, but its amount in fen
     * does not fit the rules' sums.
     */
    public static byte[] penaltyWithAFineBeyondItsPrecision(String id, String date) {
        SpecificRecord penalty = event(String.format("{\"type\":\"PenaltyImposed\",\"event_id\":\"%s\",\"town_code\":\"%s\",\"occurred_at\":\"%s\",\"penalty_id\":\"%s\",\"category\":\"CIVILIZED_BEHAVIOR\",\"fine_yuan\":1.00}",
                id, TOWN, date, id));
        Schema schema = penalty.getSchema();
        try {
            GenericRecord generic = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), schema)
                    .decode(SingleObjectAvroSerde.anyRecord().serialize(penalty));
            generic.put("fine_yuan", ByteBuffer.wrap(BigInteger.TEN.pow(19).toByteArray())); // 10^17 yuan in fen
            ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(generic);
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SpecificRecord retraction(String retractedEventId, String type, String entityId, String date) {
        return event(String.format("{\"type\":\"EventRetracted\",\"event_id\":\"r-%s\",\"town_code\":\"%s\",\"occurred_at\":\"%s\",\"retracted_event_id\":\"%s\",\"retracted_type\":\"%s\",\"entity_id\":\"%s\"}",
                retractedEventId, TOWN, date, retractedEventId, type, entityId));
    }
}
