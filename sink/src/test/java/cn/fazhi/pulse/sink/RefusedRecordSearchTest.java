package cn.fazhi.pulse.sink;

import static cn.fazhi.pulse.sink.Snapshots.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Finding the records the database refuses, against a writer that refuses chosen offsets. */
class RefusedRecordSearchTest {
    private static final Instant T = Instant.parse("2021-01-01T00:00:00Z");
    private static final String INDICATORS = "fazhi.indicators";

    private final List<SinkBatch> written = new ArrayList<>();
    private final Map<Long, String> setAside = new LinkedHashMap<>();

    @Test
    void shouldSetAsideOnlyTheRefusedSnapshotsAndStoreTheRestWhenTwoOfSixteenAreRefused() {
        // Given sixteen snapshots, of which the database refuses the ones at offsets 105 and 112
        SinkBatch batch = batch(16);
        RefusedRecordSearch search = search(Set.of(105L, 112L));

        // When
        long stored = search.store(batch);

        // Then
        assertThat(stored).isEqualTo(14);
        assertThat(setAside).containsOnlyKeys(105L, 112L);
        assertThat(setAside.get(105L)).startsWith("数据库拒绝写入 / the database refused it: ").contains("numeric field overflow");
        assertThat(storedOffsets()).as("every snapshot stored once, none refused")
                .hasSize(14).doesNotContain(105L, 112L).doesNotHaveDuplicates();
    }

    @Test
    void shouldWriteTheTownsFirstAndTheBatchOffsetsLastWhenTakingABatchApart() {
        SinkBatch batch = batch(4);
        batch.addTown(Snapshots.town("370323106000", "大张庄镇", "沂源县", "淄博市"));
        batch.consumed(INDICATORS, 0, 200); // a tombstone read after the snapshots

        search(Set.of(101L)).store(batch);

        assertThat(written.get(0).towns()).hasSize(1);
        assertThat(written.get(0).positions()).isEmpty();
        assertThat(written.get(written.size() - 1).positions()).containsExactly(new SinkBatch.Position(INDICATORS, 0, 201));
    }

    @Test
    void shouldTakeFewerWritesThanOneEachWhenOneRecordInManyIsRefused() {
        SinkBatch batch = batch(1024);

        search(Set.of(777L)).store(batch);

        // towns, 2·log₂ 1024 halves, the refused one's offset, the batch's offsets
        assertThat(written).hasSizeLessThanOrEqualTo(1 + 2 * 10 + 1 + 1);
    }

    @Test
    void shouldStopSearchingWhenTheDatabaseGoesAwayMidSearch() {
        SinkBatch batch = batch(8);
        int[] writes = {0};
        RefusedRecordSearch search = new RefusedRecordSearch(part -> {
            if (++writes[0] == 3) {
                throw Failures.away();
            }
            if (part.history().stream().anyMatch(e -> e.offset() == 103L)) {
                throw Failures.refused();
            }
        }, (entry, reason) -> setAside.put(entry.offset(), reason), "jdbc:postgresql://db/x");

        assertThatThrownBy(() -> search.store(batch)).isInstanceOf(RetriableSinkException.class)
                .hasMessageContaining("while isolating a bad record");
        assertThat(setAside).isEmpty();
    }

    @Test
    void shouldStopWhenTheDatabaseRefusesTheTowns() {
        SinkBatch batch = batch(2);
        batch.addTown(Snapshots.town("370323106000", "大张庄镇", "沂源县", "淄博市"));
        RefusedRecordSearch search = new RefusedRecordSearch(part -> {
            throw Failures.refused();
        }, (entry, reason) -> setAside.put(entry.offset(), reason), "jdbc:postgresql://db/x");

        assertThatThrownBy(() -> search.store(batch)).isInstanceOf(PermanentSinkException.class)
                .hasMessageContaining("refused town reference data");
    }

    private RefusedRecordSearch search(Set<Long> refusedOffsets) {
        return new RefusedRecordSearch(part -> {
            if (part.history().stream().anyMatch(e -> refusedOffsets.contains(e.offset()))) {
                throw Failures.refused();
            }
            written.add(part);
        }, (entry, reason) -> setAside.put(entry.offset(), reason), "jdbc:postgresql://db/x");
    }

    private List<Long> storedOffsets() {
        return written.stream().flatMap(b -> b.history().stream()).map(SinkBatch.Entry::offset).toList();
    }

    private static SinkBatch batch(int snapshots) {
        SinkBatch batch = new SinkBatch();
        for (int i = 0; i < snapshots; i++) {
            batch.addSnapshot(new SinkBatch.Entry(count("370323106000", "2020", "mediation.accepted", i), 0, 100 + i, T));
            batch.consumed(INDICATORS, 0, 100 + i);
        }
        return batch;
    }
}
