package cn.fazhi.pulse.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.streams.TestEvents;
import cn.fazhi.pulse.testkit.sample.SeedTownsSample;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures each seed report states, reproduced by the topology from the built-in sample of
 * events (../shared/seeds/; the sample is described in docs/samples.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedFiguresTest {
    static final Instant LOADED = Instant.parse("2026-11-21T08:00:00Z");
    private static final String YANGLIUQING = "120111101000";
    private static final String DAZHANGZHUANG = "370323106000";
    private static final String SHANGCANG = "120119109000";

    private TopologyHarness topology;

    static List<SpecificRecord> sample() {
        return SeedTownsSample.lines().stream().map(TestEvents::event).toList();
    }

    @BeforeAll
    void publishTheSample(@TempDir Path stateDir) {
        topology = new TopologyHarness(stateDir, LOADED);
        sample().forEach(topology::send);
        topology.emit();
    }

    @AfterAll
    void close() {
        topology.close();
    }

    @Test
    void shouldReproduceYangliuqing2020LitigationFigureByFigure() {
        // 2020年民事4件，一审胜诉2件，调解2件。
        assertThat(topology.figure(YANGLIUQING, "2020", "case.civil.filed")).isEqualTo("4");
        assertThat(topology.figure(YANGLIUQING, "2020", "case.civil.won")).isEqualTo("2");
        assertThat(topology.figure(YANGLIUQING, "2020", "case.civil.mediated")).isEqualTo("2");
        // 2020年立案的行政诉讼8件，一审胜诉3件，正在审理2件，上诉件数3件，二审胜诉1件，正在审理2件。
        assertThat(topology.figure(YANGLIUQING, "2020", "case.admin.filed")).isEqualTo("8");
        assertThat(topology.figure(YANGLIUQING, "2020", "case.admin.won_first")).isEqualTo("3");
        assertThat(topology.figure(YANGLIUQING, "2020", "case.admin.pending_first")).isEqualTo("2");
        assertThat(topology.figure(YANGLIUQING, "2020", "case.admin.appealed")).isEqualTo("3");
        assertThat(topology.figure(YANGLIUQING, "2020", "case.admin.won_second")).isEqualTo("1");
        assertThat(topology.figure(YANGLIUQING, "2020", "case.admin.pending_second")).isEqualTo("2");
        // 2019年及以前年度一审的行政诉讼案件在2020年上诉8件，发回重审5件，3件正在二审审理过程中。
        assertThat(topology.figure(YANGLIUQING, "2020", "case.admin.prior_appeals")).isEqualTo("8");
        assertThat(topology.figure(YANGLIUQING, "2020", "case.admin.prior_remanded")).isEqualTo("5");
        assertThat(topology.figure(YANGLIUQING, "2020", "case.admin.prior_pending_second")).isEqualTo("3");
        // 全部案件法院开庭镇领导干部均出庭，共计18次。
        assertThat(topology.figure(YANGLIUQING, "2020", "case.hearings")).isEqualTo("18");
        assertThat(topology.rate(YANGLIUQING, "2020", "case.leader_appearance_rate")).isEqualTo("18/18");
    }

    @Test
    void shouldReproduceDazhangzhuang2020MediationAndPetitionFigures() {
        // 调委会共立案调解纠纷139宗，成功调处139宗，调解成功率100%，其中卷宗68宗，口头协议71宗，没有"民转刑"案件
        assertThat(topology.figure(DAZHANGZHUANG, "2020", "mediation.accepted")).isEqualTo("139");
        assertThat(topology.rate(DAZHANGZHUANG, "2020", "mediation.success_rate")).isEqualTo("139/139");
        assertThat(topology.figure(DAZHANGZHUANG, "2020", "mediation.written_agreements")).isEqualTo("68");
        assertThat(topology.figure(DAZHANGZHUANG, "2020", "mediation.oral_agreements")).isEqualTo("71");
        assertThat(topology.figure(DAZHANGZHUANG, "2020", "mediation.escalated_to_criminal")).isEqualTo("0");
        // 初信初访化解率98%，积案化解率100%
        assertThat(topology.snapshot(DAZHANGZHUANG, "2020", "petition.initial_resolution_rate").getValue()).isEqualTo(0.98);
        assertThat(topology.snapshot(DAZHANGZHUANG, "2020", "petition.backlog_resolution_rate").getValue()).isEqualTo(1.0);
        // 2020年无行政复议、行政诉讼案件
        assertThat(topology.has(DAZHANGZHUANG, "2020", "case.admin.filed")).isFalse();
        assertThat(topology.has(DAZHANGZHUANG, "2020", "case.reconsideration.filed")).isFalse();
        // 开展法治宣传教育活动76余次，发放各类宣传资料共1.2万余份，解答法律咨询2000人次
        assertThat(topology.figure(DAZHANGZHUANG, "2020", "publicity.activities")).isEqualTo("76");
        assertThat(topology.figure(DAZHANGZHUANG, "2020", "publicity.materials")).isEqualTo("12000");
        assertThat(topology.figure(DAZHANGZHUANG, "2020", "publicity.consultations")).isEqualTo("2000");
    }

    @Test
    void shouldReproduceShangcang2023PetitionTrainingPublicityLegalAndEnforcementFigures() {
        // 2023年办结信访件427件，按时受理率、办结率、群众满意率均为100%
        assertThat(topology.figure(SHANGCANG, "2023", "petition.closed_in_period")).isEqualTo("427");
        assertThat(topology.rate(SHANGCANG, "2023", "petition.accepted_on_time_rate")).isEqualTo("427/427");
        assertThat(topology.rate(SHANGCANG, "2023", "petition.closure_rate")).isEqualTo("427/427");
        assertThat(topology.rate(SHANGCANG, "2023", "petition.satisfaction_rate")).isEqualTo("427/427");
        // 全年组织镇村干部集体学法共7次，党政主要领导干部带头讲法治课2次，法律自学超过50小时，培训参学率达100%，平均成绩达到90分以上
        assertThat(topology.figure(SHANGCANG, "2023", "training.sessions.COLLECTIVE_STUDY")).isEqualTo("7");
        assertThat(topology.figure(SHANGCANG, "2023", "training.sessions.LEADER_LECTURE")).isEqualTo("2");
        assertThat(topology.figure(SHANGCANG, "2023", "training.sessions.MEDIATOR_TRAINING")).isEqualTo("4");
        assertThat(topology.snapshot(SHANGCANG, "2023", "training.participation_rate").getValue()).isEqualTo(1.0);
        assertThat(topology.snapshot(SHANGCANG, "2023", "exam.average_score").getValue()).isEqualTo(90.5);
        // 共开展宣传活动120余场，发放宣传材料20000余份; 提供法律意见70余件; 解答法律咨询300余件
        assertThat(topology.figure(SHANGCANG, "2023", "publicity.activities")).isEqualTo("120");
        assertThat(topology.figure(SHANGCANG, "2023", "publicity.materials")).isEqualTo("20000");
        assertThat(topology.figure(SHANGCANG, "2023", "legal.opinions")).isEqualTo("70");
        assertThat(topology.figure(SHANGCANG, "2023", "legal.consultations")).isEqualTo("300");
        // 行政检查2000余次，行政处罚90起，其中文明行为28起，市容和环境卫生38起，非法焚烧24起，涉及处罚金11850元
        assertThat(topology.figure(SHANGCANG, "2023", "enforcement.inspections")).isEqualTo("2000");
        assertThat(topology.figure(SHANGCANG, "2023", "enforcement.penalties")).isEqualTo("90");
        assertThat(topology.figure(SHANGCANG, "2023", "enforcement.penalties.CIVILIZED_BEHAVIOR")).isEqualTo("28");
        assertThat(topology.figure(SHANGCANG, "2023", "enforcement.penalties.CITY_APPEARANCE")).isEqualTo("38");
        assertThat(topology.figure(SHANGCANG, "2023", "enforcement.penalties.ILLEGAL_BURNING")).isEqualTo("24");
        assertThat(topology.figure(SHANGCANG, "2023", "enforcement.fines_yuan")).isEqualTo("11850");
        // 实现41个村居法律顾问全覆盖 (the state: 41 villages covered of 41, as changes in January)
        assertThat(topology.rate(SHANGCANG, "2023", "legal.village_advisor_coverage")).isEqualTo("41/41");
    }

    @Test
    void shouldCountTheWholeSampleAsLateInTheMonthItWasLoaded() {
        long events = sample().size();

        // every event of the sample happened years before it was loaded; 天津市 holds four of the five towns
        long tianjin = topology.count("120100000000", "2026-11", "dq.late");
        long zibo = topology.count("370300000000", "2026-11", "dq.late");
        assertThat(tianjin + zibo).isEqualTo(events);
        assertThat(topology.count(DAZHANGZHUANG, "2026-11", "dq.orphaned")).isZero();
    }
}
