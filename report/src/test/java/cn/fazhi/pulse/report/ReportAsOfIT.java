package cn.fazhi.pulse.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.events.TownLevel;
import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.sink.SinkBatch;
import cn.fazhi.pulse.sink.SnapshotWriter;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports written from the real database as the sink stores it: {@code --as-of} before a late
 * correction gives the figure as first published, after it the corrected one; a district's code
 * gives the district's report with its towns ranked.
 */
@ExtendWith(PipelineBackends.class)
class ReportAsOfIT {
    private static final String DISTRICT = "370323000000";
    private static final String TOWN = "370323106000";
    private static final String OTHER_TOWN = "370323107000";
    private static final Instant EVENTS = Instant.parse("2020-12-30T02:00:00Z");
    private static final Instant PUBLISHED = Instant.parse("2021-01-10T00:00:00Z");
    private static final Instant BEFORE_CORRECTION = Instant.parse("2021-02-01T00:00:00Z");
    private static final Instant CORRECTED = Instant.parse("2021-03-15T00:00:00Z");
    private static final LocalDate GENERATED = LocalDate.of(2021, 3, 20);

    private ReportFiles reports;
    private long offset;

    @BeforeEach
    void storeAYearAndItsLateCorrection(Backends backends) {
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        DatabaseSchema.migrate(database.dataSource());
        SnapshotWriter writer = new SnapshotWriter(database.jdbi());
        SinkBatch towns = new SinkBatch();
        towns.addTown(town(TOWN, "大张庄镇"));
        towns.addTown(town(OTHER_TOWN, "燕崖镇"));
        towns.consumed("fazhi.towns", 0, 2);
        writer.write(towns);
        // first published: 139 accepted, all settled
        writer.write(batch(PUBLISHED, count(TOWN, "mediation.accepted", 139), count(TOWN, "mediation.succeeded", 139),
                rate(TOWN, "mediation.success_rate", 139, 139), count(OTHER_TOWN, "mediation.accepted", 20),
                count(OTHER_TOWN, "mediation.succeeded", 19), rate(OTHER_TOWN, "mediation.success_rate", 19, 20),
                count(DISTRICT, "mediation.accepted", 159), count(DISTRICT, "mediation.succeeded", 158), rate(DISTRICT, "mediation.success_rate", 158, 159)));
        // in March a late event: one more mediation of 2020, not settled
        writer.write(batch(CORRECTED, count(TOWN, "mediation.accepted", 140), rate(TOWN, "mediation.success_rate", 139, 140),
                count(DISTRICT, "mediation.accepted", 160), rate(DISTRICT, "mediation.success_rate", 158, 160)));
        writer.close();
        reports = ReportFiles.standard(new IndicatorStore(database.jdbi()));
    }

    @Test
    void shouldGiveTheFigureAsFirstPublishedWhenAskedAsOfBeforeALateCorrection(@TempDir Path out) throws IOException {
        String md = markdown(Optional.of(BEFORE_CORRECTION), out);

        assertThat(md).contains("调委会共受理调解纠纷139件，成功调解139件，调解成功率100%");
    }

    @Test
    void shouldGiveTheCorrectedFigureWhenAskedAsOfAfterTheCorrectionOrNow(@TempDir Path out) throws IOException {
        assertThat(markdown(Optional.of(CORRECTED.plusSeconds(1)), out.resolve("then"))).contains("调委会共受理调解纠纷140件，成功调解139件，调解成功率99.3%");
        assertThat(markdown(Optional.empty(), out.resolve("now"))).contains("调委会共受理调解纠纷140件，成功调解139件，调解成功率99.3%");
    }

    @Test
    void shouldWriteTheDistrictsReportWithItsTownsRankedWhenGivenADistrictCode(@TempDir Path out) throws IOException {
        List<Path> files = reports.write(DISTRICT, 2020, Optional.empty(), Narrative.NONE, GENERATED, EnumSet.allOf(ReportFormat.class), out);

        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("370323000000-2020.docx", "370323000000-2020.md");
        String md = Files.readString(out.resolve("370323000000-2020.md"));
        assertThat(md).startsWith("# 沂源县2020年法治政府建设情况报告")
                .contains("沂源县所辖2个镇（街道），其中2个有2020年数据")
                .contains("调委会共受理调解纠纷160件")
                .contains("| 1 | 大张庄镇 | 140 | 99.3%(1) |").contains("| 2 | 燕崖镇 | 20 | 95%(2) |");
    }

    private String markdown(Optional<Instant> asOf, Path out) throws IOException {
        reports.write(TOWN, 2020, asOf, Narrative.NONE, GENERATED, EnumSet.of(ReportFormat.MD), out);
        return Files.readString(out.resolve(TOWN + "-2020.md"));
    }

    private SinkBatch batch(Instant publishedAt, IndicatorSnapshot... snapshots) {
        SinkBatch batch = new SinkBatch();
        for (IndicatorSnapshot snapshot : snapshots) {
            batch.addSnapshot(new SinkBatch.Entry(snapshot, 0, offset++, publishedAt));
        }
        batch.consumed("fazhi.indicators", 0, offset);
        return batch;
    }

    private static IndicatorSnapshot count(String scope, String indicator, long value) {
        return new IndicatorSnapshot(scope, "2020", indicator, BigDecimal.valueOf(value), null, (double) value, EVENTS);
    }

    private static IndicatorSnapshot rate(String scope, String indicator, long numerator, long denominator) {
        return new IndicatorSnapshot(scope, "2020", indicator, BigDecimal.valueOf(numerator), BigDecimal.valueOf(denominator),
                (double) numerator / denominator, EVENTS);
    }

    private static TownRegistered town(String code, String name) {
        return new TownRegistered("town-" + code, code, EVENTS, null, name, "沂源县", "淄博市", TownLevel.TOWN, 30, 31);
    }
}
