package cn.fazhi.pulse.sink;

import static cn.fazhi.pulse.sink.Snapshots.count;
import static cn.fazhi.pulse.sink.Snapshots.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SinkBatchTest {
    private static final Instant T = Instant.parse("2021-01-01T00:00:00Z");

    @Test
    void shouldKeepEveryChangeForTheHistoryButOnlyTheLastPerKeyForTheCurrentTable() {
        SinkBatch batch = new SinkBatch();
        batch.addSnapshot(entry(count("370323106000", "2020", "mediation.accepted", 1), 10, T));
        batch.addSnapshot(entry(count("370323106000", "2020", "mediation.pending", 1), 11, T));
        batch.addSnapshot(entry(count("370323106000", "2020", "mediation.accepted", 2), 12, T));

        assertThat(batch.history()).extracting(SinkBatch.Entry::offset).containsExactly(10L, 11L, 12L);
        assertThat(batch.latestPerKey()).extracting(SinkBatch.Entry::offset).containsExactlyInAnyOrder(11L, 12L);
    }

    @Test
    void shouldResumeAfterTheLastRecordConsumedOfEachPartition() {
        SinkBatch batch = new SinkBatch();
        batch.consumed("fazhi.indicators", 0, 41);
        batch.consumed("fazhi.indicators", 0, 42);
        batch.consumed("fazhi.indicators", 3, 7);

        assertThat(batch.positions()).containsExactlyInAnyOrder(
                new SinkBatch.Position("fazhi.indicators", 0, 43), new SinkBatch.Position("fazhi.indicators", 3, 8));
    }

    @Test
    void shouldSplitIntoSingleSnapshotsAndKeepTheBatchOffsetsForLastWhenARecordMustBeIsolated() {
        SinkBatch batch = new SinkBatch();
        batch.addSnapshot(entry(count("370323106000", "2020", "mediation.accepted", 1), 10, T));
        batch.consumed("fazhi.indicators", 0, 10);
        batch.addSnapshot(entry(count("370323106000", "2020", "mediation.accepted", 2), 11, T));
        batch.consumed("fazhi.indicators", 0, 11);

        var singles = batch.split();

        assertThat(singles).hasSize(4);
        assertThat(singles.get(1).history()).extracting(SinkBatch.Entry::offset).containsExactly(10L);
        assertThat(singles.get(1).positions()).containsExactly(new SinkBatch.Position("fazhi.indicators", 0, 11));
        assertThat(singles.get(3).history()).isEmpty();
        assertThat(singles.get(3).positions()).containsExactly(new SinkBatch.Position("fazhi.indicators", 0, 12));
    }
}
