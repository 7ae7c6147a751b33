package cn.fazhi.pulse.producers.ledger;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One row of an entity ledger, read: the mediation, petition or case it is, and the events of
 * the steps its cells hold, by step ({@link StableEventIds#step}). The events' {@code event_id}
 * is not yet chosen: that is the submission's job, which knows what was published before.
 *
 * @param year the year of the entity's opening step (受理, 登记, 立案) in China, what sync covers
 * @param place where a clerk finds the row, in both languages
 */
public record LedgerEntity(String townCode, EntityLedgerKind kind, String entityId, int year, String place,
                           Map<String, SpecificRecord> steps) {

    public LedgerEntity {
        steps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(steps));
    }
}
