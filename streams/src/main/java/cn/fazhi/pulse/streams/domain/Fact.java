package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.schemas.Events;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/** One event of an entity, with the time it reached the pipeline (for the data-quality figures). */
public record Fact(SpecificRecord event, Instant arrivedAt) {

    public String eventId() {
        return Events.eventId(event);
    }

    public Instant occurredAt() {
        return Events.occurredAt(event);
    }

    public String townCode() {
        return Events.townCode(event);
    }
}
