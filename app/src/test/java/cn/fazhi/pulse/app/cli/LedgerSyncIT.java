package cn.fazhi.pulse.app.cli;

import static cn.fazhi.pulse.app.cli.CliRun.fazhi;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.runtime.Endpoints;
import cn.fazhi.pulse.runtime.Pipeline;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.schemas.TopicContract;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.ChinaTime;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.EvidenceItem;
import cn.fazhi.pulse.store.EvidenceStore;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.StoredSnapshot;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entity ledgers submitted, edited and re-submitted with {@code fazhi import}, on the real
 * broker and database with the pipeline running: the figures end as a fresh pipeline fed only
 * the final ledger would have them. A "fresh pipeline" is the same one fed the final ledger
 * under the codes of towns of another city, whose figures (town, district, city) are compared
 * code for code.
 */
@ExtendWith(PipelineBackends.class)
class LedgerSyncIT {
    private static final String MEDIATION_HEADER = "调解编号,区划代码,受理日期,纠纷类型,调解结果,结案日期,协议形式\n";

    @TempDir
    static Path work;

    private static Pipeline pipeline;
    private static Backends backends;
    private static String dbUrl;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** Two digits of this run, so that cities of earlier runs on a shared broker do not mix in. */
    private static final String RR = String.format("%02d", Math.abs(RUN.hashCode()) % 100);
    private static int files;

    @BeforeAll
    static void startPipeline(Backends given) throws Exception {
        backends = given;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", backends.bootstrapServers()))) {
            TopicSetup.ensure(admin, (short) 1);
        }
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA_DIR, work.resolve("data").toString());
        flags.put(ConfigKey.STREAMS_APPLICATION_ID, "ledger-sync-it-" + RUN);
        flags.put(ConfigKey.SINK_GROUP_ID, "ledger-sync-it-sink-" + RUN);
        FazhiConfig config = FazhiConfig.load(Optional.empty(), Map.of(), flags);
        dbUrl = backends.newDatabase();
        Endpoints endpoints = new Endpoints(backends.bootstrapServers(), new Database(dbUrl, backends.dbUser(), backends.dbPassword()), Map.of());
        pipeline = Pipeline.prepare(endpoints, config).startStreams().startSink();
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldEndWithTheFiguresOfOnlyTheFinalLedgerWhenEditedClearedDeletedAndNewRowsAreSyncedAcrossTownsAndYears() throws Exception {
        // Given a mediation ledger of two towns and two years, submitted
        String city = "31" + RR;
        String t1 = town(city, 1);
        String t2 = town(city, 2);
        fazhiOk(importArgs(csv("调解台账-v1.csv", MEDIATION_HEADER
                + "m-1," + t1 + ",2023-03-05,邻里,调解成功,2023-03-16,书面协议\n"
                + "m-2," + t1 + ",2023-05-01,邻里,调解不成,2023-05-20,\n"
                + "m-3," + t1 + ",2024-01-10,邻里,调解成功,2024-02-01,口头协议\n"
                + "m-4," + t1 + ",2024-02-11,合同,,,\n"
                + "m-5," + t2 + ",2023-07-07,邻里,调解成功,2023-07-30,书面协议\n"
                + "m-6," + t2 + ",2024-03-03,物业,调解成功,2024-03-20,书面协议\n"
                + "m-7," + t2 + ",2024-04-04,邻里,,,\n")));
        pipeline.awaitIdle(Duration.ofMinutes(2));
        // … then edited: dispute types changed (m-1, m-5), a 结案日期 cleared (m-3), a conclusion added (m-4),
        // rows deleted (m-2 of 2023, m-6 of 2024), new rows (m-8, m-9), one file per town
        String t1Final = MEDIATION_HEADER
                + "m-1," + t1 + ",2023-03-05,合同,调解成功,2023-03-16,书面协议\n"
                + "m-3," + t1 + ",2024-01-10,邻里,调解成功,,口头协议\n"
                + "m-4," + t1 + ",2024-02-11,合同,调解成功,2024-03-01,书面协议\n"
                + "m-8," + t1 + ",2024-06-01,劳动争议,,,\n";
        String t2Final = MEDIATION_HEADER
                + "m-5," + t2 + ",2023-07-07,婚姻家庭,调解成功,2023-07-30,书面协议\n"
                + "m-7," + t2 + ",2024-04-04,邻里,,,\n"
                + "m-9," + t2 + ",2023-09-09,消费,调解成功,2023-09-30,口头协议\n";
        Path v2t1 = csv("调解台账-v2-1.csv", t1Final);
        Path v2t2 = csv("调解台账-v2-2.csv", t2Final);
        long before = eventOffsets();

        // When it is first checked with --dry-run, then submitted with --sync, then submitted again unchanged
        CliRun dryRun = fazhiOk(importArgs("--dry-run", "--sync", v2t1.toString(), v2t2.toString()));
        long afterDryRun = eventOffsets();
        CliRun synced = fazhiOk(importArgs("--sync", v2t1.toString(), v2t2.toString()));
        pipeline.awaitIdle(Duration.ofMinutes(2));
        long afterSync = eventOffsets();
        CliRun again = fazhiOk(importArgs("--sync", v2t1.toString(), v2t2.toString()));
        long afterAgain = eventOffsets();
        // … and the final ledger alone, in the towns of another city, is a fresh pipeline's input
        String fresh = "32" + RR;
        fazhiOk(importArgs(csv("fresh-1.csv", t1Final.replace(city, fresh)), csv("fresh-2.csv", t2Final.replace(city, fresh))));
        pipeline.awaitIdle(Duration.ofMinutes(2));

        // Then
        assertThat(dryRun.out()).contains("新增 2、修改 4、删除 2、不变 1").contains("删除 deleted  m-2").contains("删除 deleted  m-6")
                .contains("dispute_type NEIGHBOR → CONTRACT");
        assertThat(afterDryRun).as("a dry run publishes nothing").isEqualTo(before);
        assertThat(synced.out()).contains("新增 2、修改 4、删除 2、不变 1").contains("上报编号 submission no.");
        assertThat(afterSync).isGreaterThan(before);
        assertThat(again.out()).contains("新增 0、修改 0、删除 0、不变 7");
        assertThat(afterAgain).as("an unchanged ledger publishes nothing new").isEqualTo(afterSync);
        assertSameFigures(city, fresh);
        assertThat(figure(t1, "2023", "mediation.dispute.CONTRACT")).isEqualByComparingTo("1");
        assertThat(figure(t1, "2024", "mediation.pending")).isEqualByComparingTo("2");
    }

    @Test
    void shouldGiveTheFiguresOfTheSameFactsWrittenAsEventsWhenAnEntityLedgerOfEachKindIsImported() throws Exception {
        // Given the ledgers of a town as its office keeps them, and the same facts as events in the towns of another city
        String city = "33" + RR;
        String town = town(city, 1);
        String other = "34" + RR;
        String twin = town(other, 1);
        Path ledgers = clerksWorkbook(town, "隐私" + RUN);
        Path events = Files.write(work.resolve("events-" + RUN + ".jsonl"), sameFactsAsEvents(twin), StandardCharsets.UTF_8);

        // When both are imported
        CliRun imported = fazhiOk(importArgs(ledgers.toString()));
        fazhiOk(importArgs(events.toString()));
        pipeline.awaitIdle(Duration.ofMinutes(2));

        // Then the figures are the same, town, district and city
        assertThat(imported.out()).contains("未读取（个人信息） ignored: personal data: 信访人、联系电话").contains("合计行 total rows 3")
                .contains("新增 6、修改 0、删除 0、不变 0");
        assertSameFigures(city, other);
        assertThat(figure(town, "2024", "case.hearings")).isEqualByComparingTo("2");
        assertThat(figure(town, "2024", "petition.closed")).isEqualByComparingTo("1");
    }

    @Test
    void shouldLetEveryEditStandWhenATemplateFormLedgerIsImportedAgainWithItsRowsEdited() throws Exception {
        // Given ten mediations imported from the template form, each 邻里
        String town = town("35" + RR, 1);
        StringBuilder neighbours = new StringBuilder("受理日期,区划代码,调解编号,纠纷类型\n");
        for (int i = 1; i <= 10; i++) {
            neighbours.append("2024/3/").append(i).append(',').append(town).append(",m-").append(i).append(",邻里\n");
        }
        Path first = work.resolve("first").resolve("调解受理.csv");
        Files.createDirectories(first.getParent());
        Files.writeString(first, neighbours, StandardCharsets.UTF_8);
        fazhiOk(importArgs(first.toString()));
        pipeline.awaitIdle(Duration.ofMinutes(2));

        // When the same file comes again with every 纠纷类型 corrected to 合同
        Path edited = work.resolve("edited").resolve("调解受理.csv");
        Files.createDirectories(edited.getParent());
        Files.writeString(edited, neighbours.toString().replace("邻里", "合同"), StandardCharsets.UTF_8);
        fazhiOk(importArgs(edited.toString()));
        pipeline.awaitIdle(Duration.ofMinutes(2));

        // Then every edit stands
        assertThat(figure(town, "2024", "mediation.accepted")).isEqualByComparingTo("10");
        assertThat(figure(town, "2024", "mediation.dispute.CONTRACT")).isEqualByComparingTo("10");
        assertThat(Optional.ofNullable(figureOrNull(town, "2024", "mediation.dispute.NEIGHBOR")).orElse(BigDecimal.ZERO)).isEqualByComparingTo("0");
    }

    @Test
    void shouldNeverPutAPersonalDataCellOnAnyTopicWhenALedgerWithPersonalDataIsImported() throws Exception {
        // Given a ledger whose personal-data columns hold markers, on good rows and on a refused one
        String town = town("36" + RR, 1);
        String marker = "私密" + RUN;
        Path ledger = csv("personal.csv", "序号,调解编号,区划代码,当事人,申请人,身份证号,联系电话,住址,受理日期,纠纷类型,备注\n"
                + "1,m-1," + town + "," + marker + "甲," + marker + "乙,1201" + RR + "19800101001X,139" + RR + "0000001," + marker + "路1号,2024/3/5,邻里,\n"
                + "2,m-2," + town + "," + marker + "丙,,,,,2024/3/6,吵架,\n");

        // When it is imported (one row refused, so it also goes to the dead letters)
        CliRun result = fazhi(importArgs(ledger.toString()));
        pipeline.awaitIdle(Duration.ofMinutes(2));

        // Then no topic holds any of those cells
        assertThat(result.exit()).isEqualTo(ImportCommand.SOME_ROWS_REJECTED);
        List<String> found = topicsHolding(List.of(marker, "1201" + RR + "19800101001X", "139" + RR + "0000001"));
        assertThat(found).isEmpty();
        assertThat(figure(town, "2024", "mediation.accepted")).isEqualByComparingTo("1");
    }

    @Test
    void shouldCountABadRowOnceWhenSubmittedTwiceAndNoLongerOnceSubmittedFixed() throws Exception {
        // Given a ledger whose second row has a dispute type no ledger knows, imported twice
        String town = town("37" + RR, 1);
        String ledger = MEDIATION_HEADER
                + "m-1," + town + ",2024-03-05,邻里,调解成功,2024-03-16,书面协议\n"
                + "m-2," + town + ",2024-03-06,吵架,,,\n";
        YearMonth arrival = YearMonth.now(ChinaTime.ZONE);
        CliRun first = fazhi(importArgs(csv("bad-row-1.csv", ledger)));
        CliRun again = fazhi(importArgs(csv("bad-row-2.csv", ledger)));
        pipeline.awaitIdle(Duration.ofMinutes(2));
        BigDecimal whileBad = figure(town, arrival.toString(), "dq.rejected");
        List<EvidenceItem> itemsWhileBad = rejectedItems(town, arrival);

        // When the row is corrected and the ledger imported again
        fazhiOk(importArgs(csv("bad-row-fixed.csv", ledger.replace("吵架", "邻里"))));
        pipeline.awaitIdle(Duration.ofMinutes(2));

        // Then the bad row counted once while it was bad, and not at all once fixed
        assertThat(first.exit()).isEqualTo(ImportCommand.SOME_ROWS_REJECTED);
        assertThat(again.exit()).isEqualTo(ImportCommand.SOME_ROWS_REJECTED);
        assertThat(whileBad).isEqualByComparingTo("1");
        assertThat(itemsWhileBad).hasSize(1);
        assertThat(figure(town, arrival.toString(), "dq.rejected")).isEqualByComparingTo("0");
        assertThat(rejectedItems(town, arrival)).isEmpty();
        assertThat(figure(town, "2024", "mediation.accepted")).isEqualByComparingTo("2");
    }

    @Test
    void shouldStopCountingABadFormRowWhenItIsSubmittedFixed() throws Exception {
        // Given a one-event-per-row form whose second row has a dispute type no ledger knows, imported twice
        String town = town("38" + RR, 1);
        String form = "受理日期,区划代码,调解编号,纠纷类型\n"
                + "2024/3/1," + town + ",m-1,邻里\n"
                + "2024/3/2," + town + ",m-2,吵架\n";
        YearMonth arrival = YearMonth.now(ChinaTime.ZONE);
        Path first = work.resolve("form-1").resolve("调解受理.csv");
        Path again = work.resolve("form-2").resolve("调解受理.csv");
        Path fixed = work.resolve("form-3").resolve("调解受理.csv");
        for (Path file : List.of(first, again, fixed)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, file == fixed ? form.replace("吵架", "合同") : form, StandardCharsets.UTF_8);
        }
        fazhi(importArgs(first.toString()));
        fazhi(importArgs(again.toString()));
        pipeline.awaitIdle(Duration.ofMinutes(2));
        BigDecimal whileBad = figure(town, arrival.toString(), "dq.rejected");

        // When the row is corrected and the form imported again
        fazhiOk(importArgs(fixed.toString()));
        pipeline.awaitIdle(Duration.ofMinutes(2));

        // Then the row counted once while bad, and not once fixed: the fixed row has the id the refused one would have had
        assertThat(whileBad).isEqualByComparingTo("1");
        assertThat(figure(town, arrival.toString(), "dq.rejected")).isEqualByComparingTo("0");
        assertThat(figure(town, "2024", "mediation.dispute.CONTRACT")).isEqualByComparingTo("1");
    }

    private static List<EvidenceItem> rejectedItems(String town, YearMonth month) {
        EvidenceStore store = new EvidenceStore(new Database(dbUrl, backends.dbUser(), backends.dbPassword()).jdbi());
        return store.all(town, month, month, new EvidenceStore.Measures("dq.rejected", null, false), EvidenceStore.Part.ALL, Optional.empty());
    }

    @Test
    void shouldSayWhichDatabaseItCannotReachWhenAnEntityLedgerIsImportedWithoutOne() throws Exception {
        Path ledger = csv("no-db.csv", MEDIATION_HEADER + "m-1,120111101000,2024-03-05,邻里,,,\n");

        CliRun result = fazhi("import", "--dry-run", "--set", "db.url=jdbc:postgresql://localhost:1/none", "--rejected",
                work.resolve("r-nodb.jsonl").toString(), ledger.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("无法连接数据库 jdbc:postgresql://localhost:1/none").contains("cannot reach the database");
    }

    // ---- the clerk's workbook and the same facts as events

    /** 人民调解, 信访 and 案件 sheets, each with a title row, 序号, 当事人, 备注, real date cells and a 合计 row. */
    private static Path clerksWorkbook(String town, String person) throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy/m/d"));
            Sheet m = workbook.createSheet("调解");
            rows(m, date, new Object[] {"人民调解台账（2024年）"},
                    new Object[] {"序号", "调解编号", "区划代码", "当事人", "受理日期", "纠纷类型", "调解结果", "结案日期", "协议形式", "是否民转刑", "备注"},
                    new Object[] {1.0, "m-1", town, person + "一", day(2024, 3, 5), "邻里", "调解成功", day(2024, 3, 16), "书面协议", "否", "已回访"},
                    new Object[] {2.0, "m-2", town, person + "二", day(2024, 4, 1), "合同", "", "", "", "", ""},
                    new Object[] {"合计", "", "", "", "", "", "", "", "", "", ""});
            Sheet p = workbook.createSheet("信访");
            rows(p, date, new Object[] {"信访台账"},
                    new Object[] {"序号", "信访编号", "区划代码", "信访人", "联系电话", "登记日期", "信访类别", "信访形式", "受理日期", "办结日期", "是否化解", "满意度", "备注"},
                    new Object[] {1.0, "p-1", town, person + "三", "13800000000", day(2024, 3, 2), "初信初访", "来访", day(2024, 3, 4), day(2024, 4, 10), "是", "满意", ""},
                    new Object[] {2.0, "p-2", town, person + "四", "", day(2024, 5, 9), "重复信访", "来信", day(2024, 5, 10), "", "", "", ""},
                    new Object[] {"总计", "", "", "", "", "", "", "", "", "", "", "", ""});
            Sheet c = workbook.createSheet("案件");
            rows(c, date, new Object[] {"行政诉讼/复议案件台账"},
                    new Object[] {"序号", "案号", "区划代码", "当事人", "案件类型", "立案日期", "开庭日期", "负责人是否出庭", "一审结果", "一审日期", "上诉日期", "二审结果", "二审日期", "备注"},
                    new Object[] {1.0, "c-1", town, person + "五", "行政诉讼", day(2024, 2, 17), "2024-05-12、2024-06-20", "是、否", "胜诉", day(2024, 7, 20),
                            day(2024, 8, 3), "胜诉", day(2024, 11, 1), ""},
                    new Object[] {2.0, "c-2", town, person + "六", "行政复议", day(2024, 3, 1), "", "", "纠错", day(2024, 4, 15), "", "", "", ""},
                    new Object[] {"合计", "", "", "", "", "", "", "", "", "", "", "", "", ""});
            Path file = work.resolve("台账-" + RUN + ".xlsx");
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
            return file;
        }
    }

    private static List<String> sameFactsAsEvents(String town) {
        String t = "\"town_code\":\"" + town + "\"";
        return List.of(
                "{\"type\":\"MediationAccepted\",\"event_id\":\"e-m1a\"," + t + ",\"occurred_at\":\"2024-03-05\",\"mediation_id\":\"m-1\",\"dispute_type\":\"NEIGHBOR\"}",
                "{\"type\":\"MediationConcluded\",\"event_id\":\"e-m1c\"," + t + ",\"occurred_at\":\"2024-03-16\",\"mediation_id\":\"m-1\",\"outcome\":\"SUCCESS\",\"agreement_form\":\"WRITTEN\",\"escalated_to_criminal\":false}",
                "{\"type\":\"MediationAccepted\",\"event_id\":\"e-m2a\"," + t + ",\"occurred_at\":\"2024-04-01\",\"mediation_id\":\"m-2\",\"dispute_type\":\"CONTRACT\"}",
                "{\"type\":\"PetitionReceived\",\"event_id\":\"e-p1r\"," + t + ",\"occurred_at\":\"2024-03-02\",\"petition_id\":\"p-1\",\"category\":\"INITIAL\",\"channel\":\"VISIT\"}",
                "{\"type\":\"PetitionAccepted\",\"event_id\":\"e-p1a\"," + t + ",\"occurred_at\":\"2024-03-04\",\"petition_id\":\"p-1\"}",
                "{\"type\":\"PetitionClosed\",\"event_id\":\"e-p1c\"," + t + ",\"occurred_at\":\"2024-04-10\",\"petition_id\":\"p-1\",\"resolved\":true,\"satisfaction\":\"SATISFIED\"}",
                "{\"type\":\"PetitionReceived\",\"event_id\":\"e-p2r\"," + t + ",\"occurred_at\":\"2024-05-09\",\"petition_id\":\"p-2\",\"category\":\"REPEAT\",\"channel\":\"LETTER\"}",
                "{\"type\":\"PetitionAccepted\",\"event_id\":\"e-p2a\"," + t + ",\"occurred_at\":\"2024-05-10\",\"petition_id\":\"p-2\"}",
                "{\"type\":\"CaseFiled\",\"event_id\":\"e-c1f\"," + t + ",\"occurred_at\":\"2024-02-17\",\"case_id\":\"c-1\",\"case_kind\":\"ADMINISTRATIVE_LITIGATION\"}",
                "{\"type\":\"CaseHearingHeld\",\"event_id\":\"e-c1h1\"," + t + ",\"occurred_at\":\"2024-05-12\",\"case_id\":\"c-1\",\"leader_appeared\":true}",
                "{\"type\":\"CaseHearingHeld\",\"event_id\":\"e-c1h2\"," + t + ",\"occurred_at\":\"2024-06-20\",\"case_id\":\"c-1\",\"leader_appeared\":false}",
                "{\"type\":\"CaseJudged\",\"event_id\":\"e-c1j1\"," + t + ",\"occurred_at\":\"2024-07-20\",\"case_id\":\"c-1\",\"instance\":\"FIRST\",\"outcome\":\"WON\"}",
                "{\"type\":\"CaseAppealed\",\"event_id\":\"e-c1ap\"," + t + ",\"occurred_at\":\"2024-08-03\",\"case_id\":\"c-1\"}",
                "{\"type\":\"CaseJudged\",\"event_id\":\"e-c1j2\"," + t + ",\"occurred_at\":\"2024-11-01\",\"case_id\":\"c-1\",\"instance\":\"SECOND\",\"outcome\":\"WON\"}",
                "{\"type\":\"CaseFiled\",\"event_id\":\"e-c2f\"," + t + ",\"occurred_at\":\"2024-03-01\",\"case_id\":\"c-2\",\"case_kind\":\"ADMINISTRATIVE_RECONSIDERATION\"}",
                "{\"type\":\"CaseJudged\",\"event_id\":\"e-c2j1\"," + t + ",\"occurred_at\":\"2024-04-15\",\"case_id\":\"c-2\",\"instance\":\"FIRST\",\"outcome\":\"CORRECTED\"}");
    }

    private static void rows(Sheet sheet, CellStyle dateStyle, Object[]... rows) {
        for (int r = 0; r < rows.length; r++) {
            Row row = sheet.createRow(r);
            for (int c = 0; c < rows[r].length; c++) {
                Object value = rows[r][c];
                if (value instanceof LocalDate d) {
                    row.createCell(c).setCellValue(d);
                    row.getCell(c).setCellStyle(dateStyle);
                } else if (value instanceof Double n) {
                    row.createCell(c).setCellValue(n);
                } else if (!((String) value).isEmpty()) {
                    row.createCell(c).setCellValue((String) value);
                }
            }
        }
    }

    private static LocalDate day(int y, int m, int d) {
        return LocalDate.of(y, m, d);
    }

    // ---- figures

    /** Every stored figure of one city's scopes is the other's, code for code; a figure only one has is zero. */
    private static void assertSameFigures(String city, String twin) {
        Map<String, StoredSnapshot> a = figures(city);
        Map<String, StoredSnapshot> b = figures(twin);
        assertThat(b).as("figures of the fresh city").isNotEmpty();
        Set<String> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : new TreeMap<>(keys.stream().collect(Collectors.toMap(k -> k, k -> k))).keySet()) {
            StoredSnapshot x = a.get(key);
            StoredSnapshot y = b.get(key);
            if (x == null || y == null) {
                StoredSnapshot only = x == null ? y : x;
                if (!isZero(only)) {
                    differences.add(key + " only " + (x == null ? "fresh" : "edited") + ": " + only);
                }
            } else if (!same(x.numerator(), y.numerator()) || !same(x.denominator(), y.denominator())
                    || !java.util.Objects.equals(x.value(), y.value())) {
                differences.add(key + ": " + x + " vs " + y);
            }
        }
        assertThat(differences).isEmpty();
    }

    private static boolean isZero(StoredSnapshot s) {
        return (s.numerator() == null || s.numerator().signum() == 0) && (s.value() == null || s.value() == 0.0);
    }

    private static boolean same(BigDecimal x, BigDecimal y) {
        return x == null ? y == null : y != null && x.compareTo(y) == 0;
    }

    private static Map<String, StoredSnapshot> figures(String city) {
        IndicatorStore store = new IndicatorStore(new Database(dbUrl, backends.dbUser(), backends.dbPassword()).jdbi());
        return store.all(Optional.empty()).stream().filter(s -> s.scopeCode().startsWith(city))
                .collect(Collectors.toMap(s -> "xxxx" + s.scopeCode().substring(4) + "|" + s.period() + "|" + s.indicator(), s -> s));
    }

    private static BigDecimal figure(String scope, String period, String indicator) {
        BigDecimal value = figureOrNull(scope, period, indicator);
        assertThat(value).as(scope + " " + period + " " + indicator).isNotNull();
        return value;
    }

    private static BigDecimal figureOrNull(String scope, String period, String indicator) {
        IndicatorStore store = new IndicatorStore(new Database(dbUrl, backends.dbUser(), backends.dbPassword()).jdbi());
        return store.indicators(scope, period, Optional.empty()).stream().filter(s -> s.indicator().equals(indicator))
                .map(StoredSnapshot::numerator).findFirst().orElse(null);
    }

    // ---- topics

    private static long eventOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", backends.bootstrapServers()))) {
            List<String> topics = Topics.allEvents().stream().map(TopicContract::name).toList();
            return TopicSetup.endOffsets(admin, topics).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The topics (every one but the broker's own) whose records hold any of the words, read back as bytes. */
    private static List<String> topicsHolding(List<String> words) throws Exception {
        List<String> found = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", backends.bootstrapServers()));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", backends.bootstrapServers()),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<String> topics = admin.listTopics().names().get().stream().filter(t -> !t.startsWith("__")).collect(Collectors.toSet());
            Map<TopicPartition, Long> ends = TopicSetup.endOffsets(admin, topics);
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue()) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    for (byte[] bytes : new byte[][] {record.key(), record.value()}) {
                        String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
                        words.stream().filter(text::contains).forEach(w -> found.add(record.topic() + ": " + w));
                    }
                    record.headers().forEach(h -> {
                        String text = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
                        words.stream().filter(text::contains).forEach(w -> found.add(record.topic() + " header " + h.key() + ": " + w));
                    });
                }
            }
        }
        return found;
    }

    // ---- running fazhi

    private static String town(String city, int n) {
        return city + "0" + n + "101000";
    }

    private static Path csv(String name, String text) throws Exception {
        return Files.writeString(work.resolve(RUN + "-" + name), text, StandardCharsets.UTF_8);
    }

    private static String[] importArgs(Object... extra) {
        List<String> args = new ArrayList<>(List.of("import", "--set", "kafka.bootstrap.servers=" + backends.bootstrapServers(),
                "--set", "db.url=" + dbUrl, "--set", "db.user=" + backends.dbUser(), "--set", "db.password=" + backends.dbPassword(),
                "--rejected", work.resolve("rejected-" + files++ + ".jsonl").toString()));
        for (Object e : extra) {
            args.add(e.toString());
        }
        return args.toArray(String[]::new);
    }

    private static CliRun fazhiOk(String... args) {
        CliRun result = fazhi(args);
        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        return result;
    }
}
