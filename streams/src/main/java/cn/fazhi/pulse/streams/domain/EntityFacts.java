package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.events.EventRetracted;
import cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;

/**
 * Everything known about one entity: its events by {@code event_id}. Because an entity's figures
 * are a function of this set alone, the order in which events arrive cannot change them: a
 * duplicate leaves the set as it was, a correction replaces its earlier version, a retraction
 * hides its target (even one that arrives after it). Earlier versions are remembered by
 * fingerprint, so a late re-send of one never undoes the correction that replaced it.
 */
public final class EntityFacts {
    public static final EntityFacts NONE = new EntityFacts(Map.of(), Map.of());

    private final Map<String, Fact> byEventId;
    private final Map<String, Set<Long>> supersededByEventId;

    private EntityFacts(Map<String, Fact> byEventId, Map<String, Set<Long>> supersededByEventId) {
        this.byEventId = Collections.unmodifiableMap(byEventId);
        this.supersededByEventId = Collections.unmodifiableMap(supersededByEventId);
    }

    public static EntityFacts of(Collection<Fact> facts, Map<String, Set<Long>> superseded) {
        Map<String, Fact> map = new LinkedHashMap<>();
        facts.forEach(f -> map.put(f.eventId(), f));
        return new EntityFacts(map, new LinkedHashMap<>(superseded));
    }

    /**
     * The facts after one more event. A duplicate (same id, same content), or a re-sent version
     * that a correction already replaced, returns this very instance, so callers can tell that
     * nothing changed; a duplicate keeps its first arrival time.
     */
    public EntityFacts with(SpecificRecord event, Instant arrivedAt) {
        return with(event, arrivedAt, null);
    }

    /** The same, remembering who submitted the event (null when not known). */
    public EntityFacts with(SpecificRecord event, Instant arrivedAt, String submitter) {
        Fact incoming = new Fact(event, arrivedAt, submitter);
        String eventId = incoming.eventId();
        Fact existing = byEventId.get(eventId);
        if (existing != null && existing.event().equals(event)) {
            return this;
        }
        Set<Long> superseded = supersededByEventId.getOrDefault(eventId, Set.of());
        if (!superseded.isEmpty() && superseded.contains(fingerprint(event))) {
            return this;
        }
        Map<String, Fact> updated = new LinkedHashMap<>(byEventId);
        updated.put(eventId, incoming);
        Map<String, Set<Long>> updatedSuperseded = supersededByEventId;
        if (existing != null) {
            Set<Long> versions = new LinkedHashSet<>(superseded);
            versions.add(fingerprint(existing.event()));
            updatedSuperseded = new LinkedHashMap<>(supersededByEventId);
            updatedSuperseded.put(eventId, Collections.unmodifiableSet(versions));
        }
        return new EntityFacts(updated, updatedSuperseded);
    }

    /** All facts held, retractions and retracted ones included (what the state store keeps). */
    public Collection<Fact> all() {
        return byEventId.values();
    }

    /** Fingerprints of the versions corrections replaced, by event id. */
    public Map<String, Set<Long>> superseded() {
        return supersededByEventId;
    }

    /** The facts that count: neither retractions nor retracted. */
    public List<Fact> live() {
        Set<String> retracted = new HashSet<>();
        for (Fact fact : byEventId.values()) {
            if (fact.event() instanceof EventRetracted r) {
                retracted.add(r.getRetractedEventId());
            }
        }
        return byEventId.values().stream()
                .filter(f -> !(f.event() instanceof EventRetracted))
                .filter(f -> !retracted.contains(f.eventId()))
                .toList();
    }

    /**
     * Retractions whose event has not arrived (yet): they wait, like a lifecycle's later steps
     * wait for its opening event, and are counted as waiting so that none goes unseen.
     */
    public List<Fact> waitingRetractions() {
        return byEventId.values().stream()
                .filter(f -> f.event() instanceof EventRetracted r && !byEventId.containsKey(r.getRetractedEventId()))
                .toList();
    }

    /** The ids of the events an {@code EventRetracted} of this entity withdraws. */
    public Set<String> retractedIds() {
        Set<String> retracted = new HashSet<>();
        for (Fact fact : byEventId.values()) {
            if (fact.event() instanceof EventRetracted r) {
                retracted.add(r.getRetractedEventId());
            }
        }
        return retracted;
    }

    public boolean isEmpty() {
        return byEventId.isEmpty();
    }

    private static long fingerprint(SpecificRecord event) {
        return SchemaNormalization.fingerprint64(Encoder.SERDE.serialize(event));
    }

    private static final class Encoder {
        static final SingleObjectAvroSerde<SpecificRecord> SERDE = SingleObjectAvroSerde.anyRecord();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityFacts f && f.byEventId.equals(byEventId) && f.supersededByEventId.equals(supersededByEventId);
    }

    @Override
    public int hashCode() {
        return byEventId.hashCode();
    }
}
