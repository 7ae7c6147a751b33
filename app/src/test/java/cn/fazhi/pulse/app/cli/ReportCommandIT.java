package cn.fazhi.pulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.events.TownLevel;
import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.evidence.EvidenceAmount;
import cn.fazhi.pulse.evidence.EvidenceEvent;
import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.sink.SinkBatch;
import cn.fazhi.pulse.sink.SnapshotWriter;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code fazhi report} against a configured database, as an office runs it. */
@ExtendWith(PipelineBackends.class)
class ReportCommandIT {
    private static final String TOWN = "370323106000";
    private static final Instant PUBLISHED = Instant.parse("2021-01-10T00:00:00Z");
    private static final Instant CORRECTED = Instant.parse("2021-03-15T00:00:00Z");

    private String[] database;

    @BeforeEach
    void storeATownsYearAndALateCorrection(Backends backends) {
        String url = backends.newDatabase();
        Database db = new Database(url, backends.dbUser(), backends.dbPassword());
        DatabaseSchema.migrate(db.dataSource());
        SnapshotWriter writer = new SnapshotWriter(db.jdbi());
        SinkBatch first = new SinkBatch();
        first.addTown(new TownRegistered("town-" + TOWN, TOWN, PUBLISHED, null, "大张庄镇", "沂源县", "淄博市", TownLevel.TOWN, 30, 31));
        first.addSnapshot(new SinkBatch.Entry(accepted(139), 0, 0, PUBLISHED));
        first.consumed("fazhi.indicators", 0, 1);
        writer.write(first);
        SinkBatch late = new SinkBatch();
        late.addSnapshot(new SinkBatch.Entry(accepted(140), 0, 1, CORRECTED));
        late.consumed("fazhi.indicators", 0, 2);
        for (int i = 1; i <= 2; i++) {
            late.addEvidence(new SinkBatch.EvidenceEntry(TOWN + "|mediation|m-" + i, new EntityEvidence(TOWN, "MEDIATION", "m-" + i, "ACCEPTED",
                    Instant.parse("2020-03-01T16:00:00Z"), null, List.of(new EvidenceAmount(TOWN, "2020-03", "mediation.accepted", 1L)),
                    List.of(new EvidenceEvent("m-" + i + "-a", "MediationAccepted", Instant.parse("2020-03-01T16:00:00Z"), CORRECTED, null, false, false)), null),
                    0, i, CORRECTED));
            late.consumed("fazhi.evidence", 0, i + 1);
        }
        writer.write(late);
        writer.close();
        database = new String[] {"--set", "db.url=" + url, "--set", "db.user=" + backends.dbUser(), "--set", "db.password=" + backends.dbPassword()};
    }

    @Test
    void shouldWriteTheDocxAndMarkdownAsOfTheInstantGivenWhenRunWithDefaults(@TempDir Path out) throws IOException {
        int exit = FazhiCli.run(args("--town", TOWN, "--year", "2020", "--as-of", "2021-02-01", "--out", out.toString()));

        assertThat(exit).isZero();
        assertThat(out.resolve(TOWN + "-2020.docx")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve(TOWN + "-2020.md"))).startsWith("# 大张庄镇2020年法治政府建设情况报告").contains("调委会共受理调解纠纷139件");
    }

    @Test
    void shouldWriteTheEvidenceWorkbookBesideTheReportAndSayWhereWhenAskedForEvidence(@TempDir Path out) throws IOException {
        int exit = FazhiCli.run(args("--town", TOWN, "--year", "2020", "--evidence", "--out", out.toString()));

        assertThat(exit).isZero();
        Path workbook = out.resolve(TOWN + "-2020-evidence.xlsx");
        assertThat(Files.readString(out.resolve(TOWN + "-2020.md"))).contains(TOWN + "-2020-evidence.xlsx");
        try (XSSFWorkbook xlsx = new XSSFWorkbook(Files.newInputStream(workbook))) {
            Sheet accepted = xlsx.getSheet("受理调解纠纷数");
            assertThat(accepted.getRow(0).getCell(0).getStringCellValue()).contains("大张庄镇 2020年 受理调解纠纷数：140");
            assertThat(accepted.getRow(1).getCell(0).getStringCellValue()).isEqualTo("镇街代码");
            assertThat(accepted.getLastRowNum()).isEqualTo(4);
            assertThat(accepted.getRow(2).getCell(2).getStringCellValue()).isEqualTo("m-1");
            assertThat(accepted.getRow(3).getCell(8).getNumericCellValue()).isEqualTo(1.0);
            // the total row sums the two items by a formula, and says they are not the figure of 140 this store holds
            Row total = accepted.getRow(4);
            assertThat(total.getCell(0).getStringCellValue()).isEqualTo("合计");
            assertThat(total.getCell(8).getCellFormula()).isEqualTo("SUM(I3:I4)");
            assertThat(total.getCell(8).getNumericCellValue()).isEqualTo(2.0);
            assertThat(total.getCell(10).getStringCellValue()).startsWith("与指标数不符：指标为 140");
        }
    }

    @Test
    void shouldRefuseAnUnknownFormatAndWriteNothingWhenAsked(@TempDir Path out) {
        int exit = FazhiCli.run(args("--town", TOWN, "--year", "2020", "--format", "pdf", "--out", out.toString()));

        assertThat(exit).isEqualTo(2);
        assertThat(out).isEmptyDirectory();
    }

    private String[] args(String... options) {
        String[] all = new String[1 + options.length + database.length];
        all[0] = "report";
        System.arraycopy(options, 0, all, 1, options.length);
        System.arraycopy(database, 0, all, 1 + options.length, database.length);
        return all;
    }

    private static IndicatorSnapshot accepted(long count) {
        return new IndicatorSnapshot(TOWN, "2020", "mediation.accepted", BigDecimal.valueOf(count), null, (double) count, PUBLISHED);
    }
}
