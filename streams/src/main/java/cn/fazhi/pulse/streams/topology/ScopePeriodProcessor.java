package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.SnapshotKey;
import cn.fazhi.pulse.streams.domain.Bucket;
import cn.fazhi.pulse.streams.domain.IndicatorValues;
import cn.fazhi.pulse.streams.domain.ScopePeriod;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Receives changes per town-month (all town-months of a city come to one task) and, at most once
 * per emit interval (less often while working through a backlog: see {@link Pacing}), adds them
 * to the nine scope-periods each rolls up to and publishes a snapshot for every indicator whose
 * value moved. Changes wait in a changelogged store until then, so a
 * crash between change and publication loses nothing; the scope-periods are written once per
 * interval, however many changes they received.
 */
final class ScopePeriodProcessor extends ContextualProcessor<String, Figures, String, IndicatorSnapshot> {
    /** Scope-periods kept decoded per task: months, quarters and years of thousands of scopes. */
    private static final int DECODED_SCOPE_PERIODS = 20_000;

    private final String figuresStoreName;
    private final String pendingStoreName;
    private final Duration emitInterval;
    private final Pacing pacing;
    private final WaitingChanges waitingChanges;
    private WaitingChanges.Count waitingCount;
    private KeyValueStore<String, Figures> figures;
    private KeyValueStore<String, Figures> pending;
    // Decoded copies of the stores (see EntityStateProcessor for why they are safe).
    private Map<String, Figures> decoded;
    private Map<String, Figures> waiting;

    ScopePeriodProcessor(String figuresStoreName, String pendingStoreName, Duration emitInterval, Pacing pacing,
                         WaitingChanges waitingChanges) {
        this.figuresStoreName = figuresStoreName;
        this.pendingStoreName = pendingStoreName;
        this.emitInterval = emitInterval;
        this.pacing = pacing;
        this.waitingChanges = waitingChanges;
    }

    @Override
    public void init(ProcessorContext<String, IndicatorSnapshot> context) {
        super.init(context);
        figures = context.getStateStore(figuresStoreName);
        pending = context.getStateStore(pendingStoreName);
        decoded = DecodedCopies.leastRecentlyUsed(DECODED_SCOPE_PERIODS);
        waiting = DecodedCopies.everything(pending);
        closeWaitingCount(); // a task initialized again keeps one count
        waitingCount = waitingChanges.open();
        waitingCount.set(waiting.size());
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (pacing.due(now)) {
                publishPending();
            }
        });
    }

    @Override
    public void process(Record<String, Figures> record) {
        pacing.received(record.timestamp());
        pending.put(record.key(), waiting.merge(record.key(), record.value(), Figures::plus));
        waitingCount.set(waiting.size());
    }

    private void publishPending() {
        Map<String, Figures> changes = new HashMap<>();
        for (Map.Entry<String, Figures> entry : waiting.entrySet()) {
            for (ScopePeriod scopePeriod : Bucket.parse(entry.getKey()).rollups()) {
                changes.merge(scopePeriod.key(), entry.getValue(), Figures::plus);
            }
            pending.delete(entry.getKey());
        }
        waiting.clear();
        long now = context().currentSystemTimeMs();
        for (Map.Entry<String, Figures> change : changes.entrySet()) {
            if (change.getValue().measures().isEmpty()) {
                continue; // changes that cancelled out move nothing
            }
            Figures before = current(change.getKey());
            Figures after = before.plus(change.getValue());
            figures.put(change.getKey(), after);
            decoded.put(change.getKey(), after);
            ScopePeriod scopePeriod = ScopePeriod.parse(change.getKey());
            for (IndicatorSnapshot snapshot : IndicatorValues.changed(scopePeriod, before.measures(), after.measures(), after.asOf())) {
                context().forward(new Record<>(SnapshotKey.of(snapshot).toString(), snapshot, now));
            }
        }
        waitingCount.set(0); // only once every snapshot is on its way
    }

    @Override
    public void close() {
        closeWaitingCount();
    }

    private void closeWaitingCount() {
        if (waitingCount != null) {
            waitingCount.close();
            waitingCount = null;
        }
    }

    private Figures current(String key) {
        Figures known = decoded.get(key);
        if (known == null) {
            known = figures.get(key);
        }
        return known == null ? Figures.NONE : known;
    }
}
