package cn.fazhi.pulse.streams;

import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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

    public static SpecificRecord retraction(String retractedEventId, String type, String entityId, String date) {
        return event(String.format("{\"type\":\"EventRetracted\",\"event_id\":\"r-%s\",\"town_code\":\"%s\",\"occurred_at\":\"%s\",\"retracted_event_id\":\"%s\",\"retracted_type\":\"%s\",\"entity_id\":\"%s\"}",
                retractedEventId, TOWN, date, retractedEventId, type, entityId));
    }
}
