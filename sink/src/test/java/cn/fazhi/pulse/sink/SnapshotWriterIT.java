package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.DatabaseSchema;

import cn.fazhi.pulse.store.Database;

import static cn.fazhi.pulse.sink.Snapshots.count;
import static cn.fazhi.pulse.sink.Snapshots.entry;
import static cn.fazhi.pulse.sink.Snapshots.rate;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.store.StoredSnapshot;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PipelineBackends.class)
class SnapshotWriterIT {
    private static final String TOWN = "370323106000";
    private static final Instant T1 = Instant.parse("2021-01-10T00:00:00Z");
    private static final Instant T2 = Instant.parse("2021-01-11T00:00:00Z");
    private static final Instant T3 = Instant.parse("2021-01-12T00:00:00Z");

    private Jdbi jdbi;
    private SnapshotWriter writer;
    private IndicatorStore store;

    @BeforeEach
    void freshDatabase(Backends backends) {
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        DatabaseSchema.migrate(database.dataSource());
        jdbi = database.jdbi();
        writer = new SnapshotWriter(jdbi);
        store = new IndicatorStore(jdbi);
    }

    @AfterEach
    void closeWriter() {
        writer.close();
    }

    @Test
    void shouldStoreTheLatestValueAndEveryChangeWhenABatchIsWritten() {
        SinkBatch batch = batch(entry(count(TOWN, "2020", "mediation.accepted", 1), 0, T1),
                entry(count(TOWN, "2020", "mediation.accepted", 2), 1, T2),
                entry(rate(TOWN, "2020", "mediation.success_rate", 1, 2), 2, T2));

        writer.write(batch);

        assertThat(store.indicators(TOWN, "2020", Optional.empty()))
                .extracting(s -> s.indicator() + "=" + s.numerator().toPlainString())
                .containsExactly("mediation.accepted=2.00", "mediation.success_rate=1.00");
        assertThat(historyRows()).isEqualTo(3);
        assertThat(writer.storedOffsets()).containsValue(3L);
    }

    @Test
    void shouldChangeNothingWhenTheSameBatchIsWrittenAgain() {
        SinkBatch batch = batch(entry(count(TOWN, "2020", "mediation.accepted", 1), 0, T1), entry(count(TOWN, "2020", "mediation.accepted", 2), 1, T2));
        writer.write(batch);

        writer.write(batch);

        assertThat(historyRows()).isEqualTo(2);
        assertThat(store.indicators(TOWN, "2020", Optional.empty())).singleElement()
                .extracting(s -> s.numerator().intValue()).isEqualTo(2);
    }

    @Test
    void shouldNeverLetAnOlderSnapshotOverwriteANewerOne() {
        writer.write(batch(entry(count(TOWN, "2020", "mediation.accepted", 5), 9, T3)));

        writer.write(batch(entry(count(TOWN, "2020", "mediation.accepted", 4), 8, T2)));

        assertThat(store.indicators(TOWN, "2020", Optional.empty())).singleElement()
                .extracting(s -> s.numerator().intValue()).isEqualTo(5);
        assertThat(writer.storedOffsets()).containsValue(10L);
    }

    @Test
    void shouldAnswerAsOfAPastInstantWithWhatTheCurrentTableHeldThen() {
        writer.write(batch(entry(count(TOWN, "2020", "mediation.accepted", 1), 0, T1)));
        writer.write(batch(entry(count(TOWN, "2020", "mediation.accepted", 2), 1, T3)));

        StoredSnapshot then = store.indicators(TOWN, "2020", Optional.of(T2)).get(0);
        StoredSnapshot now = store.indicators(TOWN, "2020", Optional.empty()).get(0);

        assertThat(then.numerator().intValue()).isEqualTo(1);
        assertThat(now.numerator().intValue()).isEqualTo(2);
        assertThat(store.indicators(TOWN, "2020", Optional.of(T1.minusSeconds(1)))).isEmpty();
    }

    @Test
    void shouldStoreTownDistrictAndCityNamesOnceWhenSeveralTownsOfOneDistrictRegister() {
        SinkBatch batch = new SinkBatch();
        batch.addTown(Snapshots.town("120111101000", "杨柳青镇", "西青区", "天津市"));
        batch.addTown(Snapshots.town("120111102000", "辛口镇", "西青区", "天津市"));
        batch.consumed("fazhi.towns", 0, 1);

        writer.write(batch);

        assertThat(store.scopes()).extracting(ScopeRow::code, ScopeRow::level, ScopeRow::name, ScopeRow::parentCode).containsExactly(
                org.assertj.core.groups.Tuple.tuple("120100000000", "CITY", "天津市", null),
                org.assertj.core.groups.Tuple.tuple("120111000000", "DISTRICT", "西青区", "120100000000"),
                org.assertj.core.groups.Tuple.tuple("120111101000", "TOWN", "杨柳青镇", "120111000000"),
                org.assertj.core.groups.Tuple.tuple("120111102000", "TOWN", "辛口镇", "120111000000"));
    }

    @Test
    void shouldRankTheTownsOfADistrictWhenAskedForOneIndicator() {
        SinkBatch batch = new SinkBatch();
        batch.addTown(Snapshots.town("120111101000", "杨柳青镇", "西青区", "天津市"));
        batch.addTown(Snapshots.town("120111102000", "辛口镇", "西青区", "天津市"));
        batch.addSnapshot(entry(count("120111101000", "2020", "mediation.accepted", 3), 0, T1));
        batch.addSnapshot(entry(count("120111102000", "2020", "mediation.accepted", 5), 1, T1));
        batch.addSnapshot(entry(count("120111000000", "2020", "mediation.accepted", 8), 2, T1));
        batch.consumed("fazhi.indicators", 0, 2);

        writer.write(batch);

        assertThat(store.towns("120111000000", "2020", "mediation.accepted", Optional.empty()))
                .extracting(StoredSnapshot::scopeCode).containsExactly("120111101000", "120111102000");
        assertThat(store.towns("120100000000", "2020", "mediation.accepted", Optional.empty())).hasSize(2);
    }

    @Test
    void shouldSumTheMonthsOfATrailingWindowWhenAskedForTheLastTwelveMonths() {
        writer.write(batch(entry(rate(TOWN, "2019-12", "mediation.success_rate", 9, 9), 0, T1),
                entry(rate(TOWN, "2020-01", "mediation.success_rate", 3, 4), 1, T1),
                entry(rate(TOWN, "2020-11", "mediation.success_rate", 5, 6), 2, T1),
                entry(rate(TOWN, "2020", "mediation.success_rate", 8, 10), 3, T1)));

        var window = store.trailing(TOWN, "mediation.success_rate", java.time.YearMonth.of(2020, 12), 12, Optional.empty()).orElseThrow();

        assertThat(window.numerator()).isEqualByComparingTo("8");
        assertThat(window.denominator()).isEqualByComparingTo("10");
        assertThat(window.value()).isEqualTo(0.8);
        assertThat(store.trailing(TOWN, "mediation.success_rate", java.time.YearMonth.of(2018, 12), 12, Optional.empty())).isEmpty();
    }

    private static SinkBatch batch(SinkBatch.Entry... entries) {
        SinkBatch batch = new SinkBatch();
        for (SinkBatch.Entry e : entries) {
            batch.addSnapshot(e);
            batch.consumed("fazhi.indicators", e.partition(), e.offset());
        }
        return batch;
    }

    private int historyRows() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM indicator_history").mapTo(Integer.class).one());
    }
}
