package cn.fazhi.pulse.producers.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.producers.ledger.LedgerTemplate;
import cn.fazhi.pulse.producers.ledger.StableEventIds;
import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.RejectionSubject;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports that need no broker: dry runs and the template. */
class LedgerImportTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountGoodAndBadRowsWithoutPublishingWhenDryRun() throws Exception {
        List<RejectedLine> rejected = new ArrayList<>();
        List<Path> files = List.of(LedgerFiles.jsonLines(dir, "dry"), LedgerFiles.csv(dir, "dry"), LedgerFiles.xlsx(dir, "dry"));

        ImportSummary summary = new LedgerImport(ImportTarget.dryRun(), new EventJsonCodec()).run(files, rejected::add, (done, total) -> {});

        assertThat(summary.accepted()).isEqualTo(LedgerFiles.GOOD_JSONL + LedgerFiles.GOOD_CSV + LedgerFiles.GOOD_XLSX);
        assertThat(rejected).hasSize(6);
        assertThat(summary.perFile().get(files.get(1).toString())).containsExactly(3, 2, 0);
    }

    @Test
    void shouldNameTheEventARefusedFormRowWouldHaveBeenSoThatItsFixCanBeSeen() throws Exception {
        // Given a one-event-per-row form: a row with a dispute type no ledger knows, and one without its mediation's id
        Path csv = Files.writeString(dir.resolve("调解受理.csv"), "受理日期,区划代码,调解编号,纠纷类型\n"
                + "2024/3/1,120111101000,m-1,吵架\n"
                + "2024/3/2,120111101000,,邻里\n", java.nio.charset.StandardCharsets.UTF_8);
        List<DeadLetter> deadLetters = new ArrayList<>();

        new LedgerImport(capturing(deadLetters), new EventJsonCodec()).run(List.of(csv), r -> {}, (done, total) -> {});

        // Then the first is about the acceptance of m-1, with the id the fixed row will have; the second only about its text
        String mediation = "120111101000|mediation|m-1";
        assertThat(deadLetters).hasSize(2);
        assertThat(deadLetters.get(0).subject()).isEqualTo(RejectionSubject.ofEvent(mediation,
                StableEventIds.eventId("120111101000", EntityKind.MEDIATION, "m-1", "accepted", 1)));
        assertThat(deadLetters.get(1).subject().contentHash()).isNotNull();
    }

    /** A target that keeps the dead letters and publishes nothing. */
    private static ImportTarget capturing(List<DeadLetter> deadLetters) {
        return new ImportTarget() {
            @Override
            public void publish(org.apache.avro.specific.SpecificRecord event, java.util.function.Consumer<Throwable> failed) {}

            @Override
            public void deadLetter(DeadLetter deadLetter, String text, java.util.function.Consumer<Throwable> failed) {
                deadLetters.add(deadLetter);
            }

            @Override
            public void flush() {}
        };
    }

    @Test
    void shouldReadAGbkCsvWhenExcelOnChineseWindowsSavedItAsPlainCsv() throws Exception {
        Path csv = Files.write(dir.resolve("信访登记.csv"), ("登记日期,区划代码,信访编号,信访类别,信访形式\n"
                + "2024/3/1,120111101000,p-1,初信初访,来访\n"
                + "2024/3/2,120111101000,p-2,重复访,来信\n").getBytes(java.nio.charset.Charset.forName("GBK")));
        List<RejectedLine> rejected = new ArrayList<>();

        ImportSummary summary = new LedgerImport(ImportTarget.dryRun(), new EventJsonCodec()).run(List.of(csv), rejected::add, (done, total) -> {});

        assertThat(summary.accepted()).isEqualTo(1);
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(3);
            assertThat(r.problems().get(0).column()).isEqualTo("信访类别(category)");
            assertThat(r.problems().get(0).reasonZh()).contains("重复访", "重复信访");
        });
    }

    @Test
    void shouldSkipTheTemplatesExampleRowsWhenTheTemplateIsImportedAsItIs() throws Exception {
        Path template = dir.resolve("模板.xlsx");
        LedgerTemplate.write(template);

        ImportSummary summary = new LedgerImport(ImportTarget.dryRun(), new EventJsonCodec()).run(List.of(template), r -> {}, (done, total) -> {});

        assertThat(summary.accepted()).isZero();
        assertThat(summary.rejected()).isZero();
        assertThat(summary.skipped()).isEqualTo(EventType.values().length);
    }

    @Test
    void shouldAcceptEveryExampleRowOfTheTemplateWhenItsCommentMarkIsRemoved() throws Exception {
        Path template = dir.resolve("模板.xlsx");
        LedgerTemplate.write(template);
        Path filled = dir.resolve("填好的台账.xlsx");
        try (InputStream in = Files.newInputStream(template); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            for (Sheet sheet : workbook) {
                sheet.getRow(1).getCell(0).setCellValue("");
            }
            try (OutputStream out = Files.newOutputStream(filled)) {
                workbook.write(out);
            }
        }
        List<RejectedLine> rejected = new ArrayList<>();

        ImportSummary summary = new LedgerImport(ImportTarget.dryRun(), new EventJsonCodec()).run(List.of(filled), rejected::add, (done, total) -> {});

        assertThat(rejected).isEmpty();
        assertThat(summary.accepted()).isEqualTo(EventType.values().length);
    }
}
