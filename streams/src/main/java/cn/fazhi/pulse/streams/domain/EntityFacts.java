package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.events.EventRetracted;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Everything known about one entity: its events by {@code event_id}. Because an entity's figures
 * are a function of this set alone, the order in which events arrive cannot change them: a
 * duplicate leaves the set as it was, a correction replaces its earlier version, a retraction
 * hides its target (even one that arrives after it).
 */
public final class EntityFacts {
    public static final EntityFacts NONE = new EntityFacts(Map.of());

    private final Map<String, Fact> byEventId;

    private EntityFacts(Map<String, Fact> byEventId) {
        this.byEventId = Collections.unmodifiableMap(byEventId);
    }

    public static EntityFacts of(Collection<Fact> facts) {
        Map<String, Fact> map = new LinkedHashMap<>();
        facts.forEach(f -> map.put(f.eventId(), f));
        return new EntityFacts(map);
    }

    /**
     * The facts after one more event. A duplicate (same id, same content) returns this very
     * instance, so callers can tell that nothing changed; it keeps its first arrival time.
     */
    public EntityFacts with(SpecificRecord event, Instant arrivedAt) {
        Fact incoming = new Fact(event, arrivedAt);
        Fact existing = byEventId.get(incoming.eventId());
        if (existing != null && existing.event().equals(event)) {
            return this;
        }
        Map<String, Fact> updated = new LinkedHashMap<>(byEventId);
        updated.put(incoming.eventId(), incoming);
        return new EntityFacts(updated);
    }

    /** All facts held, retractions and retracted ones included (what the state store keeps). */
    public Collection<Fact> all() {
        return byEventId.values();
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

    public boolean isEmpty() {
        return byEventId.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityFacts f && f.byEventId.equals(byEventId);
    }

    @Override
    public int hashCode() {
        return byEventId.hashCode();
    }
}
