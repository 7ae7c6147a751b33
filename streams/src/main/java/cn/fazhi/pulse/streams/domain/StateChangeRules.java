package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.schemas.Events;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;

/**
 * An entity whose figure is a state (a village has an active legal advisor or not; a town has so
 * many villages). A state at period end is not a sum of months, so the entity contributes the
 * changes of its state, each in the month it happened: the state at the end of any period is the
 * sum of the changes up to then. Its events, in order of occurrence, are its successive states.
 */
public final class StateChangeRules<T extends SpecificRecord> implements EntityRules {
    private final Class<T> type;
    private final String measure;
    private final ToLongFunction<T> state;

    public StateChangeRules(Class<T> type, String measure, ToLongFunction<T> state) {
        this.type = type;
        this.measure = measure;
        this.state = state;
    }

    @Override
    public Contribution contribute(List<Fact> facts) {
        List<Fact> inOrder = facts.stream()
                .filter(f -> type.isInstance(f.event()))
                .sorted(Comparator.comparing(Fact::occurredAt).thenComparing(Fact::eventId))
                .toList();
        Contribution.Builder changes = Contribution.builder();
        long before = 0;
        for (Fact fact : inOrder) {
            long after = state.applyAsLong(type.cast(fact.event()));
            if (after != before) {
                changes.add(Bucket.of(Events.townCode(fact.event()), fact.occurredAt()),
                        Measures.builder().add(measure, after - before).build());
            }
            before = after;
        }
        return changes.build();
    }
}
