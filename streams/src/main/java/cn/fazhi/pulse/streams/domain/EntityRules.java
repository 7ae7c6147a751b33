package cn.fazhi.pulse.streams.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** How one kind of entity turns its live facts into figures. Pure: same facts, same figures. */
public interface EntityRules {

    Contribution contribute(List<Fact> liveFacts);

    /**
     * Of several events of one step, the one that occurred last stands (ties broken by event id,
     * so the choice never depends on arrival order).
     */
    static <T> Optional<T> latest(List<Fact> facts, Class<T> type) {
        return latest(facts, type, event -> true);
    }

    /** The one that occurred last of the events of a type that match. */
    static <T> Optional<T> latest(List<Fact> facts, Class<T> type, Predicate<T> matching) {
        return facts.stream()
                .filter(f -> type.isInstance(f.event()) && matching.test(type.cast(f.event())))
                .max(Comparator.comparing(Fact::occurredAt).thenComparing(Fact::eventId))
                .map(f -> type.cast(f.event()));
    }
}
