package cn.fazhi.pulse.producers.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.events.CaseHearingHeld;
import cn.fazhi.pulse.events.CaseJudged;
import cn.fazhi.pulse.events.CaseOutcome;
import cn.fazhi.pulse.events.DisputeType;
import cn.fazhi.pulse.events.MediationAccepted;
import cn.fazhi.pulse.events.MediationConcluded;
import cn.fazhi.pulse.events.MediationOutcome;
import cn.fazhi.pulse.events.PetitionCategory;
import cn.fazhi.pulse.events.PetitionReceived;
import cn.fazhi.pulse.producers.ledger.EntityLedgerKind;
import cn.fazhi.pulse.producers.ledger.EntityLedgerOptions;
import cn.fazhi.pulse.producers.ledger.EntityLedgerRow;
import cn.fazhi.pulse.producers.ledger.LedgerColumns;
import cn.fazhi.pulse.producers.ledger.LedgerEntity;
import cn.fazhi.pulse.producers.ledger.LedgerTemplate;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entity ledgers, one row per mediation, petition or case, read as clerks keep them. */
class EntityLedgerImportTest {
    @TempDir
    Path dir;

    private final List<RejectedLine> rejected = new ArrayList<>();

    @Test
    void shouldReadEachMediationAsItsStepsWhenTheLedgerHasATitleOwnColumnsPersonalDataAndATotalRow() throws Exception {
        Path ledger = xlsx("杨柳青镇调解台账.xlsx", "2024年",
                new Object[] {"杨柳青镇人民调解台账（2024年）"},
                new Object[] {"序号", "调解编号", "区划代码", "当事人", "联系电话", "受理日期", "纠纷类型", "纠纷简要情况", "调解结果", "结案日期", "协议形式", "是否民转刑", "备注"},
                new Object[] {1.0, "2024-调-001", "120111101000", "张三", "13800000000", LocalDate.of(2024, 3, 5), "邻里", "宅基地边界", "调解成功",
                        LocalDate.of(2024, 3, 16), "书面协议", "否", "已回访"},
                new Object[] {2.0, "2024-调-002", "120111101000", "李四", "13900000000", LocalDate.of(2024, 4, 1), "合同", "", "", "", "", "", ""},
                new Object[] {},
                new Object[] {"合计", "", "", "", "", "", "", "", "", "", "", "", ""});

        EntityLedgers ledgers = read(ledger, EntityLedgerOptions.NONE);

        assertThat(rejected).isEmpty();
        assertThat(ledgers.entities()).extracting(LedgerEntity::entityId).containsExactly("2024-调-001", "2024-调-002");
        LedgerEntity first = ledgers.entities().get(0);
        assertThat(first.kind()).isEqualTo(EntityLedgerKind.MEDIATION);
        assertThat(first.year()).isEqualTo(2024);
        assertThat(first.steps()).containsOnlyKeys("accepted", "concluded");
        assertThat(((MediationAccepted) first.steps().get("accepted")).getDisputeType()).isEqualTo(DisputeType.NEIGHBOR);
        assertThat(((MediationAccepted) first.steps().get("accepted")).getOccurredAt()).isEqualTo(Instant.parse("2024-03-04T16:00:00Z"));
        assertThat(((MediationConcluded) first.steps().get("concluded")).getOutcome()).isEqualTo(MediationOutcome.SUCCESS);
        assertThat(ledgers.entities().get(1).steps()).containsOnlyKeys("accepted");
        LedgerColumns columns = ledgers.columns().get(0);
        assertThat(columns.personalData()).containsExactly("当事人", "联系电话");
        assertThat(columns.ignored()).containsExactly("序号", "纠纷简要情况", "备注");
        assertThat(ledgers.skipped()).containsEntry(EntityLedgerRow.Skip.TITLE, 1L).containsEntry(EntityLedgerRow.Skip.TOTAL, 1L)
                .containsEntry(EntityLedgerRow.Skip.BLANK, 1L);
    }

    @Test
    void shouldLeavePersonalDataOutOfTheRejectedRowWhenARowIsRefused() throws Exception {
        Path ledger = Files.writeString(dir.resolve("调解台账.csv"), "调解编号,区划代码,当事人,身份证号,受理日期,纠纷类型\n"
                + "m-1,120111101000,王五,120111198001010011,2024/3/5,吵架\n", StandardCharsets.UTF_8);

        read(ledger, EntityLedgerOptions.NONE);

        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.text()).doesNotContain("王五").doesNotContain("120111198001010011").contains("吵架");
            assertThat(r.problems()).singleElement().satisfies(p -> {
                assertThat(p.row()).isEqualTo(2);
                assertThat(p.column()).isEqualTo("纠纷类型");
                assertThat(p.cell()).isEqualTo("吵架");
                assertThat(p.reasonZh()).contains("不在允许范围内");
                assertThat(p.reasonEn()).contains("NEIGHBOR");
            });
        });
    }

    @Test
    void shouldRecogniseAPetitionLedgerAndTakeTheTownFromTheOptionWhenAGbkCsvHasNoTownColumn() throws Exception {
        Path ledger = Files.write(dir.resolve("信访.csv"), ("序号,信访编号,信访人,登记日期,信访类别,信访形式,受理日期,办结日期,是否化解,满意度\n"
                + "1,p-1,赵六,2024/3/2,初信初访,来访,2024/3/4,2024/4/10,是,满意\n"
                + "2,p-2,钱七,2024/3/9,重复信访,来信,,,,\n").getBytes(Charset.forName("GBK")));

        EntityLedgers ledgers = read(ledger, new EntityLedgerOptions(Optional.empty(), Optional.of("120111101000")));

        assertThat(rejected).isEmpty();
        assertThat(ledgers.entities()).allSatisfy(e -> assertThat(e.townCode()).isEqualTo("120111101000"));
        assertThat(ledgers.entities().get(0).steps()).containsOnlyKeys("received", "accepted", "closed");
        assertThat(((PetitionReceived) ledgers.entities().get(1).steps().get("received")).getCategory()).isEqualTo(PetitionCategory.REPEAT);
        assertThat(ledgers.columns().get(0).personalData()).containsExactly("信访人");
    }

    @Test
    void shouldMakeOneHearingPerDateWhenACaseLedgerListsSeveralDatesInOneCell() throws Exception {
        Path ledger = Files.writeString(dir.resolve("案件.csv"), "案号,区划代码,案件类型,立案日期,开庭日期,负责人是否出庭,一审结果,一审日期,原告\n"
                + "c-1,120111101000,行政诉讼,2024-02-17,\"2024-05-12、2024-06-20\",\"是、否\",胜诉,2024-07-20,孙八\n", StandardCharsets.UTF_8);

        EntityLedgers ledgers = read(ledger, EntityLedgerOptions.NONE);

        assertThat(rejected).isEmpty();
        LedgerEntity c = ledgers.entities().get(0);
        assertThat(c.kind()).isEqualTo(EntityLedgerKind.CASE);
        assertThat(c.steps()).containsOnlyKeys("filed", "judged-FIRST", "hearing-2024-05-12", "hearing-2024-06-20");
        assertThat(((CaseHearingHeld) c.steps().get("hearing-2024-05-12")).getLeaderAppeared()).isTrue();
        assertThat(((CaseHearingHeld) c.steps().get("hearing-2024-06-20")).getLeaderAppeared()).isFalse();
        assertThat(((CaseJudged) c.steps().get("judged-FIRST")).getOutcome()).isEqualTo(CaseOutcome.WON);
    }

    @Test
    void shouldRefuseTheRowWhenItNamesAnotherTownThanTheOneSubmittedFor() throws Exception {
        Path ledger = Files.writeString(dir.resolve("调解台账.csv"), "调解编号,区划代码,受理日期,纠纷类型\n"
                + "m-1,120111102000,2024/3/5,邻里\n", StandardCharsets.UTF_8);

        read(ledger, new EntityLedgerOptions(Optional.empty(), Optional.of("120111101000")));

        assertThat(rejected).singleElement().satisfies(r -> assertThat(r.problems().get(0).column()).isEqualTo("区划代码"));
    }

    @Test
    void shouldRefuseTheSecondRowWhenTwoRowsHaveOneNumber() throws Exception {
        Path ledger = Files.writeString(dir.resolve("调解台账.csv"), "调解编号,区划代码,受理日期,纠纷类型\n"
                + "m-1,120111101000,2024/3/5,邻里\n" + "m-1,120111101000,2024/3/6,合同\n", StandardCharsets.UTF_8);

        EntityLedgers ledgers = read(ledger, EntityLedgerOptions.NONE);

        assertThat(ledgers.entities()).hasSize(1);
        assertThat(rejected).singleElement().satisfies(r -> assertThat(r.reason()).contains("第 2 行重复", "row 2"));
        assertThat(ledgers.refused()).hasSize(1);
    }

    @Test
    void shouldTakeTheKindFromTheOptionWhenTheHeadersLeaveItOpen() throws Exception {
        Path ledger = Files.writeString(dir.resolve("台账.csv"), "编号,区划代码,受理日期\n"
                + "m-1,120111101000,2024/3/5\n", StandardCharsets.UTF_8);

        read(ledger, new EntityLedgerOptions(Optional.of(EntityLedgerKind.MEDIATION), Optional.empty()));

        assertThat(rejected).singleElement().satisfies(r -> assertThat(r.problems().get(0).column()).isEqualTo("纠纷类型"));
    }

    @Test
    void shouldSkipTheExampleRowsWhenAnEntityLedgerTemplateIsImportedAsItIs() throws Exception {
        for (EntityLedgerKind kind : EntityLedgerKind.values()) {
            Path template = dir.resolve(LedgerTemplate.entityLedgerFileName(kind));
            LedgerTemplate.writeEntityLedger(kind, template);

            EntityLedgers ledgers = read(template, EntityLedgerOptions.NONE);

            assertThat(ledgers.columns()).singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo(kind));
            assertThat(ledgers.entities()).isEmpty();
            assertThat(ledgers.skipped()).containsEntry(EntityLedgerRow.Skip.COMMENT, 1L);
        }
        assertThat(rejected).isEmpty();
    }

    private EntityLedgers read(Path file, EntityLedgerOptions options) {
        LedgerImport ledgerImport = new LedgerImport(ImportTarget.dryRun(), new EventJsonCodec(), options);
        ledgerImport.run(List.of(file), rejected::add, (done, total) -> {});
        return ledgerImport.entityLedgers();
    }

    private Path xlsx(String name, String sheetName, Object[]... rows) throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy年m月d日"));
            Sheet sheet = workbook.createSheet(sheetName);
            for (int r = 0; r < rows.length; r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    Object value = rows[r][c];
                    if (value instanceof LocalDate day) {
                        row.createCell(c).setCellValue(day);
                        row.getCell(c).setCellStyle(date);
                    } else if (value instanceof Double number) {
                        row.createCell(c).setCellValue(number);
                    } else if (!((String) value).isEmpty()) {
                        row.createCell(c).setCellValue((String) value);
                    }
                }
            }
            Path file = dir.resolve(name);
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
            return file;
        }
    }
}
