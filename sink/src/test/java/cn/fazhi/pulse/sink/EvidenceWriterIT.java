package cn.fazhi.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.evidence.EvidenceAmount;
import cn.fazhi.pulse.evidence.EvidenceEvent;
import cn.fazhi.pulse.evidence.EvidenceRejection;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.store.EvidenceItem;
import cn.fazhi.pulse.store.EvidenceStore;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The evidence path of the sink and its read side on a real PostgreSQL: stored once, newest wins, read now or as of an instant. */
@ExtendWith(PipelineBackends.class)
class EvidenceWriterIT {
    private static final String TOWN = "370323106000";
    private static final String DISTRICT = "370323000000";
    private static final String KEY = TOWN + "|mediation|m-1";
    private static final Instant T1 = Instant.parse("2021-01-10T00:00:00Z");
    private static final Instant T2 = Instant.parse("2021-01-11T00:00:00Z");
    private static final YearMonth MARCH = YearMonth.of(2020, 3);
    private static final EvidenceStore.Measures SUCCESS_RATE = new EvidenceStore.Measures("mediation.succeeded", "mediation.accepted", false);

    private Jdbi jdbi;
    private SnapshotWriter writer;
    private EvidenceStore store;

    @BeforeEach
    void freshDatabase(Backends backends) {
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        DatabaseSchema.migrate(database.dataSource());
        jdbi = database.jdbi();
        writer = new SnapshotWriter(jdbi);
        store = new EvidenceStore(jdbi);
    }

    @AfterEach
    void closeWriter() {
        writer.close();
    }

    @Test
    void shouldListTheCurrentVersionNowAndTheEarlierOneAsOfAnInstantBeforeIt() {
        writer.write(batch(entry(KEY, pending("m-1"), 0, T1), entry(KEY, succeeded("m-1"), 1, T2)));

        EvidenceItem now = only(store.all(TOWN, MARCH, MARCH, SUCCESS_RATE, EvidenceStore.Part.ALL, Optional.empty()));
        EvidenceItem then = only(store.all(TOWN, MARCH, MARCH, SUCCESS_RATE, EvidenceStore.Part.ALL, Optional.of(T1)));

        assertThat(now.state()).isEqualTo("SUCCESS");
        assertThat(now.inNumerator()).isTrue();
        assertThat(now.numeratorAmount()).isEqualByComparingTo("1");
        assertThat(now.denominatorAmount()).isEqualByComparingTo("1");
        assertThat(now.events()).extracting(EvidenceItem.Event::type).containsExactly("MediationAccepted", "MediationConcluded");
        assertThat(then.state()).isEqualTo("ACCEPTED");
        assertThat(then.inNumerator()).isFalse();
        assertThat(then.inDenominator()).isTrue();
        assertThat(then.events()).hasSize(1);
    }

    @Test
    void shouldSayWhereARefusedRowIsAndWhyUntilItIsFixedAndThenListItNoMore() {
        // Given a refused row's item, then the same item once the row arrived fixed (nothing to add)
        String key = "fazhi.dlq|0|7";
        EvidenceRejection refused = new EvidenceRejection("人民调解台账.csv", "row 4", "受理日期 2023-02-30：不是日期 / not a date");
        EntityEvidence rejected = new EntityEvidence(TOWN, "REJECTED", "0@7", "REJECTED", T1, null,
                List.of(new EvidenceAmount(TOWN, "2021-01", "dq.rejected", 1L)),
                List.of(new EvidenceEvent("0@7", "DeadLetter", T1, T1, null, false, false)), refused);
        EntityEvidence fixed = EntityEvidence.newBuilder(rejected).setState("FIXED").setClosedAt(T2).setAmounts(List.of()).build();
        EvidenceStore.Measures rejections = new EvidenceStore.Measures("dq.rejected", null, false);
        YearMonth january = YearMonth.of(2021, 1);

        writer.write(batch(entry(key, rejected, 0, T1)));
        EvidenceItem whileRefused = only(store.all(TOWN, january, january, rejections, EvidenceStore.Part.ALL, Optional.empty()));
        writer.write(batch(entry(key, fixed, 1, T2)));

        // Then
        assertThat(whileRefused.rejection()).isEqualTo(new EvidenceItem.Rejection("人民调解台账.csv", "row 4", "受理日期 2023-02-30：不是日期 / not a date"));
        assertThat(store.all(TOWN, january, january, rejections, EvidenceStore.Part.ALL, Optional.empty())).isEmpty();
        assertThat(only(store.all(TOWN, january, january, rejections, EvidenceStore.Part.ALL, Optional.of(T1))).rejection())
                .as("as of before the fix").isNotNull();
    }

    @Test
    void shouldInsertNothingTwiceWhenABatchIsWrittenAgain() {
        SinkBatch batch = batch(entry(KEY, pending("m-1"), 0, T1), entry(KEY, succeeded("m-1"), 1, T2));
        writer.write(batch);

        writer.write(batch);

        assertThat(count("evidence_version")).isEqualTo(2);
        long amountsKept = jdbi.withHandle(h -> h.createQuery("SELECT sum(cardinality(amounts)) FROM evidence_version").mapTo(Long.class).one());
        assertThat(amountsKept).isEqualTo(3 + 5);
        assertThat(count("evidence_amount")).isEqualTo(5);
    }

    @Test
    void shouldKeepTheNewerVersionWhenAnOlderOneIsReplayedAfterIt() {
        writer.write(batch(entry(KEY, succeeded("m-1"), 1, T2)));

        writer.write(batch(entry(KEY, pending("m-1"), 0, T1)));

        EvidenceItem now = only(store.all(TOWN, MARCH, MARCH, SUCCESS_RATE, EvidenceStore.Part.ALL, Optional.empty()));
        assertThat(now.state()).isEqualTo("SUCCESS");
        assertThat(count("evidence_amount")).isEqualTo(5);
    }

    @Test
    void shouldReturnEveryItemOnceWhenPagedAcrossADistrict() {
        List<SinkBatch.EvidenceEntry> entries = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String town = i % 2 == 0 ? TOWN : "370323107000";
            entries.add(entry(town + "|mediation|m-" + i, i % 3 == 0 ? succeeded(town, "m-" + i) : pending(town, "m-" + i), i, T1));
        }
        writer.write(batch(entries.toArray(SinkBatch.EvidenceEntry[]::new)));

        List<String> keys = new ArrayList<>();
        Optional<String> after = Optional.empty();
        int pages = 0;
        do {
            EvidenceStore.Page page = store.items(DISTRICT, YearMonth.of(2020, 1), YearMonth.of(2020, 12), SUCCESS_RATE,
                    EvidenceStore.Part.ALL, Optional.empty(), after, 3);
            page.items().forEach(item -> keys.add(item.key()));
            after = page.next();
            pages++;
        } while (after.isPresent());

        assertThat(pages).isEqualTo(3);
        assertThat(keys).doesNotHaveDuplicates().hasSize(7).isSorted();
        assertThat(store.all(DISTRICT, YearMonth.of(2020, 1), YearMonth.of(2020, 12), SUCCESS_RATE, EvidenceStore.Part.NUMERATOR, Optional.empty()))
                .extracting(EvidenceItem::entityId).containsExactlyInAnyOrder("m-0", "m-3", "m-6");
        assertThat(store.all(DISTRICT, YearMonth.of(2020, 1), YearMonth.of(2020, 12), SUCCESS_RATE, EvidenceStore.Part.REST, Optional.empty()))
                .hasSize(4).allMatch(item -> !item.inNumerator() && item.inDenominator());
        assertThat(store.all("370323107000", MARCH, MARCH, SUCCESS_RATE, EvidenceStore.Part.ALL, Optional.empty())).hasSize(3);
        assertThat(store.all(TOWN, YearMonth.of(2020, 4), YearMonth.of(2020, 12), SUCCESS_RATE, EvidenceStore.Part.ALL, Optional.empty())).isEmpty();
    }

    private long count(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    private static EvidenceItem only(List<EvidenceItem> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static EntityEvidence pending(String id) {
        return pending(TOWN, id);
    }

    private static EntityEvidence pending(String town, String id) {
        return evidence(town, id, "ACCEPTED", List.of(amount(town, "mediation.accepted"), amount(town, "mediation.pending"),
                amount(town, "mediation.dispute.NEIGHBOR")), List.of(event(id + "-a", "MediationAccepted")));
    }

    private static EntityEvidence succeeded(String id) {
        return succeeded(TOWN, id);
    }

    private static EntityEvidence succeeded(String town, String id) {
        return evidence(town, id, "SUCCESS", List.of(amount(town, "mediation.accepted"), amount(town, "mediation.succeeded"),
                        amount(town, "mediation.oral_agreements"), amount(town, "mediation.dispute.NEIGHBOR"), amount(town, "mediation.written_agreements")),
                List.of(event(id + "-a", "MediationAccepted"), event(id + "-c", "MediationConcluded")));
    }

    private static EntityEvidence evidence(String town, String id, String state, List<EvidenceAmount> amounts, List<EvidenceEvent> events) {
        return new EntityEvidence(town, "MEDIATION", id, state, Instant.parse("2020-03-01T16:00:00Z"), null, amounts, events, null);
    }

    private static EvidenceAmount amount(String town, String measure) {
        return new EvidenceAmount(town, "2020-03", measure, 1L);
    }

    private static EvidenceEvent event(String id, String type) {
        return new EvidenceEvent(id, type, Instant.parse("2020-03-01T16:00:00Z"), T1, null, false, false);
    }

    private static SinkBatch.EvidenceEntry entry(String key, EntityEvidence evidence, long offset, Instant publishedAt) {
        return new SinkBatch.EvidenceEntry(key, evidence, 0, offset, publishedAt);
    }

    private static SinkBatch batch(SinkBatch.EvidenceEntry... entries) {
        SinkBatch batch = new SinkBatch();
        for (SinkBatch.EvidenceEntry e : entries) {
            batch.addEvidence(e);
            batch.consumed("fazhi.evidence", e.partition(), e.offset());
        }
        return batch;
    }
}
