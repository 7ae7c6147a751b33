package cn.fazhi.pulse.schemas;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/** The fields every event has, read from any event record of the catalog, and the header some carry. */
public final class Events {
    /**
     * The Kafka header that carries who submitted an event, as the server authenticated them
     * (account, token or session, channel, address, time): written by HTTP ingest, never taken from
     * a request's body; the streams keep only its account id, for the evidence.
     */
    public static final String SUBMITTER_HEADER = "fazhi.submitter";

    private Events() {}

    public static String eventId(SpecificRecord event) {
        return (String) event.get(event.getSchema().getField("event_id").pos());
    }

    public static String townCode(SpecificRecord event) {
        return (String) event.get(event.getSchema().getField("town_code").pos());
    }

    public static Instant occurredAt(SpecificRecord event) {
        return (Instant) event.get(event.getSchema().getField("occurred_at").pos());
    }

    /** The value of the event's id field: its case, mediation, petition, ... id. */
    public static String entityId(SpecificRecord event) {
        String idField = EventType.of(event).idField();
        return (String) event.get(event.getSchema().getField(idField).pos());
    }

    /**
     * The record key {@code town_code|kind|entity_id} under which the event is published; every
     * event of one entity shares it.
     *
     * @throws IllegalArgumentException for a retraction of an unknown event type
     */
    public static String key(SpecificRecord event) {
        EntityKind kind = EventType.entityKind(event)
                .orElseThrow(() -> new IllegalArgumentException("retraction of an unknown event type"));
        return kind.key(townCode(event), entityId(event));
    }
}
