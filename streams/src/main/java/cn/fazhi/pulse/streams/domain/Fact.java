package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.schemas.Events;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event of an entity, with the time it reached the pipeline (for the data-quality figures) and,
 * where ingest recorded it, who submitted it (an account id, shown with the evidence; null if not
 * known). The submitter never changes a figure.
 */
public record Fact(SpecificRecord event, Instant arrivedAt, String submitter) {

    public Fact(SpecificRecord event, Instant arrivedAt) {
        this(event, arrivedAt, null);
    }

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
