package cn.fazhi.pulse.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.report.model.ReportModel;
import cn.fazhi.pulse.report.model.TownYears;
import cn.fazhi.pulse.report.render.MarkdownWriter;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.store.StoredSnapshot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report of each seed town, from the snapshots the pipeline stored for the built-in sample
 * (fixtures/seed-snapshots.json is an extract of `./fazhi demo`'s indicators.json), says each seed
 * figure in a sentence like the seed's.
 */
class SeedReportsTest {
    private static final LocalDate GENERATED = LocalDate.of(2024, 3, 20);
    private static final List<ScopeRow> SCOPES = List.of(
            new ScopeRow("120100000000", "CITY", "天津市", null, null, null),
            new ScopeRow("120119000000", "DISTRICT", "蓟州区", "120100000000", null, null),
            new ScopeRow("120111000000", "DISTRICT", "西青区", "120100000000", null, null),
            new ScopeRow("120119109000", "TOWN", "上仓镇", "120119000000", "TOWN", 41),
            new ScopeRow("120111101000", "TOWN", "杨柳青镇", "120111000000", "TOWN", null),
            new ScopeRow("370300000000", "CITY", "淄博市", null, null, null),
            new ScopeRow("370323000000", "DISTRICT", "沂源县", "370300000000", null, null),
            new ScopeRow("370323106000", "TOWN", "大张庄镇", "370323000000", "TOWN", 62));
    private static List<StoredSnapshot> snapshots;

    @BeforeAll
    static void readFixtures() throws IOException {
        snapshots = new ArrayList<>();
        try (InputStream in = SeedReportsTest.class.getResourceAsStream("/fixtures/seed-snapshots.json")) {
            for (JsonNode s : new ObjectMapper().readTree(in)) {
                snapshots.add(new StoredSnapshot(s.get("scope_code").asText(), s.get("period").asText(), s.get("indicator").asText(),
                        s.get("numerator").decimalValue(), s.get("denominator").isNull() ? null : s.get("denominator").decimalValue(),
                        s.get("value").isNull() ? null : s.get("value").asDouble(),
                        OffsetDateTime.parse(s.get("as_of").asText()).toInstant(), OffsetDateTime.parse(s.get("updated_at").asText()).toInstant()));
            }
        }
    }

    static ReportModel report(String town, int year, Narrative narrative) {
        List<StoredSnapshot> ofTown = snapshots.stream().filter(s -> s.scopeCode().equals(town)).toList();
        return AnnualReportBuilder.standard().build(TownYears.of(town, year, ofTown, SCOPES), narrative, GENERATED);
    }

    static String markdown(String town, int year) {
        return MarkdownWriter.write(report(town, year, Narrative.NONE));
    }

    @Test
    void shouldSayShangcangs2023FiguresAsItsReportDoes() {
        String md = markdown("120119109000", 2023);

        assertThat(md).startsWith("# 上仓镇2023年法治政府建设情况报告");
        assertThat(md).contains("2023年受理信访件427件，办结信访件427件，按时受理率、办结率、按期办结率、群众满意率均为100%。");
        assertThat(md).contains("调解成功率100%");
        assertThat(md).contains("其中集体学法7次，党政主要领导干部讲法治课2次");
        assertThat(md).contains("参学率100%");
        assertThat(md).contains("平均成绩90.5分");
        assertThat(md).contains("开展普法宣传活动120场，发放宣传资料20000份，解答法律咨询300人次。");
        assertThat(md).contains("法律顾问出具法律意见70件");
        assertThat(md).contains("村居法律顾问覆盖率100%。");
        assertThat(md).contains("开展行政检查2000次，行政处罚90起，其中文明行为28起，市容和环境卫生38起，非法焚烧24起，罚款11850元。");
        assertThat(md).contains("天津市蓟州区上仓镇人民政府").contains("2024年3月20日");
    }

    @Test
    void shouldTellYangliuqings2020LitigationSentenceFigureByFigure() {
        String md = markdown("120111101000", 2020);

        // the sample also holds the 2019 filings of the older cases, so the counts carry their change on 2019
        assertThat(md).contains("2020年民事案件4件（同比增加4件），一审胜诉2件，调解2件。");
        assertThat(md).contains("2020年立案的行政诉讼8件（同比增加3件），一审胜诉3件，正在审理2件，上诉3件，二审胜诉1件，正在二审审理2件。");
        assertThat(md).contains("往年一审的行政诉讼案件本年上诉8件，发回重审5件，3件正在二审审理。");
        assertThat(md).contains("全部案件开庭18次，负责人均出庭应诉。");
        assertThat(md).doesNotContain("行政复议案件0件");
    }

    @Test
    void shouldTellDazhangzhuangs2020MediationsAndSayItHadNoCasesRatherThanZeros() {
        String md = markdown("370323106000", 2020);

        assertThat(md).contains("调委会共受理调解纠纷139件，成功调解139件，调解成功率100%，其中书面协议(卷宗)68件，口头协议71件，无\"民转刑\"案件。");
        assertThat(md).contains("全年无行政复议、行政诉讼案件。");
        assertThat(md).contains("初信初访化解率98%，信访积案化解率100%。");
        assertThat(md).doesNotContain("行政诉讼0件").doesNotContain("民事案件0件");
    }

    @Test
    void shouldWriteAShortfallSentenceExactlyForTheIndicatorsBelowTarget() {
        ReportModel report = report("370323106000", 2020, Narrative.NONE);
        List<String> partTwo = report.parts().get(1).sections().get(0).paragraphs();

        // 大张庄镇's petitions: 53 of 54 satisfied, every other targeted rate at 100%
        assertThat(partTwo).filteredOn(p -> p.contains("低于")).singleElement().asString()
                .isEqualTo("一是群众满意率98.1%，低于100%的目标。");
        assertThat(partTwo).last().asString().startsWith("【待填写");
    }

    @Test
    void shouldUseTheOfficesNarrativeAndMarkWhatIsMissingNeverInventingProse() {
        Narrative narrative = Narrative.parse(List.of("# 三、党政主要负责人履行推进法治建设第一责任人职责情况", "镇党委书记带头学法。", "",
                "# 五、其他需要报告的情况", "无。"));

        ReportModel report = report("120119109000", 2023, narrative);

        assertThat(report.parts()).extracting(ReportModel.Part::heading).containsExactly(
                "一、2023年推进法治政府建设的主要举措和成效", "二、存在的不足和原因", "三、党政主要负责人履行推进法治建设第一责任人职责情况",
                "四、2024年推进法治政府建设的主要安排", "五、其他需要报告的情况");
        assertThat(report.parts().get(2).sections().get(0).paragraphs()).containsExactly("镇党委书记带头学法。");
        assertThat(report.parts().get(3).sections().get(0).paragraphs()).containsExactly("【待填写：2024年推进法治政府建设的主要安排】");
        assertThat(report("120119109000", 2023, Narrative.NONE).parts()).hasSize(4);
    }

    @Test
    void shouldListEveryIndicatorOfTheYearInTheAppendixWithTheDataCutOff() {
        ReportModel report = report("120119109000", 2023, Narrative.NONE);

        long indicatorsOfTheYear = snapshots.stream().filter(s -> s.scopeCode().equals("120119109000") && s.period().equals("2023")).count();
        assertThat(report.appendix().rows()).hasSize((int) indicatorsOfTheYear);
        assertThat(report.appendix().rows()).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("罚款金额");
            assertThat(r.thisYear()).isEqualTo("11850");
        });
        assertThat(report.appendix().cutoff()).startsWith("数据截至2023年12月");
        assertThat(report.chart().months()).extracting(ReportModel.Chart.Month::petitionsReceived)
                .containsExactlyElementsOf(monthly("120119109000", "2023", "petition.received"));
    }

    private static List<Long> monthly(String town, String year, String indicator) {
        List<Long> months = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            String period = year + String.format("-%02d", m);
            months.add(snapshots.stream().filter(s -> s.scopeCode().equals(town) && s.period().equals(period) && s.indicator().equals(indicator))
                    .findFirst().map(s -> s.numerator().longValue()).orElse(0L));
        }
        return months;
    }

}
