package cn.fazhi.pulse.sink;

import static cn.fazhi.pulse.sink.Snapshots.count;
import static cn.fazhi.pulse.sink.Snapshots.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
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
    void shouldHalveTheSnapshotsInReadOrderEachHalfWithItsOwnOffsetsWhenARecordMustBeIsolated() {
        // Given five snapshots of two partitions, a town, and a tombstone consumed last
        SinkBatch batch = new SinkBatch();
        batch.addTown(Snapshots.town("370323106000", "大张庄镇", "沂源县", "淄博市"));
        long[][] read = {{0, 10}, {1, 20}, {0, 11}, {1, 21}, {0, 12}};
        for (long[] position : read) {
            batch.addSnapshot(new SinkBatch.Entry(count("370323106000", "2020", "mediation.accepted", position[1]), (int) position[0],
                    position[1], T));
            batch.consumed("fazhi.indicators", (int) position[0], position[1]);
        }
        batch.consumed("fazhi.indicators", 0, 13);

        // When
        List<SinkBatch> halves = batch.halves();

        // Then the first two and the last three, each resuming after its own snapshots only
        assertThat(halves).hasSize(2);
        assertThat(halves.get(0).history()).extracting(SinkBatch.Entry::offset).containsExactly(10L, 20L);
        assertThat(halves.get(0).positions()).containsExactlyInAnyOrder(
                new SinkBatch.Position("fazhi.indicators", 0, 11), new SinkBatch.Position("fazhi.indicators", 1, 21));
        assertThat(halves.get(1).history()).extracting(SinkBatch.Entry::offset).containsExactly(11L, 21L, 12L);
        assertThat(halves.get(1).positions()).containsExactlyInAnyOrder(
                new SinkBatch.Position("fazhi.indicators", 0, 13), new SinkBatch.Position("fazhi.indicators", 1, 22));
        assertThat(halves).allSatisfy(half -> assertThat(half.towns()).isEmpty());
        assertThat(halves.get(1).halves()).extracting(half -> half.history().size()).containsExactly(1, 2);
        // the towns and the offset past the tombstone come with townsOnly() and offsetsOnly()
        assertThat(batch.townsOnly().towns()).hasSize(1);
        assertThat(batch.townsOnly().positions()).isEmpty();
        assertThat(batch.offsetsOnly().positions()).contains(new SinkBatch.Position("fazhi.indicators", 0, 14));
    }

    @Test
    void shouldNotHalveASingleSnapshotOrNone() {
        SinkBatch single = new SinkBatch();
        single.addSnapshot(entry(count("370323106000", "2020", "mediation.accepted", 1), 10, T));

        assertThat(single.halves()).singleElement().satisfies(part -> assertThat(part.history()).hasSize(1));
        assertThat(new SinkBatch().halves()).isEmpty();
    }

    @Test
    void shouldSplitByPartitionWithTownsAndTheirOffsetsInTheFirstPartWhenWrittenOverTwoConnections() {
        SinkBatch batch = new SinkBatch();
        for (int partition = 0; partition < 4; partition++) {
            batch.addSnapshot(new SinkBatch.Entry(count("370323106000", "2020", "case.filed." + partition, 1), partition, 100 + partition, T));
            batch.consumed("fazhi.indicators", partition, 100 + partition);
        }
        batch.addTown(Snapshots.town("370323106000", "大张庄镇", "沂源县", "淄博市"));
        batch.consumed("fazhi.towns", 3, 9);

        List<SinkBatch> parts = batch.byPartition(2);

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).history()).extracting(SinkBatch.Entry::partition).containsExactly(0, 2);
        assertThat(parts.get(1).history()).extracting(SinkBatch.Entry::partition).containsExactly(1, 3);
        assertThat(parts.get(0).towns()).hasSize(1);
        assertThat(parts.get(1).towns()).isEmpty();
        assertThat(parts.get(0).positions()).containsExactlyInAnyOrder(new SinkBatch.Position("fazhi.indicators", 0, 101),
                new SinkBatch.Position("fazhi.indicators", 2, 103), new SinkBatch.Position("fazhi.towns", 3, 10));
        assertThat(parts.get(1).positions()).containsExactlyInAnyOrder(new SinkBatch.Position("fazhi.indicators", 1, 102),
                new SinkBatch.Position("fazhi.indicators", 3, 104));
    }

    @Test
    void shouldLeaveOutEmptyPartsWhenAllSnapshotsComeFromOnePartition() {
        SinkBatch batch = new SinkBatch();
        batch.addSnapshot(new SinkBatch.Entry(count("370323106000", "2020", "mediation.accepted", 1), 1, 5, T));
        batch.consumed("fazhi.indicators", 1, 5);

        assertThat(batch.byPartition(2)).singleElement().satisfies(part -> assertThat(part.history()).hasSize(1));
        assertThat(batch.byPartition(1)).containsExactly(batch);
    }

    @Test
    void shouldKeepTownsWithoutOffsetsAndAnEmptyBatchWhole() {
        SinkBatch towns = new SinkBatch();
        towns.addTown(Snapshots.town("370323106000", "大张庄镇", "沂源县", "淄博市"));
        SinkBatch empty = new SinkBatch();

        assertThat(towns.byPartition(2)).singleElement().satisfies(part -> assertThat(part.towns()).hasSize(1));
        assertThat(empty.byPartition(2)).containsExactly(empty);
    }

    @Test
    void shouldKeepARefusedRecordAsReadUntilItsDeadLetterIsSentWhenItCannotBeDecoded() {
        SinkBatch batch = new SinkBatch();
        byte[] bytes = {1, 2, 3};

        batch.reject(new SinkBatch.Rejected("fazhi.indicators", 2, 77, "370323106000|2020|x", bytes, "无法解码 / cannot decode"));
        batch.consumed("fazhi.indicators", 2, 77);

        assertThat(batch.rejected()).singleElement().satisfies(r -> {
            assertThat(r.value()).isSameAs(bytes);
            assertThat(r.partition()).isEqualTo(2);
            assertThat(r.offset()).isEqualTo(77);
        });
        assertThat(batch.isEmpty()).as("its offset still moves").isFalse();
        assertThat(batch.history()).isEmpty();
    }

    @Test
    void shouldSplitTheEvidenceByPartitionWithItsOffsetsWhenWrittenOverTwoConnections() {
        SinkBatch batch = new SinkBatch();
        batch.addEvidence(evidence("370323106000|mediation|m-1", 0, 5));
        batch.addEvidence(evidence("370323106000|mediation|m-2", 1, 9));
        batch.addEvidence(evidence("370323106000|mediation|m-1", 0, 6));
        batch.consumed("fazhi.evidence", 0, 6);
        batch.consumed("fazhi.evidence", 1, 9);

        List<SinkBatch> parts = batch.byPartition(2);

        assertThat(batch.latestEvidencePerKey()).extracting(SinkBatch.EvidenceEntry::offset).containsExactlyInAnyOrder(6L, 9L);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).evidence()).extracting(SinkBatch.EvidenceEntry::offset).containsExactly(5L, 6L);
        assertThat(parts.get(0).positions()).containsExactly(new SinkBatch.Position("fazhi.evidence", 0, 7));
        assertThat(parts.get(1).evidence()).extracting(SinkBatch.EvidenceEntry::offset).containsExactly(9L);
        assertThat(parts.get(1).positions()).containsExactly(new SinkBatch.Position("fazhi.evidence", 1, 10));
    }

    @Test
    void shouldWriteTheEvidenceWithTheTownsFirstWhenABatchIsTakenApart() {
        SinkBatch batch = new SinkBatch();
        batch.addSnapshot(entry(count("370323106000", "2020", "mediation.accepted", 1), 10, T));
        batch.addEvidence(evidence("370323106000|mediation|m-1", 0, 5));

        assertThat(batch.townsOnly().evidence()).hasSize(1);
        assertThat(batch.townsOnly().positions()).isEmpty();
        assertThat(batch.halves()).allSatisfy(half -> assertThat(half.evidence()).isEmpty());
    }

    private static SinkBatch.EvidenceEntry evidence(String key, int partition, long offset) {
        String[] parts = key.split("\\|");
        return new SinkBatch.EvidenceEntry(key, new cn.fazhi.pulse.evidence.EntityEvidence(parts[0], "MEDIATION", parts[2], "ACCEPTED", T, null,
                List.of(), List.of(), null), partition, offset, T);
    }
}
