package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.events.CaseFiled;
import cn.fazhi.pulse.events.MediationAccepted;
import cn.fazhi.pulse.events.PetitionReceived;
import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.indicators.Measure;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The figures of any entity: its domain's rules, plus the data-quality figures every entity has
 * (late events, and lifecycle events still waiting for their opening event), counted in the month
 * the event arrived.
 */
public final class EntityRulebook {
    /** An event reported more than this after it happened is late (dq.late). */
    public static final Duration LATE_AFTER = Duration.ofDays(30);

    private static final Map<EntityKind, Class<? extends SpecificRecord>> OPENING_EVENTS = Map.of(
            EntityKind.CASE, CaseFiled.class,
            EntityKind.MEDIATION, MediationAccepted.class,
            EntityKind.PETITION, PetitionReceived.class);

    private final Map<EntityKind, EntityRules> rules;

    private EntityRulebook(Map<EntityKind, EntityRules> rules) {
        this.rules = rules;
    }

    /** The rules of every domain implemented so far. */
    public static EntityRulebook standard() {
        Map<EntityKind, EntityRules> rules = new EnumMap<>(EntityKind.class);
        rules.put(EntityKind.MEDIATION, new MediationRules());
        return new EntityRulebook(rules);
    }

    public Contribution contribute(EntityKind kind, EntityFacts facts) {
        List<Fact> live = facts.live();
        Contribution domain = rules.containsKey(kind) ? rules.get(kind).contribute(live) : Contribution.NONE;
        return domain.plus(dataQuality(kind, live));
    }

    private static Contribution dataQuality(EntityKind kind, List<Fact> live) {
        Contribution.Builder dq = Contribution.builder();
        Class<? extends SpecificRecord> opening = OPENING_EVENTS.get(kind);
        boolean waiting = opening != null && live.stream().noneMatch(f -> opening.isInstance(f.event()));
        for (Fact fact : live) {
            Bucket arrival = new Bucket(fact.townCode(), Periods.monthOf(fact.arrivedAt()));
            boolean late = Duration.between(fact.occurredAt(), fact.arrivedAt()).compareTo(LATE_AFTER) > 0;
            dq.add(arrival, Measures.builder()
                    .countIf(late, Measure.DQ_LATE)
                    .countIf(waiting, Measure.DQ_ORPHANED)
                    .build());
        }
        return dq.build();
    }
}
