package cn.fazhi.pulse.app.cli;

import static cn.fazhi.pulse.app.cli.CliRun.fazhi;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code fazhi import}, run in-process as a clerk's IT colleague would run it. */
@ExtendWith(PipelineBackends.class)
class ImportCommandIT {
    @TempDir
    Path work;

    @BeforeAll
    static void topics(Backends backends) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", backends.bootstrapServers()))) {
            TopicSetup.ensure(admin, (short) 1);
        }
    }

    @Test
    void shouldPublishTheGoodRowsAndReportTheBadOneWhenACsvLedgerHasABadRow(Backends backends) throws Exception {
        String run = UUID.randomUUID().toString();
        Path ledger = Files.writeString(work.resolve("调解受理.csv"), "受理日期,区划代码,调解编号,纠纷类型\n"
                + "2024/3/1,120111101000," + run + "-1,邻里\n"
                + "2024/3/2,120111101000," + run + "-2,吵架\n"
                + "2024/3/3,120111101000," + run + "-3,物业\n", StandardCharsets.UTF_8);
        Path rejected = work.resolve("rejected.jsonl");

        CliRun result = fazhi("import", "--set", "kafka.bootstrap.servers=" + backends.bootstrapServers(),
                "--rejected", rejected.toString(), ledger.toString());

        assertThat(result.exit()).isEqualTo(ImportCommand.SOME_ROWS_REJECTED);
        assertThat(result.out()).contains("Published 2 events; 1 rows rejected").contains("调解受理.csv 第 3 行 / row 3");
        List<String> lines = Files.readAllLines(rejected, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"line\":3").contains("纠纷类型(dispute_type)").contains("吵架");
    }

    @Test
    void shouldPublishNothingAndExitZeroWhenADryRunFindsEveryRowValid() throws Exception {
        Path ledger = Files.writeString(work.resolve("MediationAccepted.csv"), "occurred_at,town_code,mediation_id,dispute_type\n"
                + "2024-03-01,120111101000,m-1,NEIGHBOR\n", StandardCharsets.UTF_8);

        CliRun result = fazhi("import", "--dry-run", "--set", "kafka.bootstrap.servers=localhost:1",
                "--rejected", work.resolve("r.jsonl").toString(), ledger.toString());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Dry run, nothing published: valid 1 events; 0 rows rejected");
    }

    @Test
    void shouldPrintOnlyTheFirstRejectedRowsButWriteThemAllWhenAskedToShowFewer() throws Exception {
        Path ledger = Files.writeString(work.resolve("MediationAccepted.csv"), "occurred_at,town_code,mediation_id,dispute_type\n"
                + "2024-03-01,120111101000,m-1,GOSSIP\n" + "2024-03-01,120111101000,m-2,RUMOUR\n", StandardCharsets.UTF_8);
        Path rejected = work.resolve("r.jsonl");

        CliRun result = fazhi("import", "--dry-run", "--show-rejected", "1", "--rejected", rejected.toString(), ledger.toString());

        assertThat(result.exit()).isEqualTo(ImportCommand.SOME_ROWS_REJECTED);
        assertThat(result.out()).contains("GOSSIP").doesNotContain("RUMOUR").contains("1 more rejected rows");
        assertThat(Files.readAllLines(rejected, StandardCharsets.UTF_8)).hasSize(2);
    }

    @Test
    void shouldFailNamingTheBrokerWhenNoKafkaAnswers() throws Exception {
        Path ledger = Files.writeString(work.resolve("MediationAccepted.csv"), "occurred_at,town_code,mediation_id,dispute_type\n"
                + "2024-03-01,120111101000,m-1,NEIGHBOR\n", StandardCharsets.UTF_8);

        CliRun result = fazhi("import", "--set", "kafka.bootstrap.servers=localhost:1", "--rejected", work.resolve("r.jsonl").toString(),
                ledger.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("cannot reach Kafka at localhost:1").contains("无法连接 Kafka");
    }

    @Test
    void shouldWriteOneSheetPerEventTypeWithChineseHeadersWhenAskedForTheTemplate() throws Exception {
        Path template = work.resolve("台账模板.xlsx");

        assertThat(fazhi("import", "--template", template.toString()).exit()).isZero();

        try (InputStream in = Files.newInputStream(template); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            assertThat(workbook.getNumberOfSheets()).isEqualTo(EventType.values().length);
            var sheet = workbook.getSheet("MediationAccepted");
            assertThat(sheet.getRow(0).getCell(2).getStringCellValue()).isEqualTo("受理日期");
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).startsWith("#");
            assertThat(sheet.getDataValidations()).isNotEmpty();
        }
    }
}
