package cn.fazhi.pulse.report;

import static cn.fazhi.pulse.report.Figures.count;
import static cn.fazhi.pulse.report.Figures.rate;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.report.model.ReportModel;
import cn.fazhi.pulse.report.model.ReportModel.Ranking;
import cn.fazhi.pulse.report.model.TownYear;
import cn.fazhi.pulse.report.model.TownYears;
import cn.fazhi.pulse.report.render.MarkdownWriter;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.store.StoredSnapshot;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A district's report: its own rolled-up figures, how many towns report, and its towns ranked on the headline rates. */
class DistrictReportTest {
    private static final String DISTRICT = "120119000000";
    private static final List<ScopeRow> SCOPES = List.of(
            new ScopeRow("120100000000", "CITY", "天津市", null, null, null),
            new ScopeRow(DISTRICT, "DISTRICT", "蓟州区", "120100000000", null, null),
            new ScopeRow("120119101000", "TOWN", "甲镇", DISTRICT, "TOWN", 10),
            new ScopeRow("120119102000", "TOWN", "乙镇", DISTRICT, "TOWN", 10),
            new ScopeRow("120119103000", "TOWN", "丙镇", DISTRICT, "TOWN", 10),
            new ScopeRow("120119104000", "TOWN", "丁镇", DISTRICT, "TOWN", 10));

    @Test
    void shouldRankTownsByTheirMeanPlaceOnTheHeadlineRatesWhenTheyDiffer() {
        Ranking ranking = report().ranking();

        // 丙: 1st and 1st; 乙: 3rd, 1st, 1st; 甲: 1st and 3rd; 丁 has no rate and comes last
        assertThat(ranking.rows()).extracting(Ranking.Row::town).containsExactly("丙镇", "乙镇", "甲镇", "丁镇");
        assertThat(ranking.rows()).extracting(Ranking.Row::place).containsExactly("1", "2", "3", "—");
        assertThat(ranking.rows().get(0).cells()).containsExactly("20", "100%(1)", "10", "100%(1)", "—", "—");
        assertThat(ranking.rows().get(1).cells().get(1)).isEqualTo("90%(3)");
        assertThat(ranking.columns()).startsWith("受理调解(件)", "调解成功率");
    }

    @Test
    void shouldGiveEqualPlacesWhenTownsTieOnEveryRate() {
        List<TownYear> towns = List.of(town("120119101000", rate("120119101000", "2023", "mediation.success_rate", 5, 5)),
                town("120119102000", rate("120119102000", "2023", "mediation.success_rate", 9, 9)),
                town("120119103000", rate("120119103000", "2023", "mediation.success_rate", 4, 5)));

        Ranking ranking = DistrictRanking.rank(towns, "排名", "说明");

        assertThat(ranking.rows()).extracting(Ranking.Row::town, Ranking.Row::place).containsExactly(
                org.assertj.core.groups.Tuple.tuple("甲镇", "1"), org.assertj.core.groups.Tuple.tuple("乙镇", "1"),
                org.assertj.core.groups.Tuple.tuple("丙镇", "3"));
    }

    @Test
    void shouldTellTheDistrictsOwnFiguresAndHowManyTownsReportWhenBuilt() {
        ReportModel report = report();
        String md = MarkdownWriter.write(report);

        assertThat(report.title()).isEqualTo("蓟州区2023年法治政府建设情况报告");
        assertThat(report.signature()).isEqualTo("天津市蓟州区人民政府");
        assertThat(md).contains("蓟州区所辖4个镇（街道），其中3个有2023年数据；以下数字为全蓟州区合计。")
                .contains("调委会共受理调解纠纷50件，成功调解48件，调解成功率96%")
                .contains("| 1 | 丙镇 |");
    }

    private static ReportModel report() {
        List<StoredSnapshot> district = List.of(count(DISTRICT, "2023", "mediation.accepted", 50), count(DISTRICT, "2023", "mediation.succeeded", 48),
                rate(DISTRICT, "2023", "mediation.success_rate", 48, 50));
        List<TownYear> towns = List.of(
                town("120119101000", rate("120119101000", "2023", "mediation.success_rate", 10, 10), rate("120119101000", "2023", "petition.closure_rate", 9, 10)),
                town("120119102000", rate("120119102000", "2023", "mediation.success_rate", 18, 20), rate("120119102000", "2023", "petition.closure_rate", 5, 5),
                        rate("120119102000", "2023", "petition.satisfaction_rate", 5, 5)),
                town("120119103000", count("120119103000", "2023", "mediation.accepted", 20), rate("120119103000", "2023", "mediation.success_rate", 20, 20),
                        count("120119103000", "2023", "petition.received", 10), rate("120119103000", "2023", "petition.closure_rate", 10, 10)),
                town("120119104000"));
        return AnnualReportBuilder.standard().buildDistrict(TownYears.of(DISTRICT, 2023, district, SCOPES), towns, Narrative.NONE,
                LocalDate.of(2024, 3, 20));
    }

    private static TownYear town(String code, StoredSnapshot... figures) {
        return TownYears.of(code, 2023, List.of(figures), SCOPES);
    }
}
