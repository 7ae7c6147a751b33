package cn.fazhi.pulse.report;

import static cn.fazhi.pulse.report.Figures.count;
import static cn.fazhi.pulse.report.Figures.rate;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.report.model.ReportModel;
import cn.fazhi.pulse.report.model.TownYears;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.store.StoredSnapshot;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Part two: a sentence for exactly each indicator below its target or worse than last year, with its figures. */
class ShortfallsTest {
    private static final String TOWN = "120119109000";
    private static final List<ScopeRow> SCOPES = List.of(new ScopeRow(TOWN, "TOWN", "上仓镇", null, "TOWN", 41));

    @Test
    void shouldWriteOneSentencePerShortfallWhenOneRateMissesItsTargetAndAnotherFellOnLastYear() {
        List<StoredSnapshot> figures = List.of(
                count(TOWN, "2023", "mediation.accepted", 10), rate(TOWN, "2023", "mediation.success_rate", 9, 10),
                count(TOWN, "2023", "petition.received", 10), rate(TOWN, "2023", "petition.closure_rate", 10, 10),
                rate(TOWN, "2023", "petition.initial_resolution_rate", 8, 10), rate(TOWN, "2022", "petition.initial_resolution_rate", 9, 10),
                rate(TOWN, "2023", "petition.backlog_resolution_rate", 10, 10), rate(TOWN, "2022", "petition.backlog_resolution_rate", 9, 10),
                rate(TOWN, "2023", "training.participation_rate", 20, 20));

        List<String> partTwo = partTwo(figures);

        assertThat(partTwo).containsExactly("一是调解成功率90%，低于100%的目标。", "二是初信初访化解率80%，较上年90%有所下降。",
                "【待填写：请结合实际分析上述不足的原因】");
    }

    @Test
    void shouldSayNothingFellShortWhenEveryRateMeetsItsTargetAndNoneFell() {
        List<StoredSnapshot> figures = List.of(count(TOWN, "2023", "mediation.accepted", 10), rate(TOWN, "2023", "mediation.success_rate", 10, 10),
                rate(TOWN, "2023", "petition.initial_resolution_rate", 9, 10), rate(TOWN, "2022", "petition.initial_resolution_rate", 9, 10));

        assertThat(partTwo(figures)).containsExactly("经对照各项指标目标值，未发现低于目标或较上年变差的指标。");
    }

    @Test
    void shouldCountARiseAsWorseWhenLowerIsBetterAsForLawsuitsLost() {
        List<StoredSnapshot> rose = List.of(count(TOWN, "2023", "case.admin.filed", 3), rate(TOWN, "2023", "case.admin.loss_rate", 1, 3),
                rate(TOWN, "2022", "case.admin.loss_rate", 1, 5));
        List<StoredSnapshot> fell = List.of(count(TOWN, "2023", "case.admin.filed", 5), rate(TOWN, "2023", "case.admin.loss_rate", 1, 5),
                rate(TOWN, "2022", "case.admin.loss_rate", 1, 3));

        assertThat(partTwo(rose)).first().asString().isEqualTo("一是行政诉讼败诉率33.3%，较上年20%有所上升。");
        assertThat(partTwo(fell)).containsExactly("经对照各项指标目标值，未发现低于目标或较上年变差的指标。");
    }

    @Test
    void shouldReportRejectedEventsWhenTheDataQualityTargetOfNoneIsMissed() {
        List<StoredSnapshot> figures = List.of(count(TOWN, "2023", "mediation.accepted", 10), rate(TOWN, "2023", "mediation.success_rate", 10, 10),
                count(TOWN, "2023", "dq.rejected", 3));

        assertThat(partTwo(figures)).first().asString().isEqualTo("一是数据质量方面，全年有3条事件因不符合要求被退回。");
    }

    private static List<String> partTwo(List<StoredSnapshot> figures) {
        ReportModel report = AnnualReportBuilder.standard().build(TownYears.of(TOWN, 2023, figures, SCOPES), Narrative.NONE, LocalDate.of(2024, 3, 20));
        return report.parts().get(1).sections().get(0).paragraphs();
    }
}
