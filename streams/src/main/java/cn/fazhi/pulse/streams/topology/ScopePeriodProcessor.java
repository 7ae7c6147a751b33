package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.streams.domain.IndicatorValues;
import cn.fazhi.pulse.streams.domain.ScopePeriod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sums the changes of each scope-period and, at most once per emit interval, publishes a snapshot
 * for every indicator whose value moved. The figures as they stood at the last publication wait in
 * a changelogged store, so a crash between change and publication loses nothing.
 */
final class ScopePeriodProcessor extends ContextualProcessor<String, Figures, String, IndicatorSnapshot> {
    private final String figuresStoreName;
    private final String pendingStoreName;
    private final Duration emitInterval;
    private KeyValueStore<String, Figures> figures;
    private KeyValueStore<String, Figures> pending;

    ScopePeriodProcessor(String figuresStoreName, String pendingStoreName, Duration emitInterval) {
        this.figuresStoreName = figuresStoreName;
        this.pendingStoreName = pendingStoreName;
        this.emitInterval = emitInterval;
    }

    @Override
    public void init(ProcessorContext<String, IndicatorSnapshot> context) {
        super.init(context);
        figures = context.getStateStore(figuresStoreName);
        pending = context.getStateStore(pendingStoreName);
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> publishPending());
    }

    @Override
    public void process(Record<String, Figures> record) {
        Figures before = figures.get(record.key());
        if (before == null) {
            before = Figures.NONE;
        }
        if (pending.get(record.key()) == null) {
            pending.put(record.key(), before);
        }
        figures.put(record.key(), before.plus(record.value()));
    }

    private void publishPending() {
        List<KeyValue<String, Figures>> due = new ArrayList<>();
        try (KeyValueIterator<String, Figures> it = pending.all()) {
            it.forEachRemaining(due::add);
        }
        long now = context().currentSystemTimeMs();
        for (KeyValue<String, Figures> entry : due) {
            Figures current = figures.get(entry.key);
            ScopePeriod scopePeriod = ScopePeriod.parse(entry.key);
            for (IndicatorSnapshot snapshot : IndicatorValues.changed(scopePeriod, entry.value.measures(), current.measures(), current.asOf())) {
                context().forward(new Record<>(SnapshotKeys.of(snapshot), snapshot, now));
            }
            pending.delete(entry.key);
        }
    }
}
