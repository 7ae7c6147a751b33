package cn.fazhi.pulse.testkit.sample;

import cn.fazhi.pulse.events.ActivityKind;
import cn.fazhi.pulse.events.AgreementForm;
import cn.fazhi.pulse.events.CaseAppealed;
import cn.fazhi.pulse.events.CaseFiled;
import cn.fazhi.pulse.events.CaseHearingHeld;
import cn.fazhi.pulse.events.CaseJudged;
import cn.fazhi.pulse.events.CaseKind;
import cn.fazhi.pulse.events.CaseOutcome;
import cn.fazhi.pulse.events.DisputeType;
import cn.fazhi.pulse.events.ExamCompleted;
import cn.fazhi.pulse.events.InspectionConducted;
import cn.fazhi.pulse.events.InspectionDomain;
import cn.fazhi.pulse.events.Instance;
import cn.fazhi.pulse.events.LegalConsultationGiven;
import cn.fazhi.pulse.events.LegalOpinionIssued;
import cn.fazhi.pulse.events.MajorDecisionMade;
import cn.fazhi.pulse.events.MediationAccepted;
import cn.fazhi.pulse.events.MediationConcluded;
import cn.fazhi.pulse.events.MediationOutcome;
import cn.fazhi.pulse.events.NormativeDocumentReviewed;
import cn.fazhi.pulse.events.OpinionSubject;
import cn.fazhi.pulse.events.PenaltyCategory;
import cn.fazhi.pulse.events.PenaltyImposed;
import cn.fazhi.pulse.events.PetitionAccepted;
import cn.fazhi.pulse.events.PetitionCategory;
import cn.fazhi.pulse.events.PetitionChannel;
import cn.fazhi.pulse.events.PetitionClosed;
import cn.fazhi.pulse.events.PetitionReceived;
import cn.fazhi.pulse.events.PublicityActivityHeld;
import cn.fazhi.pulse.events.Satisfaction;
import cn.fazhi.pulse.events.TownLevel;
import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.events.TrainingKind;
import cn.fazhi.pulse.events.TrainingSessionHeld;
import cn.fazhi.pulse.events.VillageAdvisorAssigned;
import cn.fazhi.pulse.schemas.ChinaTime;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/**
 * The built-in sample data: JSON Lines events for the five seed towns (shared/seeds/), chosen so
 * that the indicators computed from them reproduce exactly the figures each seed report states.
 *
 * <p>Run {@code main} with the output path to regenerate the committed file
 * {@value #COMMITTED_FILE} (see docs/samples.md). The output is deterministic: every town draws
 * from its own {@link Random} seeded with its town code, every id is derived from a counter, and the
 * events of a town are written in time order (its {@code TownRegistered} first).
 *
 * <p>Events are built with the generated Avro builders and written by the project's
 * {@link EventJsonCodec}, so a field renamed or made required in a schema breaks this class at
 * compile time or at {@code build()}, not the demo at import.
 *
 * <p>Ids: an entity id is {@code <year>-<domain>-<nnnn>} (e.g. mediation {@code 2020-m-0001}),
 * unique within its town; an event id is {@code <town prefix>-<entity id>[-<step>]} (e.g.
 * {@code dzz-2020-m-0001-a} accepted, {@code dzz-2020-m-0001-c} concluded). Steps: {@code a}
 * accepted, {@code c} concluded/closed, {@code r} received; cases {@code f} filed, {@code hN}
 * N-th hearing, {@code j1}/{@code j2} first/second-instance judgment, {@code ap} appealed.
 *
 * <p>Each town is one nested class below whose constants are the figures of its report and whose
 * comment quotes the sentence they come from. Where a seed states no figure (辛口镇 2019,
 * 大港街道 2020) the events are illustrative only.
 */
public final class SeedTownsSample {

    /** Where the generated file is committed, relative to the repository root. */
    public static final String COMMITTED_FILE = "app/src/main/resources/samples/seed-towns.jsonl";

    private static final EventJsonCodec CODEC = new EventJsonCodec();

    /** Offices that publish the events (suffixes of {@code office_id}). */
    private static final String JUDICIAL_OFFICE = "sfs"; // 司法所: mediation, cases, training, publicity, legal services
    private static final String PETITION_OFFICE = "xfb"; // 信访办: petitions
    private static final String ENFORCEMENT_TEAM = "zfdd"; // 综合行政执法大队: inspections, penalties

    private SeedTownsSample() {}

    /** The sample, one JSON event per line, towns in the order of the seed files (000 … 004). */
    public static List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.addAll(Yangliuqing2020.generate().lines());
        lines.addAll(Xinkou2019.generate().lines());
        lines.addAll(Dazhangzhuang2020.generate().lines());
        lines.addAll(Shangcang2023.generate().lines());
        lines.addAll(Dagang2020.generate().lines());
        return List.copyOf(lines);
    }

    /** Writes {@link #lines()} to {@code args[0]} (UTF-8, one event per line, each ending in '\n'). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SeedTownsSample <output.jsonl>   (the committed file is " + COMMITTED_FILE + ")");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        List<String> lines = lines();
        Files.writeString(out, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        System.out.println("wrote " + lines.size() + " events to " + out);
    }

    // ------------------------------------------------------------------------------------------
    // 000 天津市西青区杨柳青镇 120111101000, 2020 — cases
    // ------------------------------------------------------------------------------------------

    /**
     * "2020年民事4件，一审胜诉2件，调解2件。2020年立案的行政诉讼8件，一审胜诉3件，正在审理2件，上诉件数3件，
     * 二审胜诉1件，正在审理2件。2019年及以前年度一审的行政诉讼案件在2020年上诉8件，发回重审5件，3件正在二审审理过程中。
     * 全部案件法院开庭镇领导干部均出庭，共计18次。"
     *
     * <p>The seed states no other figure, so the town has cases only. The old cases (filed in
     * 2018/2019, first-instance judgment in December 2019) have only the events the figures need
     * before 2020: filing and judgment.
     */
    static final class Yangliuqing2020 {
        static final Town TOWN = new Town("ylq", "120111101000", "杨柳青镇", "西青区", "天津市", TownLevel.TOWN, 2020);

        static final int CIVIL_FILED = 4; //          民事4件
        static final int CIVIL_WON_FIRST = 2; //      一审胜诉2件
        static final int CIVIL_MEDIATED = 2; //       调解2件
        static final int ADMIN_FILED = 8; //          2020年立案的行政诉讼8件
        static final int ADMIN_WON_FIRST = 3; //      一审胜诉3件
        static final int ADMIN_PENDING_FIRST = 2; //  正在审理2件
        static final int ADMIN_APPEALED = 3; //       上诉件数3件 (first instance LOST)
        static final int ADMIN_WON_SECOND = 1; //     二审胜诉1件
        static final int ADMIN_PENDING_SECOND = 2; // 正在审理2件
        static final int PRIOR_APPEALED = 8; //       2019年及以前年度一审…在2020年上诉8件
        static final int PRIOR_REMANDED = 5; //       发回重审5件
        static final int PRIOR_PENDING_SECOND = 3; // 3件正在二审审理过程中
        static final int HEARINGS = 18; //            开庭…镇领导干部均出庭，共计18次

        static Gen generate() {
            Gen g = new Gen(TOWN);
            g.register(null, null);

            // 民事 4: two won at first instance, two settled by court mediation; one hearing each.
            g.fileCase(2020, 1, CaseKind.CIVIL, "2020-01-09").hearing("2020-03-24T09:30").judged(Instance.FIRST, CaseOutcome.WON, "2020-04-28");
            g.fileCase(2020, 2, CaseKind.CIVIL, "2020-03-02").hearing("2020-05-12T14:30").judged(Instance.FIRST, CaseOutcome.WON, "2020-06-16");
            g.fileCase(2020, 3, CaseKind.CIVIL, "2020-05-11").hearing("2020-06-30T09:00").judged(Instance.FIRST, CaseOutcome.MEDIATED, "2020-07-03");
            g.fileCase(2020, 4, CaseKind.CIVIL, "2020-08-05").hearing("2020-09-22T09:30").judged(Instance.FIRST, CaseOutcome.MEDIATED, "2020-09-29");

            // 行政诉讼 filed 2020, 8: three won at first instance (not appealed) …
            g.fileCase(2020, 5, CaseKind.ADMINISTRATIVE_LITIGATION, "2020-01-14").hearing("2020-04-14T09:30").judged(Instance.FIRST, CaseOutcome.WON, "2020-05-19");
            g.fileCase(2020, 6, CaseKind.ADMINISTRATIVE_LITIGATION, "2020-03-16").hearing("2020-05-26T14:00").judged(Instance.FIRST, CaseOutcome.WON, "2020-07-07");
            g.fileCase(2020, 7, CaseKind.ADMINISTRATIVE_LITIGATION, "2020-06-02").hearing("2020-08-18T09:00").judged(Instance.FIRST, CaseOutcome.WON, "2020-09-15");
            // … three lost at first instance and appealed in 2020: one won at second instance, two pending …
            g.fileCase(2020, 8, CaseKind.ADMINISTRATIVE_LITIGATION, "2020-01-20").hearing("2020-04-21T14:30").judged(Instance.FIRST, CaseOutcome.LOST, "2020-05-26")
                    .appealed("2020-06-05").hearing("2020-09-08T09:30").judged(Instance.SECOND, CaseOutcome.WON, "2020-10-20");
            g.fileCase(2020, 9, CaseKind.ADMINISTRATIVE_LITIGATION, "2020-03-09").hearing("2020-05-19T09:00").judged(Instance.FIRST, CaseOutcome.LOST, "2020-06-23")
                    .appealed("2020-07-02");
            g.fileCase(2020, 10, CaseKind.ADMINISTRATIVE_LITIGATION, "2020-04-13").hearing("2020-06-16T14:00").judged(Instance.FIRST, CaseOutcome.LOST, "2020-07-21")
                    .appealed("2020-07-31");
            // … and two heard but not yet judged at first instance.
            g.fileCase(2020, 11, CaseKind.ADMINISTRATIVE_LITIGATION, "2020-09-07").hearing("2020-11-17T09:30");
            g.fileCase(2020, 12, CaseKind.ADMINISTRATIVE_LITIGATION, "2020-10-19").hearing("2020-12-08T14:30");

            // 行政诉讼 filed 2018/2019, judged at first instance in December 2019, appealed in January 2020:
            // five remanded after a second-instance hearing in 2020, three still pending at second instance.
            g.fileCase(2018, 1, CaseKind.ADMINISTRATIVE_LITIGATION, "2018-10-16").judged(Instance.FIRST, CaseOutcome.WON, "2019-12-16")
                    .appealed("2020-01-02").hearing("2020-04-28T09:30").judged(Instance.SECOND, CaseOutcome.REMANDED, "2020-06-09");
            g.fileCase(2018, 2, CaseKind.ADMINISTRATIVE_LITIGATION, "2018-11-20").judged(Instance.FIRST, CaseOutcome.WON, "2019-12-18")
                    .appealed("2020-01-03").hearing("2020-05-14T14:30").judged(Instance.SECOND, CaseOutcome.REMANDED, "2020-06-30");
            g.fileCase(2018, 3, CaseKind.ADMINISTRATIVE_LITIGATION, "2018-12-11").judged(Instance.FIRST, CaseOutcome.LOST, "2019-12-19")
                    .appealed("2020-01-06").hearing("2020-06-11T09:00").judged(Instance.SECOND, CaseOutcome.REMANDED, "2020-08-04");
            g.fileCase(2019, 1, CaseKind.ADMINISTRATIVE_LITIGATION, "2019-03-05").judged(Instance.FIRST, CaseOutcome.WON, "2019-12-20")
                    .appealed("2020-01-06").hearing("2020-07-16T09:30").judged(Instance.SECOND, CaseOutcome.REMANDED, "2020-09-01");
            g.fileCase(2019, 2, CaseKind.ADMINISTRATIVE_LITIGATION, "2019-05-21").judged(Instance.FIRST, CaseOutcome.WON, "2019-12-23")
                    .appealed("2020-01-07").hearing("2020-09-24T14:00").judged(Instance.SECOND, CaseOutcome.REMANDED, "2020-11-10");
            g.fileCase(2019, 3, CaseKind.ADMINISTRATIVE_LITIGATION, "2019-07-09").judged(Instance.FIRST, CaseOutcome.LOST, "2019-12-24")
                    .appealed("2020-01-08");
            g.fileCase(2019, 4, CaseKind.ADMINISTRATIVE_LITIGATION, "2019-08-27").judged(Instance.FIRST, CaseOutcome.WON, "2019-12-26")
                    .appealed("2020-01-09");
            g.fileCase(2019, 5, CaseKind.ADMINISTRATIVE_LITIGATION, "2019-10-15").judged(Instance.FIRST, CaseOutcome.WON, "2019-12-27")
                    .appealed("2020-01-10");

            g.check(g.count(CaseHearingHeld.class) == HEARINGS, "杨柳青镇 hearings");
            return g;
        }
    }

    // ------------------------------------------------------------------------------------------
    // 001 天津市西青区辛口镇 120111102000, 2019 — no figures: illustrative
    // ------------------------------------------------------------------------------------------

    /**
     * The 2019 report states no figure at all. These events only illustrate what it describes:
     * "坚持行政办公会会前学法制度，政府主要负责人带头“讲法”" (collective study, a leader's lecture),
     * "外请法律专家到我镇进行法治宣讲", "加强了执法人员的执法业务培训", "国家工作人员按时完成“天津市干部教育在线”
     * 相关学习考试" (exams), "集中组织开展2019年度宪法宣传周活动 … 通过微信公众号 … 普及法治常识" (publicity),
     * "在重大执法决定作出前，听取法律顾问（律师）意见建议" (legal opinions), "抓好规范性文件管理" (reviews).
     */
    static final class Xinkou2019 {
        static final Town TOWN = new Town("xk", "120111102000", "辛口镇", "西青区", "天津市", TownLevel.TOWN, 2019);

        static final int COLLECTIVE_STUDIES = 6; // illustrative
        static final int EXAM_TAKERS = 24; //       illustrative

        static Gen generate() {
            Gen g = new Gen(TOWN);
            g.register(null, null);

            int s = 0;
            for (int i = 0; i < COLLECTIVE_STUDIES; i++) {
                LocalDate day = g.workday(LocalDate.of(2019, 1 + 2 * i, 15));
                g.training(++s, day.atTime(8, 30), TrainingKind.COLLECTIVE_STUDY, "1.5", 32, 32 - (i % 3 == 1 ? 1 : 0), "行政办公会会前学法");
            }
            g.training(++s, LocalDateTime.of(2019, 4, 23, 9, 0), TrainingKind.LEADER_LECTURE, "2", 45, 44, "政府主要负责人讲法：依法行政");
            g.training(++s, LocalDateTime.of(2019, 6, 18, 14, 30), TrainingKind.THEMATIC_LECTURE, "2.5", 60, 57, "外请法律专家法治宣讲");
            g.training(++s, LocalDateTime.of(2019, 7, 9, 9, 0), TrainingKind.ENFORCEMENT_TRAINING, "3", 28, 28, "《行政处罚法》宣传培训");
            g.training(++s, LocalDateTime.of(2019, 10, 15, 9, 0), TrainingKind.ENFORCEMENT_TRAINING, "3", 28, 27, "执法人员执法业务培训");

            for (int i = 1; i <= EXAM_TAKERS; i++) {
                LocalDate day = g.workday(LocalDate.of(2019, 11, 4).plusDays(g.rnd.nextInt(40)));
                g.exam(i, g.officeHours(day), new BigDecimal(72 + g.rnd.nextInt(27)));
            }

            g.publicity(1, LocalDateTime.of(2019, 3, 15, 9, 30), ActivityKind.CAMPAIGN, 600, 25, 300); //  消费者权益保护日
            g.publicity(2, LocalDateTime.of(2019, 4, 26, 9, 30), ActivityKind.CAMPAIGN, 400, 12, 150); //  知识产权日
            g.publicity(3, LocalDateTime.of(2019, 6, 26, 9, 30), ActivityKind.CAMPAIGN, 800, 18, 350); //  国际禁毒日
            g.publicity(4, LocalDateTime.of(2019, 8, 20, 10, 0), ActivityKind.ONLINE_POST, 0, 0, null); // 微信公众号
            g.publicity(5, LocalDateTime.of(2019, 11, 12, 10, 0), ActivityKind.ONLINE_POST, 0, 0, null);
            g.publicity(6, LocalDateTime.of(2019, 12, 4, 9, 0), ActivityKind.CAMPAIGN, 1200, 40, 500); // 国家宪法日 / 宪法宣传周
            g.publicity(7, LocalDateTime.of(2019, 12, 6, 14, 0), ActivityKind.LECTURE, 300, 15, 120);

            g.opinion(1, LocalDateTime.of(2019, 5, 14, 15, 0), OpinionSubject.OTHER); // before a major enforcement decision
            g.opinion(2, LocalDateTime.of(2019, 8, 6, 10, 30), OpinionSubject.CONTRACT);
            g.opinion(3, LocalDateTime.of(2019, 10, 22, 16, 0), OpinionSubject.MAJOR_DECISION);

            g.documentReviewed(1, LocalDateTime.of(2019, 4, 9, 11, 0), 6, true);
            g.documentReviewed(2, LocalDateTime.of(2019, 9, 17, 11, 0), 9, true);
            return g;
        }
    }

    // ------------------------------------------------------------------------------------------
    // 002 山东省淄博市沂源县大张庄镇 370323106000, 2020 — mediation, petitions, publicity, advisors
    // ------------------------------------------------------------------------------------------

    /**
     * "大张庄镇各村调委会共62个 … 我镇调委会共立案调解纠纷139宗，成功调处139宗，调解成功率100%，其中卷宗68宗，
     * 口头协议71宗，没有“民转刑”案件"; "2020年无行政复议、行政诉讼案件"; "受理的各类初信初访化解率98%，积案化解率100%";
     * "2020年大张庄镇开展法治宣传教育活动76余次，发放各类宣传资料共1.2万余份，解答法律咨询2000人次";
     * "全镇62个村达到驻村律师全覆盖".
     *
     * <p>No case events at all. The petition counts behind the two rates are not in the seed:
     * 50 初信初访 of which 49 resolved (98%), 4 积案 all resolved (100%).
     */
    static final class Dazhangzhuang2020 {
        static final Town TOWN = new Town("dzz", "370323106000", "大张庄镇", "沂源县", "淄博市", TownLevel.TOWN, 2020);

        static final int VILLAGES = 62; //                 全镇62个村
        static final int MEDIATION_COMMITTEES = 62; //     各村调委会共62个
        static final int MEDIATIONS_ACCEPTED = 139; //     立案调解纠纷139宗
        static final int MEDIATIONS_WRITTEN = 68; //       卷宗68宗
        static final int MEDIATIONS_ORAL = 71; //          口头协议71宗 (all 139 succeed, none 民转刑)
        static final int INITIAL_PETITIONS = 50; //        初信初访化解率98% = 49 / 50
        static final int INITIAL_RESOLVED = 49;
        static final int BACKLOG_PETITIONS = 4; //         积案化解率100% = 4 / 4
        static final int PUBLICITY_ACTIVITIES = 76; //     法治宣传教育活动76余次
        static final int PUBLICITY_MATERIALS = 12_000; //  宣传资料共1.2万余份
        static final int PUBLICITY_CONSULTATIONS = 2_000; // 解答法律咨询2000人次
        static final int VILLAGE_ADVISORS = 62; //         驻村律师全覆盖

        static Gen generate() {
            Gen g = new Gen(TOWN);
            g.register(VILLAGES, MEDIATION_COMMITTEES);

            // 驻村律师: eight lawyers, each covering several villages, assigned in January.
            for (int v = 1; v <= VILLAGE_ADVISORS; v++) {
                g.villageAdvisor(200 + v, LocalDate.of(2020, 1, 6 + (v - 1) / 8), "lawyer-" + ((v - 1) % 8 + 1));
            }

            // 人民调解: acceptances spread over the year, each concluded 1–20 days later, all SUCCESS.
            List<AgreementForm> forms = g.shuffled(MEDIATIONS_WRITTEN, AgreementForm.WRITTEN, MEDIATIONS_ORAL, AgreementForm.ORAL);
            List<LocalDate> accepted = g.spread(MEDIATIONS_ACCEPTED, 3, 340);
            for (int i = 0; i < MEDIATIONS_ACCEPTED; i++) {
                String committee = TOWN.code().substring(0, 9) + (201 + g.rnd.nextInt(VILLAGES)) + "-twh";
                g.mediation(i + 1, accepted.get(i), g.pick(RURAL_DISPUTES, RURAL_DISPUTE_WEIGHTS), committee,
                        1 + g.rnd.nextInt(20), MediationOutcome.SUCCESS, forms.get(i));
            }

            // 信访: 50 初信初访 (one closed unresolved) and 4 积案, all accepted ≤ 15 days, closed ≤ 60 days.
            List<LocalDate> received = g.spread(INITIAL_PETITIONS, 2, 300);
            int unresolved = 17; // which initial petition stays unresolved (any one would do)
            for (int i = 0; i < INITIAL_PETITIONS; i++) {
                boolean resolved = i != unresolved;
                g.petition(i + 1, received.get(i), PetitionCategory.INITIAL, g.pick(CHANNELS, CHANNEL_WEIGHTS),
                        resolved, resolved ? Satisfaction.SATISFIED : Satisfaction.UNSATISFIED);
            }
            List<LocalDate> backlog = g.spread(BACKLOG_PETITIONS, 10, 120);
            for (int i = 0; i < BACKLOG_PETITIONS; i++) {
                g.petition(INITIAL_PETITIONS + i + 1, backlog.get(i), PetitionCategory.BACKLOG, PetitionChannel.VISIT, true, Satisfaction.SATISFIED);
            }

            // 普法: 76 activities sharing exactly 12000 materials and 2000 consultations.
            g.publicityYear(PUBLICITY_ACTIVITIES, PUBLICITY_MATERIALS, PUBLICITY_CONSULTATIONS, List.of());
            return g;
        }
    }

    // ------------------------------------------------------------------------------------------
    // 003 天津市蓟州区上仓镇 120119109000, 2023 — petitions, training, exams, publicity, legal services,
    // enforcement, mediation
    // ------------------------------------------------------------------------------------------

    /**
     * "2023年办结信访件427件，按时受理率、办结率、群众满意率均为100%";
     * "全年组织镇村干部集体学法共7次，党政主要领导干部带头讲法治课2次，法律自学超过50小时，培训参学率达100%，
     * 公务员全部完成网上学法用法，平均成绩达到90分以上"; "开展人民调解员培训4次";
     * "共开展宣传活动120余场，发放宣传材料20000余份"; "提供法律意见70余件"; "实现41个村居法律顾问全覆盖";
     * "共解答法律咨询300余件" / "提供法律咨询300余人次";
     * "行政检查2000余次，行政处罚90起，其中涉及到文明行为28起，市容和环境卫生38起，非法焚烧24起，涉及处罚金11850元";
     * "排查矛盾纠纷40件，成功调解40件".
     *
     * <p>Choices where the seed is vague: self-study 52 hours ("超过50小时"), exam average exactly
     * 90.5 ("90分以上"), publicity consultations 300, petitions all {@code INITIAL}/{@code REPEAT},
     * resolved and satisfied.
     */
    static final class Shangcang2023 {
        static final Town TOWN = new Town("sc", "120119109000", "上仓镇", "蓟州区", "天津市", TownLevel.TOWN, 2023);

        static final int VILLAGES = 41; //                41个村居法律顾问全覆盖
        static final int PETITIONS = 427; //              办结信访件427件 (all on time, all satisfied)
        static final int REPEAT_PETITIONS = 37; //        (not in the seed)
        static final int COLLECTIVE_STUDIES = 7; //       集体学法共7次
        static final int LEADER_LECTURES = 2; //          讲法治课2次
        static final String SELF_STUDY_HOURS = "52"; //   法律自学超过50小时
        static final int MEDIATOR_TRAININGS = 4; //       人民调解员培训4次
        static final int EXAM_TAKERS = 40; //             公务员全部完成网上学法用法
        static final String EXAM_AVERAGE = "90.5"; //     平均成绩达到90分以上
        static final int PUBLICITY_ACTIVITIES = 120; //   宣传活动120余场
        static final int PUBLICITY_MATERIALS = 20_000; // 宣传材料20000余份
        static final int PUBLICITY_CONSULTATIONS = 300;
        static final int LEGAL_OPINIONS = 70; //          法律意见70余件
        static final int CONSULTATION_PEOPLE = 300; //    法律咨询300余人次
        static final int INSPECTIONS = 2_000; //          行政检查2000余次
        static final int PENALTIES_CIVILIZED_BEHAVIOR = 28; // 文明行为28起
        static final int PENALTIES_CITY_APPEARANCE = 38; //    市容和环境卫生38起
        static final int PENALTIES_ILLEGAL_BURNING = 24; //    非法焚烧24起 (行政处罚90起)
        static final int FINES_YUAN = 11_850; //          处罚金11850元
        static final int MEDIATIONS = 40; //              排查矛盾纠纷40件，成功调解40件
        static final int MEDIATIONS_WRITTEN = 16; //      (not in the seed)

        static Gen generate() {
            Gen g = new Gen(TOWN);
            g.register(VILLAGES, null);

            // 村居法律顾问: five lawyers, three-party agreements signed in January.
            for (int v = 1; v <= VILLAGES; v++) {
                g.villageAdvisor(200 + v, LocalDate.of(2023, 1, 9 + (v - 1) / 9), "lawyer-" + ((v - 1) % 5 + 1));
            }

            // 信访: 427 received by late October, each accepted within 9 days and closed within 42 days, all in 2023.
            List<LocalDate> received = g.spread(PETITIONS, 2, 300);
            List<PetitionCategory> categories = g.shuffled(PETITIONS - REPEAT_PETITIONS, PetitionCategory.INITIAL, REPEAT_PETITIONS, PetitionCategory.REPEAT);
            for (int i = 0; i < PETITIONS; i++) {
                g.petition(i + 1, received.get(i), categories.get(i), g.pick(CHANNELS, CHANNEL_WEIGHTS), true, Satisfaction.SATISFIED);
            }

            // 学法: every session attended by everyone invited (参学率100%).
            int s = 0;
            for (int i = 0; i < COLLECTIVE_STUDIES; i++) {
                LocalDate day = g.workday(LocalDate.of(2023, 2 + i * 3 / 2, 8 + g.rnd.nextInt(14)));
                g.training(++s, day.atTime(14, 30), TrainingKind.COLLECTIVE_STUDY, "2", 58, 58, "镇村干部集体学法");
            }
            g.training(++s, LocalDateTime.of(2023, 4, 20, 9, 0), TrainingKind.LEADER_LECTURE, "1.5", 62, 62, "党委书记讲法治课：习近平法治思想");
            g.training(++s, LocalDateTime.of(2023, 11, 16, 9, 0), TrainingKind.LEADER_LECTURE, "1.5", 62, 62, "镇长讲法治课：行政处罚法");
            // 法律自学: a monthly record per cadre, eight months of 4.5 hours and four of 4 = 52 hours.
            BigDecimal selfStudy = BigDecimal.ZERO;
            for (int m = 1; m <= 12; m++) {
                String hours = m % 3 == 0 ? "4" : "4.5";
                selfStudy = selfStudy.add(new BigDecimal(hours));
                g.training(++s, LocalDate.of(2023, m, 1).plusMonths(1).minusDays(1), TrainingKind.SELF_STUDY, hours, 35, 35, "法律自学");
            }
            g.check(selfStudy.compareTo(new BigDecimal(SELF_STUDY_HOURS)) == 0, "上仓镇 self-study hours");
            for (int i = 0; i < MEDIATOR_TRAININGS; i++) {
                LocalDate day = g.workday(LocalDate.of(2023, 3 + i * 3, 10 + g.rnd.nextInt(10)));
                g.training(++s, day.atTime(9, 0), TrainingKind.MEDIATOR_TRAINING, "3", 45, 45, "人民调解员培训");
            }

            // 网上学法用法考试: 40 scores in pairs 90.5 ± d, so the average is exactly 90.5.
            BigDecimal average = new BigDecimal(EXAM_AVERAGE);
            List<BigDecimal> scores = new ArrayList<>();
            for (int i = 0; i < EXAM_TAKERS / 2; i++) {
                BigDecimal d = new BigDecimal(g.rnd.nextInt(10)).add(new BigDecimal("0.5")); // 0.5 … 9.5
                scores.add(average.add(d));
                scores.add(average.subtract(d));
            }
            Collections.shuffle(scores, g.rnd);
            for (int i = 0; i < EXAM_TAKERS; i++) {
                LocalDate day = g.workday(LocalDate.of(2023, 9, 4).plusDays(g.rnd.nextInt(60)));
                g.exam(i + 1, g.officeHours(day), scores.get(i));
            }

            // 普法: 120 activities, three of them on the days the seed names (4·15, 6·26, 12·2).
            g.publicityYear(PUBLICITY_ACTIVITIES, PUBLICITY_MATERIALS, PUBLICITY_CONSULTATIONS,
                    List.of(LocalDate.of(2023, 4, 15), LocalDate.of(2023, 6, 26), LocalDate.of(2023, 12, 2)));

            // 法律意见 70.
            List<LocalDate> opinionDays = g.spread(LEGAL_OPINIONS, 5, 355);
            for (int i = 0; i < LEGAL_OPINIONS; i++) {
                g.opinion(i + 1, g.officeHours(opinionDays.get(i)), g.pick(OPINION_SUBJECTS, OPINION_SUBJECT_WEIGHTS));
            }

            // 法律咨询: mostly one person, sometimes two or three together, 300 people in all.
            int people = 0;
            int n = 0;
            while (people < CONSULTATION_PEOPLE) {
                int p = Math.min(CONSULTATION_PEOPLE - people, g.rnd.nextInt(10) < 7 ? 1 : 2 + g.rnd.nextInt(2));
                people += p;
                g.consultation(++n, g.officeHours(g.workday(LocalDate.ofYearDay(2023, 3 + g.rnd.nextInt(355)))), p);
            }

            // 行政检查 2000.
            List<LocalDate> inspectionDays = g.spread(INSPECTIONS, 1, 364);
            for (int i = 0; i < INSPECTIONS; i++) {
                LocalDate day = inspectionDays.get(i);
                InspectionDomain domain = day.getMonthValue() == 1 && g.rnd.nextInt(3) == 0
                        ? InspectionDomain.EPIDEMIC // 疫情防控, early 2023 only
                        : g.pick(INSPECTION_DOMAINS, INSPECTION_DOMAIN_WEIGHTS);
                g.inspection(i + 1, g.officeHours(day), domain);
            }

            // 行政处罚 90 = 28 + 38 + 24, fines in multiples of 50 yuan summing to 11850.
            List<PenaltyCategory> categories90 = g.shuffled(PENALTIES_CIVILIZED_BEHAVIOR, PenaltyCategory.CIVILIZED_BEHAVIOR,
                    PENALTIES_CITY_APPEARANCE, PenaltyCategory.CITY_APPEARANCE, PENALTIES_ILLEGAL_BURNING, PenaltyCategory.ILLEGAL_BURNING);
            int[] units = new int[categories90.size()]; // 1 unit = 50 yuan
            int allotted = 0;
            for (int i = 0; i < units.length; i++) {
                units[i] = categories90.get(i) == PenaltyCategory.CIVILIZED_BEHAVIOR ? 1 : 2; // at least 50 / 100 yuan
                allotted += units[i];
            }
            for (; allotted < FINES_YUAN / 50; allotted++) {
                units[g.rnd.nextInt(units.length)]++;
            }
            List<LocalDate> penaltyDays = g.spread(units.length, 10, 355);
            for (int i = 0; i < units.length; i++) {
                g.penalty(i + 1, g.officeHours(penaltyDays.get(i)), categories90.get(i), new BigDecimal(units[i] * 50));
            }

            // 人民调解 40, all successful.
            List<AgreementForm> forms = g.shuffled(MEDIATIONS_WRITTEN, AgreementForm.WRITTEN, MEDIATIONS - MEDIATIONS_WRITTEN, AgreementForm.ORAL);
            List<LocalDate> accepted = g.spread(MEDIATIONS, 5, 335);
            for (int i = 0; i < MEDIATIONS; i++) {
                g.mediation(i + 1, accepted.get(i), g.pick(RURAL_DISPUTES, RURAL_DISPUTE_WEIGHTS), null,
                        2 + g.rnd.nextInt(15), MediationOutcome.SUCCESS, forms.get(i));
            }
            return g;
        }
    }

    // ------------------------------------------------------------------------------------------
    // 004 天津市滨海新区大港街道 120116051000, 2020 — few figures: illustrative
    // ------------------------------------------------------------------------------------------

    /**
     * The 2020 report states only how often training is held: "每年举行三次领导干部法治专题培训 … 在全街组织四次依法行政，
     * 依法治街相关的法治专题讲座并开展集体学习，针对执法部门进行单独的依法行政法制培训". The training sessions
     * follow that sentence (3 {@code THEMATIC_LECTURE}, 4 {@code COLLECTIVE_STUDY}, 1
     * {@code ENFORCEMENT_TRAINING}); everything else is illustrative: a few mediations ("司法所积极进行人民调解，
     * 劳动保障中心对涉及劳动的纠纷案件主动调节"), petitions, quarterly law lectures of the neighbourhood advisors
     * ("每季度至少举办一次法治讲座"), two reviewed documents and the epidemic plan as a major decision.
     */
    static final class Dagang2020 {
        static final Town TOWN = new Town("dg", "120116051000", "大港街道", "滨海新区", "天津市", TownLevel.STREET, 2020);

        static final int LEADER_TRAININGS = 3; //       每年举行三次领导干部法治专题培训
        static final int LECTURES_WITH_STUDY = 4; //    组织四次…法治专题讲座并开展集体学习
        static final int ENFORCEMENT_TRAININGS = 1; //  针对执法部门进行单独的依法行政法制培训
        static final int MEDIATIONS = 8; //             illustrative
        static final int PETITIONS = 6; //              illustrative

        static Gen generate() {
            Gen g = new Gen(TOWN);
            g.register(null, null);

            int s = 0;
            int[][] leaderDays = {{4, 21}, {7, 14}, {11, 10}};
            for (int i = 0; i < LEADER_TRAININGS; i++) {
                g.training(++s, LocalDateTime.of(2020, leaderDays[i][0], leaderDays[i][1], 9, 0),
                        TrainingKind.THEMATIC_LECTURE, "3", 24, 24, "领导干部法治专题培训");
            }
            int[][] lectureDays = {{3, 26}, {6, 18}, {9, 17}, {12, 3}};
            for (int i = 0; i < LECTURES_WITH_STUDY; i++) {
                g.training(++s, LocalDateTime.of(2020, lectureDays[i][0], lectureDays[i][1], 14, 30),
                        TrainingKind.COLLECTIVE_STUDY, "2", 85, 85 - i % 2 * 3, "依法行政、依法治街法治专题讲座及集体学习");
            }
            for (int i = 0; i < ENFORCEMENT_TRAININGS; i++) {
                g.training(++s, LocalDateTime.of(2020, 8, 25, 9, 0), TrainingKind.ENFORCEMENT_TRAINING, "4", 40, 38, "执法部门依法行政法制培训");
            }

            List<LocalDate> accepted = g.spread(MEDIATIONS, 20, 320);
            for (int i = 0; i < MEDIATIONS; i++) {
                DisputeType type = i % 3 == 0 ? DisputeType.LABOR : g.pick(URBAN_DISPUTES, URBAN_DISPUTE_WEIGHTS);
                g.mediation(i + 1, accepted.get(i), type, null, 3 + g.rnd.nextInt(12), MediationOutcome.SUCCESS, i % 2 == 0 ? AgreementForm.WRITTEN : AgreementForm.ORAL);
            }

            List<LocalDate> received = g.spread(PETITIONS, 15, 300);
            for (int i = 0; i < PETITIONS; i++) {
                g.petition(i + 1, received.get(i), PetitionCategory.INITIAL, i % 2 == 0 ? PetitionChannel.ONLINE : PetitionChannel.VISIT, true, Satisfaction.SATISFIED);
            }

            // 居委会法律顾问 … 每季度至少举办一次法治讲座; 宪法日; 《传染病防治法》 online.
            g.publicity(1, LocalDateTime.of(2020, 2, 10, 10, 0), ActivityKind.ONLINE_POST, 0, 0, null);
            g.publicity(2, LocalDateTime.of(2020, 3, 19, 15, 0), ActivityKind.LECTURE, 120, 16, 60);
            g.publicity(3, LocalDateTime.of(2020, 6, 23, 15, 0), ActivityKind.LECTURE, 150, 21, 75);
            g.publicity(4, LocalDateTime.of(2020, 9, 22, 15, 0), ActivityKind.LECTURE, 140, 18, 70);
            g.publicity(5, LocalDateTime.of(2020, 12, 4, 9, 30), ActivityKind.CAMPAIGN, 800, 45, 400);
            g.publicity(6, LocalDateTime.of(2020, 12, 15, 15, 0), ActivityKind.LECTURE, 130, 17, 65);

            for (int m = 1; m <= 12; m++) { // 每月不少于1次现场法律服务
                g.consultation(m, g.workday(LocalDate.of(2020, m, 12)).atTime(9, 0), 2 + g.rnd.nextInt(5));
            }

            g.documentReviewed(1, LocalDateTime.of(2020, 5, 20, 16, 0), 7, true); //  行政规范性文件管理制度
            g.documentReviewed(2, LocalDateTime.of(2020, 10, 13, 16, 0), 12, true);
            g.majorDecision(1, LocalDateTime.of(2020, 1, 27, 18, 0), true, true, true, true, 0); // 疫情防控应急预案
            g.majorDecision(2, LocalDateTime.of(2020, 7, 30, 10, 0), true, true, true, true, 30); // 征求意见期限不少于30日
            return g;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Mixes used for the fields a seed does not fix
    // ------------------------------------------------------------------------------------------

    private static final DisputeType[] RURAL_DISPUTES = {
        DisputeType.NEIGHBOR, DisputeType.MARRIAGE_FAMILY, DisputeType.HOUSING_LAND, DisputeType.LAND_FOREST,
        DisputeType.DAMAGES, DisputeType.CONTRACT, DisputeType.LABOR, DisputeType.TRAFFIC, DisputeType.BUSINESS,
        DisputeType.LAND_REQUISITION, DisputeType.CONSUMER, DisputeType.ENVIRONMENT, DisputeType.OTHER};
    private static final int[] RURAL_DISPUTE_WEIGHTS = {30, 25, 15, 12, 10, 8, 6, 6, 4, 3, 2, 2, 3};

    private static final DisputeType[] URBAN_DISPUTES = {
        DisputeType.NEIGHBOR, DisputeType.MARRIAGE_FAMILY, DisputeType.PROPERTY_MANAGEMENT, DisputeType.CONSUMER,
        DisputeType.DAMAGES, DisputeType.CONTRACT};
    private static final int[] URBAN_DISPUTE_WEIGHTS = {30, 20, 20, 10, 10, 10};

    private static final PetitionChannel[] CHANNELS = {
        PetitionChannel.VISIT, PetitionChannel.PHONE, PetitionChannel.ONLINE, PetitionChannel.LETTER};
    private static final int[] CHANNEL_WEIGHTS = {35, 30, 25, 10};

    private static final OpinionSubject[] OPINION_SUBJECTS = {
        OpinionSubject.MAJOR_DECISION, OpinionSubject.CONTRACT, OpinionSubject.NORMATIVE_DOCUMENT, OpinionSubject.LITIGATION,
        OpinionSubject.OTHER};
    private static final int[] OPINION_SUBJECT_WEIGHTS = {15, 30, 10, 10, 5};

    private static final InspectionDomain[] INSPECTION_DOMAINS = {
        InspectionDomain.CITY_APPEARANCE, InspectionDomain.ENVIRONMENT, InspectionDomain.TRAFFIC, InspectionDomain.GAS_SAFETY,
        InspectionDomain.WORK_SAFETY};
    private static final int[] INSPECTION_DOMAIN_WEIGHTS = {35, 25, 15, 15, 10};

    private static final ActivityKind[] ACTIVITY_KINDS = {
        ActivityKind.CAMPAIGN, ActivityKind.LECTURE, ActivityKind.SERVICE_DAY, ActivityKind.ONLINE_POST, ActivityKind.OTHER};
    private static final int[] ACTIVITY_KIND_WEIGHTS = {35, 25, 15, 15, 10};

    // ------------------------------------------------------------------------------------------
    // Machinery
    // ------------------------------------------------------------------------------------------

    /** A seed town: id prefix, 12-digit code, names, level and report year. */
    record Town(String prefix, String code, String name, String district, String city, TownLevel level, int year) {}

    /** One generated event, and whether its office knows only the day it happened. */
    private record Event(SpecificRecord record, boolean dayOnly) {

        /** Local time in China, by which a town's events are ordered. */
        LocalDateTime at() {
            return LocalDateTime.ofInstant(Events.occurredAt(record), ChinaTime.ZONE);
        }

        /**
         * The event as the codec writes it, except that an event known only by its day keeps the
         * plain date ({@code 2020-03-05}), the form a ledger carries and events.md accepts as the
         * start of that day in China: the sample shows offices both forms.
         */
        String line() {
            ObjectNode json = CODEC.toJson(record);
            if (dayOnly) {
                json.put("occurred_at", at().toLocalDate().toString());
            }
            return json.toString();
        }
    }

    /** Collects the events of one town. */
    private static final class Gen {
        private final Town town;
        private final Random rnd;
        private final List<Event> events = new ArrayList<>();
        private Event registration;

        Gen(Town town) {
            this.town = town;
            this.rnd = new Random(Long.parseLong(town.code())); // fixed seed: the town code
        }

        /** The town's lines: {@code TownRegistered} first, then every event in time order (stable). */
        List<String> lines() {
            List<Event> sorted = new ArrayList<>(events);
            sorted.sort(Comparator.comparing(Event::at));
            List<String> out = new ArrayList<>();
            out.add(registration.line());
            sorted.forEach(e -> out.add(e.line()));
            return out;
        }

        long count(Class<? extends SpecificRecord> type) {
            return events.stream().filter(e -> type.isInstance(e.record())).count();
        }

        void check(boolean ok, String what) {
            if (!ok) {
                throw new IllegalStateException("sample does not reproduce its seed: " + what);
            }
        }

        // --- when, and who publishes ---

        /** An event at a local time, written {@code 2020-03-05T10:15:00+08:00}. */
        private void at(SpecificRecord event) {
            events.add(new Event(event, false));
        }

        /** An event on a day, written as a plain date {@code 2020-03-05}. */
        private void on(SpecificRecord event) {
            events.add(new Event(event, true));
        }

        /** A local time in China Standard Time. */
        private static Instant instant(LocalDateTime t) {
            return t.atZone(ChinaTime.ZONE).toInstant();
        }

        private static Instant instant(LocalDate d) {
            return instant(d.atStartOfDay());
        }

        private String office(String suffix) {
            return town.prefix() + "-" + suffix;
        }

        private String entity(int year, String domain, int n) {
            return String.format(Locale.ROOT, "%d-%s-%04d", year, domain, n);
        }

        private String eventId(String entityId, String step) {
            return town.prefix() + "-" + entityId + (step == null ? "" : "-" + step);
        }

        // --- reference data ---

        void register(Integer villages, Integer committees) {
            registration = new Event(TownRegistered.newBuilder()
                    .setEventId(town.prefix() + "-" + town.year() + "-town").setTownCode(town.code())
                    .setOccurredAt(instant(LocalDate.of(town.year(), 1, 1))).setOfficeId(office(JUDICIAL_OFFICE))
                    .setName(town.name())
                    .setDistrict(town.district())
                    .setCity(town.city())
                    .setLevel(town.level())
                    .setVillages(villages)
                    .setMediationCommittees(committees)
                    .build(), true);
        }

        // --- cases ---

        CaseFile fileCase(int year, int n, CaseKind kind, String filedOn) {
            String caseId = entity(year, "c", n);
            on(CaseFiled.newBuilder()
                    .setEventId(eventId(caseId, "f")).setTownCode(town.code())
                    .setOccurredAt(instant(LocalDate.parse(filedOn))).setOfficeId(office(JUDICIAL_OFFICE))
                    .setCaseId(caseId)
                    .setCaseKind(kind)
                    .build());
            return new CaseFile(caseId);
        }

        final class CaseFile {
            private final String caseId;
            private int hearings;

            CaseFile(String caseId) {
                this.caseId = caseId;
            }

            /** A hearing at which the town's head appeared in court (负责人出庭应诉). */
            CaseFile hearing(String localDateTime) {
                at(CaseHearingHeld.newBuilder()
                        .setEventId(eventId(caseId, "h" + ++hearings)).setTownCode(town.code())
                        .setOccurredAt(instant(LocalDateTime.parse(localDateTime))).setOfficeId(office(JUDICIAL_OFFICE))
                        .setCaseId(caseId)
                        .setLeaderAppeared(true)
                        .build());
                return this;
            }

            CaseFile judged(Instance instance, CaseOutcome outcome, String date) {
                on(CaseJudged.newBuilder()
                        .setEventId(eventId(caseId, instance == Instance.FIRST ? "j1" : "j2")).setTownCode(town.code())
                        .setOccurredAt(instant(LocalDate.parse(date))).setOfficeId(office(JUDICIAL_OFFICE))
                        .setCaseId(caseId)
                        .setInstance(instance)
                        .setOutcome(outcome)
                        .build());
                return this;
            }

            CaseFile appealed(String date) {
                on(CaseAppealed.newBuilder()
                        .setEventId(eventId(caseId, "ap")).setTownCode(town.code())
                        .setOccurredAt(instant(LocalDate.parse(date))).setOfficeId(office(JUDICIAL_OFFICE))
                        .setCaseId(caseId)
                        .build());
                return this;
            }
        }

        // --- lifecycles ---

        void mediation(int n, LocalDate acceptedOn, DisputeType disputeType, String committee, int daysToConclude,
                MediationOutcome outcome, AgreementForm agreementForm) {
            String id = entity(town.year(), "m", n);
            at(MediationAccepted.newBuilder()
                    .setEventId(eventId(id, "a")).setTownCode(town.code())
                    .setOccurredAt(instant(officeHours(acceptedOn))).setOfficeId(office(JUDICIAL_OFFICE))
                    .setMediationId(id)
                    .setDisputeType(disputeType)
                    .setCommitteeId(committee)
                    .build());
            at(MediationConcluded.newBuilder()
                    .setEventId(eventId(id, "c")).setTownCode(town.code())
                    .setOccurredAt(instant(officeHours(workday(acceptedOn.plusDays(daysToConclude))))).setOfficeId(office(JUDICIAL_OFFICE))
                    .setMediationId(id)
                    .setOutcome(outcome)
                    .setAgreementForm(agreementForm)
                    .setEscalatedToCriminal(false)
                    .build());
        }

        /** Received, accepted 0–9 days later, closed 3–42 days after acceptance (deadlines 15 and 60); weekends skipped. */
        void petition(int n, LocalDate receivedOn, PetitionCategory category, PetitionChannel channel, boolean resolved,
                Satisfaction satisfaction) {
            String id = entity(town.year(), "p", n);
            LocalDateTime receivedAt = officeHours(receivedOn);
            at(PetitionReceived.newBuilder()
                    .setEventId(eventId(id, "r")).setTownCode(town.code())
                    .setOccurredAt(instant(receivedAt)).setOfficeId(office(PETITION_OFFICE))
                    .setPetitionId(id)
                    .setCategory(category)
                    .setChannel(channel)
                    .build());
            LocalDate acceptedOn = workday(receivedOn.plusDays(rnd.nextInt(8)));
            LocalDateTime acceptedAt = acceptedOn.equals(receivedOn) ? receivedAt.plusMinutes(30) : officeHours(acceptedOn);
            at(PetitionAccepted.newBuilder()
                    .setEventId(eventId(id, "a")).setTownCode(town.code())
                    .setOccurredAt(instant(acceptedAt)).setOfficeId(office(PETITION_OFFICE))
                    .setPetitionId(id)
                    .build());
            LocalDateTime closedAt = officeHours(workday(acceptedOn.plusDays(3 + rnd.nextInt(38))));
            at(PetitionClosed.newBuilder()
                    .setEventId(eventId(id, "c")).setTownCode(town.code())
                    .setOccurredAt(instant(closedAt)).setOfficeId(office(PETITION_OFFICE))
                    .setPetitionId(id)
                    .setResolved(resolved)
                    .setSatisfaction(satisfaction)
                    .build());
        }

        // --- training and publicity ---

        void training(int n, LocalDateTime t, TrainingKind kind, String hours, int invited, int attended, String topic) {
            at(trainingSession(n, instant(t), kind, hours, invited, attended, topic));
        }

        void training(int n, LocalDate d, TrainingKind kind, String hours, int invited, int attended, String topic) {
            on(trainingSession(n, instant(d), kind, hours, invited, attended, topic));
        }

        private TrainingSessionHeld trainingSession(int n, Instant t, TrainingKind kind, String hours, int invited, int attended,
                String topic) {
            String id = entity(town.year(), "t", n);
            return TrainingSessionHeld.newBuilder()
                    .setEventId(eventId(id, null)).setTownCode(town.code())
                    .setOccurredAt(t).setOfficeId(office(JUDICIAL_OFFICE))
                    .setSessionId(id)
                    .setTrainingKind(kind)
                    .setHours(amount(hours))
                    .setInvited(invited)
                    .setAttended(attended)
                    .setTopic(topic)
                    .build();
        }

        void exam(int n, LocalDateTime t, BigDecimal score) {
            String id = entity(town.year(), "e", n);
            at(ExamCompleted.newBuilder()
                    .setEventId(eventId(id, null)).setTownCode(town.code())
                    .setOccurredAt(instant(t)).setOfficeId(office(JUDICIAL_OFFICE))
                    .setExamId(id)
                    .setPersonRef(personRef("cadre-" + n))
                    .setScore(amount(score))
                    .build());
        }

        void publicity(int n, LocalDateTime t, ActivityKind kind, int materials, int consultations, Integer audience) {
            String id = entity(town.year(), "a", n);
            at(PublicityActivityHeld.newBuilder()
                    .setEventId(eventId(id, null)).setTownCode(town.code())
                    .setOccurredAt(instant(t)).setOfficeId(office(JUDICIAL_OFFICE))
                    .setActivityId(id)
                    .setActivityKind(kind)
                    .setMaterialsDistributed(materials)
                    .setConsultations(consultations)
                    .setAudience(audience)
                    .build());
        }

        /**
         * {@code activities} activities over the year sharing exactly {@code materials} and
         * {@code consultations}; online posts hand out nothing. The first ones fall on
         * {@code fixedDays} as {@code CAMPAIGN}s, the rest on random working days.
         */
        void publicityYear(int activities, int materials, int consultations, List<LocalDate> fixedDays) {
            List<LocalDate> days = new ArrayList<>(fixedDays);
            days.addAll(spread(activities - fixedDays.size(), 4, 358));
            ActivityKind[] kinds = new ActivityKind[activities];
            double[] weights = new double[activities];
            for (int i = 0; i < activities; i++) {
                kinds[i] = i < fixedDays.size() ? ActivityKind.CAMPAIGN : pick(ACTIVITY_KINDS, ACTIVITY_KIND_WEIGHTS);
                weights[i] = kinds[i] == ActivityKind.ONLINE_POST ? 0 : 0.3 + rnd.nextDouble() * (kinds[i] == ActivityKind.CAMPAIGN ? 2 : 1);
            }
            int[] m = split(materials, weights);
            int[] c = split(consultations, weights);
            for (int i = 0; i < activities; i++) {
                Integer audience = kinds[i] == ActivityKind.ONLINE_POST ? null : Math.max(20, m[i] / 2 + rnd.nextInt(60));
                publicity(i + 1, officeHours(days.get(i)), kinds[i], m[i], c[i], audience);
            }
        }

        // --- legal services, enforcement, rule-making ---

        void opinion(int n, LocalDateTime t, OpinionSubject subject) {
            String id = entity(town.year(), "op", n);
            at(LegalOpinionIssued.newBuilder()
                    .setEventId(eventId(id, null)).setTownCode(town.code())
                    .setOccurredAt(instant(t)).setOfficeId(office(JUDICIAL_OFFICE))
                    .setOpinionId(id)
                    .setSubject(subject)
                    .build());
        }

        void consultation(int n, LocalDateTime t, int people) {
            String id = entity(town.year(), "lc", n);
            at(LegalConsultationGiven.newBuilder()
                    .setEventId(eventId(id, null)).setTownCode(town.code())
                    .setOccurredAt(instant(t)).setOfficeId(office(JUDICIAL_OFFICE))
                    .setConsultationId(id)
                    .setPeople(people)
                    .build());
        }

        void villageAdvisor(int villageNo, LocalDate d, String advisor) {
            String village = town.code().substring(0, 9) + villageNo; // town code prefix + 3-digit village number
            on(VillageAdvisorAssigned.newBuilder()
                    .setEventId(town.prefix() + "-" + town.year() + "-va-" + villageNo).setTownCode(town.code())
                    .setOccurredAt(instant(workday(d))).setOfficeId(office(JUDICIAL_OFFICE))
                    .setVillageCode(village)
                    .setAdvisorRef(personRef(advisor))
                    .setActive(true)
                    .build());
        }

        void inspection(int n, LocalDateTime t, InspectionDomain domain) {
            String id = entity(town.year(), "in", n);
            at(InspectionConducted.newBuilder()
                    .setEventId(eventId(id, null)).setTownCode(town.code())
                    .setOccurredAt(instant(t)).setOfficeId(office(ENFORCEMENT_TEAM))
                    .setInspectionId(id)
                    .setDomain(domain)
                    .build());
        }

        void penalty(int n, LocalDateTime t, PenaltyCategory category, BigDecimal fine) {
            String id = entity(town.year(), "pe", n);
            at(PenaltyImposed.newBuilder()
                    .setEventId(eventId(id, null)).setTownCode(town.code())
                    .setOccurredAt(instant(t)).setOfficeId(office(ENFORCEMENT_TEAM))
                    .setPenaltyId(id)
                    .setCategory(category)
                    .setFineYuan(amount(fine))
                    .build());
        }

        void documentReviewed(int n, LocalDateTime t, int reviewDays, boolean lawful) {
            String id = entity(town.year(), "nd", n);
            at(NormativeDocumentReviewed.newBuilder()
                    .setEventId(eventId(id, null)).setTownCode(town.code())
                    .setOccurredAt(instant(t)).setOfficeId(office(JUDICIAL_OFFICE))
                    .setDocumentId(id)
                    .setReviewDays(reviewDays)
                    .setLawful(lawful)
                    .build());
        }

        void majorDecision(int n, LocalDateTime t, boolean legality, boolean expert, boolean risk, boolean collective, int commentDays) {
            String id = entity(town.year(), "md", n);
            at(MajorDecisionMade.newBuilder()
                    .setEventId(eventId(id, null)).setTownCode(town.code())
                    .setOccurredAt(instant(t)).setOfficeId(office(JUDICIAL_OFFICE))
                    .setDecisionId(id)
                    .setLegalityReviewed(legality)
                    .setExpertConsulted(expert)
                    .setRiskAssessed(risk)
                    .setCollectivelyDecided(collective)
                    .setPublicCommentDays(commentDays)
                    .build());
        }

        // --- deterministic randomness ---

        /** {@code n} working days of the report year between two days of the year, sorted. */
        List<LocalDate> spread(int n, int fromDayOfYear, int toDayOfYear) {
            List<LocalDate> days = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                days.add(workday(LocalDate.ofYearDay(town.year(), fromDayOfYear + rnd.nextInt(toDayOfYear - fromDayOfYear + 1))));
            }
            Collections.sort(days);
            return days;
        }

        /** A weekend day moves to the next Monday, or back to Friday at the end of the year. */
        LocalDate workday(LocalDate d) {
            DayOfWeek w = d.getDayOfWeek();
            if (w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY) {
                return d;
            }
            LocalDate monday = d.plusDays(w == DayOfWeek.SATURDAY ? 2 : 1);
            return monday.getYear() == d.getYear() ? monday : d.minusDays(w == DayOfWeek.SATURDAY ? 1 : 2);
        }

        /** A time between 08:30 and 16:45 on that day, in quarter hours. */
        LocalDateTime officeHours(LocalDate d) {
            return d.atTime(8, 30).plusMinutes(15L * rnd.nextInt(34));
        }

        <T> T pick(T[] values, int[] weights) {
            int total = 0;
            for (int w : weights) {
                total += w;
            }
            int r = rnd.nextInt(total);
            for (int i = 0; i < values.length; i++) {
                r -= weights[i];
                if (r < 0) {
                    return values[i];
                }
            }
            throw new IllegalStateException("unreachable");
        }

        /** {@code n1} copies of {@code v1} and {@code n2} of {@code v2}, in a shuffled order. */
        <T> List<T> shuffled(int n1, T v1, int n2, T v2) {
            return shuffled(List.of(n1, n2), List.of(v1, v2));
        }

        <T> List<T> shuffled(int n1, T v1, int n2, T v2, int n3, T v3) {
            return shuffled(List.of(n1, n2, n3), List.of(v1, v2, v3));
        }

        private <T> List<T> shuffled(List<Integer> counts, List<T> values) {
            List<T> out = new ArrayList<>();
            for (int i = 0; i < counts.size(); i++) {
                out.addAll(Collections.nCopies(counts.get(i), values.get(i)));
            }
            Collections.shuffle(out, rnd);
            return out;
        }

        /** Splits {@code total} in proportion to {@code weights}, exactly: the rounding rest goes to random shares. */
        int[] split(int total, double[] weights) {
            double sum = 0;
            for (double w : weights) {
                sum += w;
            }
            int[] out = new int[weights.length];
            int given = 0;
            for (int i = 0; i < weights.length; i++) {
                out[i] = (int) Math.floor(total * weights[i] / sum);
                given += out[i];
            }
            while (given < total) {
                int i = rnd.nextInt(weights.length);
                if (weights[i] > 0) {
                    out[i]++;
                    given++;
                }
            }
            return out;
        }

        /** An opaque person reference, as an office publishes it: a hash, never a name. */
        String personRef(String who) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256")
                        .digest((town.code() + ":" + who).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(hash, 0, 8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Hours, points and yuan in the hundredths the event schemas' decimals hold. */
    private static BigDecimal amount(String value) {
        return amount(new BigDecimal(value));
    }

    private static BigDecimal amount(BigDecimal value) {
        return value.setScale(2);
    }
}
