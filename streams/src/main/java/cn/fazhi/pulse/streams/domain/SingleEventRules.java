package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.schemas.Events;
import java.util.function.Function;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * An entity that is one event (a training session, an exam, a penalty, ...): it counts in the
 * month it occurred (flow). If it was published twice under different event ids, the one that
 * occurred last stands.
 */
public final class SingleEventRules<T extends SpecificRecord> implements EntityRules {
    private final Class<T> type;
    private final Function<T, Measures> figures;

    public SingleEventRules(Class<T> type, Function<T, Measures> figures) {
        this.type = type;
        this.figures = figures;
    }

    @Override
    public Contribution contribute(List<Fact> facts) {
        return EntityRules.latest(facts, type)
                .map(event -> Contribution.builder()
                        .add(Bucket.of(Events.townCode(event), Events.occurredAt(event)), figures.apply(event))
                        .build())
                .orElse(Contribution.NONE);
    }
}
