package cn.fazhi.pulse.testkit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the sample against the seed reports by plain counting over the parsed lines, following
 * the definitions of shared/spec/indicators.md (cohort: by the year of the opening event; flow: by
 * the year of the event itself).
 */
class SeedTownsSampleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static final String YANGLIUQING = "120111101000";
    private static final String XINKOU = "120111102000";
    private static final String DAZHANGZHUANG = "370323106000";
    private static final String SHANGCANG = "120119109000";
    private static final String DAGANG = "120116051000";

    /** Report year of each town (table at the end of events.md). */
    private static final Map<String, Integer> REPORT_YEAR =
            Map.of(YANGLIUQING, 2020, XINKOU, 2019, DAZHANGZHUANG, 2020, SHANGCANG, 2023, DAGANG, 2020);

    /** Lifecycle event types and the type that opens their entity. */
    private static final Map<String, String> OPENING = Map.of(
            "CaseHearingHeld", "CaseFiled", "CaseJudged", "CaseFiled", "CaseAppealed", "CaseFiled",
            "MediationConcluded", "MediationAccepted",
            "PetitionAccepted", "PetitionReceived", "PetitionClosed", "PetitionReceived");

    private static final Map<String, String> ID_FIELD = Map.ofEntries(
            Map.entry("CaseFiled", "case_id"), Map.entry("CaseHearingHeld", "case_id"), Map.entry("CaseJudged", "case_id"),
            Map.entry("CaseAppealed", "case_id"), Map.entry("MediationAccepted", "mediation_id"),
            Map.entry("MediationConcluded", "mediation_id"), Map.entry("PetitionReceived", "petition_id"),
            Map.entry("PetitionAccepted", "petition_id"), Map.entry("PetitionClosed", "petition_id"));

    private static List<String> lines;
    private static List<JsonNode> events;

    @BeforeAll
    static void generate() {
        lines = SeedTownsSample.lines();
        events = lines.stream().map(SeedTownsSampleTest::parse).toList();
    }

    // ---------------------------------------------------------------------------------------
    // The file as a whole
    // ---------------------------------------------------------------------------------------

    @Test
    void shouldProduceIdenticalLinesWhenCalledTwice() {
        assertThat(SeedTownsSample.lines()).isEqualTo(lines);
    }

    @Test
    void shouldMatchCommittedFileWhenSampleIsGenerated() throws IOException {
        Path file = Stream.of(Path.of("..", SeedTownsSample.COMMITTED_FILE), Path.of(SeedTownsSample.COMMITTED_FILE))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new AssertionError("committed sample not found: " + SeedTownsSample.COMMITTED_FILE));
        String committed = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(committed)
                .as("the committed file is stale; regenerate it as docs/samples.md says")
                .isEqualTo(String.join("\n", lines) + "\n");
    }

    @Test
    void shouldCarryCommonFieldsWhenAnyLineIsRead() {
        for (JsonNode e : events) {
            assertThat(fieldNames(e).get(0)).as("first field of %s", e).isEqualTo("type");
            assertThat(e.path("type").isTextual()).as("type of %s", e).isTrue();
            assertThat(e.path("event_id").asText()).as("event_id of %s", e).hasSizeBetween(1, 128);
            assertThat(e.path("town_code").asText()).as("town_code of %s", e).matches("\\d{12}");
            assertThat(REPORT_YEAR).containsKey(e.path("town_code").asText());
            assertThat(e.path("occurred_at").asText())
                    .as("occurred_at of %s", e)
                    .matches("\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}\\+08:00)?");
            assertThat(time(e)).isNotNull();
            assertThat(fieldNames(e)).allMatch(name -> name.matches("[a-z]+(_[a-z]+)*"), "snake_case");
        }
    }

    @Test
    void shouldHaveUniqueEventIdsWhenAllTownsAreGenerated() {
        Set<String> seen = new HashSet<>();
        for (JsonNode e : events) {
            assertThat(seen.add(e.get("event_id").asText())).as("duplicate event_id %s", e.get("event_id")).isTrue();
        }
    }

    @Test
    void shouldFindOpeningEventWhenLifecycleEventIsPresent() {
        Map<String, LocalDateTime> openedAt = new HashMap<>();
        for (JsonNode e : events) {
            String type = e.get("type").asText();
            if (OPENING.containsValue(type)) {
                assertThat(openedAt.put(entityKey(e, type), time(e))).as("entity opened twice: %s", e).isNull();
            }
        }
        for (JsonNode e : events) {
            String opening = OPENING.get(e.get("type").asText());
            if (opening != null) {
                LocalDateTime opened = openedAt.get(entityKey(e, opening));
                assertThat(opened).as("opening %s of %s", opening, e).isNotNull();
                assertThat(time(e)).as("%s not before its opening", e).isAfterOrEqualTo(opened);
            }
        }
    }

    @Test
    void shouldSatisfyEventsContractWhenFieldsAreChecked() {
        for (JsonNode e : events) {
            switch (e.get("type").asText()) {
                case "TownRegistered" -> {
                    assertThat(e.path("name").asText()).isNotBlank();
                    assertThat(e.path("district").asText()).isNotBlank();
                    assertThat(e.path("city").asText()).isNotBlank();
                    assertThat(e.path("level").asText()).isIn("TOWN", "STREET", "TOWNSHIP");
                }
                case "CaseFiled" -> assertThat(e.path("case_kind").asText())
                        .isIn("CIVIL", "ADMINISTRATIVE_LITIGATION", "ADMINISTRATIVE_RECONSIDERATION");
                case "CaseHearingHeld" -> assertThat(e.path("leader_appeared").isBoolean()).isTrue();
                case "CaseJudged" -> {
                    assertThat(e.path("instance").asText()).isIn("FIRST", "SECOND");
                    assertThat(e.path("outcome").asText()).isIn("WON", "LOST", "MEDIATED", "WITHDRAWN", "REMANDED");
                    if (e.path("outcome").asText().equals("REMANDED")) {
                        assertThat(e.path("instance").asText()).isEqualTo("SECOND");
                    }
                }
                case "CaseAppealed", "PetitionAccepted" -> assertThat(fieldNames(e)).hasSize(6);
                case "MediationAccepted" -> assertThat(e.path("dispute_type").asText()).isIn(
                        "MARRIAGE_FAMILY", "NEIGHBOR", "HOUSING_LAND", "CONTRACT", "BUSINESS", "DAMAGES", "LAND_FOREST",
                        "LAND_REQUISITION", "ENVIRONMENT", "LABOR", "CONSUMER", "MEDICAL", "TRAFFIC",
                        "PROPERTY_MANAGEMENT", "OTHER");
                case "MediationConcluded" -> {
                    assertThat(e.path("outcome").asText()).isIn("SUCCESS", "FAILED", "WITHDRAWN");
                    if (e.path("outcome").asText().equals("SUCCESS")) {
                        assertThat(e.path("agreement_form").asText()).as("agreement_form of %s", e).isIn("WRITTEN", "ORAL");
                    }
                    assertThat(e.path("escalated_to_criminal").isBoolean()).isTrue();
                }
                case "PetitionReceived" -> {
                    assertThat(e.path("category").asText()).isIn("INITIAL", "REPEAT", "BACKLOG");
                    assertThat(e.path("channel").asText()).isIn("VISIT", "LETTER", "ONLINE", "PHONE");
                }
                case "PetitionClosed" -> {
                    assertThat(e.path("resolved").isBoolean()).isTrue();
                    assertThat(e.path("satisfaction").asText()).isIn("SATISFIED", "UNSATISFIED", "NO_RESPONSE");
                }
                case "TrainingSessionHeld" -> {
                    assertThat(e.path("training_kind").asText()).isIn("COLLECTIVE_STUDY", "LEADER_LECTURE",
                            "THEMATIC_LECTURE", "ENFORCEMENT_TRAINING", "MEDIATOR_TRAINING", "WARNING_EDUCATION", "SELF_STUDY");
                    assertDecimal(e, "hours", BigDecimal.ZERO, null);
                    assertThat(e.path("invited").isInt()).isTrue();
                    assertThat(e.path("attended").asInt()).isBetween(0, e.path("invited").asInt());
                }
                case "ExamCompleted" -> {
                    assertThat(e.path("person_ref").asText()).matches("[0-9a-f]{16}");
                    assertDecimal(e, "score", BigDecimal.ZERO, new BigDecimal(100));
                }
                case "PublicityActivityHeld" -> {
                    assertThat(e.path("activity_kind").asText()).isIn("LECTURE", "CAMPAIGN", "SERVICE_DAY", "ONLINE_POST", "OTHER");
                    assertThat(e.path("materials_distributed").asInt(-1)).isNotNegative();
                    assertThat(e.path("consultations").asInt(-1)).isNotNegative();
                }
                case "LegalOpinionIssued" -> assertThat(e.path("subject").asText())
                        .isIn("MAJOR_DECISION", "CONTRACT", "NORMATIVE_DOCUMENT", "LITIGATION", "OTHER");
                case "LegalConsultationGiven" -> assertThat(e.path("people").asInt()).isPositive();
                case "VillageAdvisorAssigned" -> {
                    assertThat(e.path("village_code").asText()).matches("\\d{12}")
                            .startsWith(e.get("town_code").asText().substring(0, 9));
                    assertThat(e.path("advisor_ref").asText()).matches("[0-9a-f]{16}");
                    assertThat(e.path("active").isBoolean()).isTrue();
                }
                case "InspectionConducted" -> assertThat(e.path("domain").asText()).isIn(
                        "CITY_APPEARANCE", "ENVIRONMENT", "TRAFFIC", "GAS_SAFETY", "EPIDEMIC", "WORK_SAFETY", "OTHER");
                case "PenaltyImposed" -> {
                    assertThat(e.path("category").asText()).isIn(
                            "CIVILIZED_BEHAVIOR", "CITY_APPEARANCE", "ILLEGAL_BURNING", "ENVIRONMENT", "WORK_SAFETY", "OTHER");
                    assertDecimal(e, "fine_yuan", BigDecimal.ZERO, null);
                }
                case "NormativeDocumentReviewed" -> {
                    assertThat(e.path("review_days").asInt(-1)).isNotNegative();
                    assertThat(e.path("lawful").isBoolean()).isTrue();
                }
                case "MajorDecisionMade" -> {
                    for (String flag : List.of("legality_reviewed", "expert_consulted", "risk_assessed", "collectively_decided")) {
                        assertThat(e.path(flag).isBoolean()).as("%s of %s", flag, e).isTrue();
                    }
                    assertThat(e.path("public_comment_days").asInt(-1)).isNotNegative();
                }
                default -> fail("unexpected type in %s", e);
            }
        }
    }

    @Test
    void shouldKeepEventsInReportYearWhenTheyAreNotPriorYearCases() {
        for (JsonNode e : events) {
            int reportYear = REPORT_YEAR.get(e.get("town_code").asText());
            boolean priorCase = e.get("town_code").asText().equals(YANGLIUQING)
                    && e.get("type").asText().startsWith("Case")
                    && !e.get("case_id").asText().startsWith("2020-");
            if (priorCase) {
                assertThat(year(e)).as("%s", e).isBetween(2018, 2020);
            } else {
                assertThat(year(e)).as("%s", e).isEqualTo(reportYear);
            }
        }
    }

    @Test
    void shouldRegisterEveryTownWhenSampleIsRead() {
        Map<String, JsonNode> towns = of(null, "TownRegistered").collect(Collectors.toMap(e -> e.get("town_code").asText(), e -> e));
        assertThat(towns).containsOnlyKeys(REPORT_YEAR.keySet());
        assertTown(towns.get(YANGLIUQING), "杨柳青镇", "西青区", "天津市", "TOWN");
        assertTown(towns.get(XINKOU), "辛口镇", "西青区", "天津市", "TOWN");
        assertTown(towns.get(DAZHANGZHUANG), "大张庄镇", "沂源县", "淄博市", "TOWN");
        assertTown(towns.get(SHANGCANG), "上仓镇", "蓟州区", "天津市", "TOWN");
        assertTown(towns.get(DAGANG), "大港街道", "滨海新区", "天津市", "STREET");
        assertThat(towns.get(DAZHANGZHUANG).path("villages").asInt()).isEqualTo(62);
        assertThat(towns.get(DAZHANGZHUANG).path("mediation_committees").asInt()).isEqualTo(62);
        assertThat(towns.get(SHANGCANG).path("villages").asInt()).isEqualTo(41);
        for (JsonNode town : towns.values()) {
            assertThat(town.get("occurred_at").asText()).isEqualTo(REPORT_YEAR.get(town.get("town_code").asText()) + "-01-01");
        }
    }

    // ---------------------------------------------------------------------------------------
    // 杨柳青镇 2020 — cases
    // ---------------------------------------------------------------------------------------

    /** One case as its events tell it. */
    private record CaseView(String kind, int filedYear, String first, int firstYear, boolean appealed, int appealYear,
            String second, int secondYear) {}

    private static Map<String, CaseView> cases(String town) {
        Map<String, CaseView> cases = new LinkedHashMap<>();
        of(town, "CaseFiled").forEach(e -> cases.put(e.get("case_id").asText(),
                new CaseView(e.get("case_kind").asText(), year(e), null, 0, false, 0, null, 0)));
        of(town, "CaseJudged").forEach(e -> cases.computeIfPresent(e.get("case_id").asText(), (id, c) ->
                e.get("instance").asText().equals("FIRST")
                        ? new CaseView(c.kind(), c.filedYear(), e.get("outcome").asText(), year(e), c.appealed(), c.appealYear(), c.second(), c.secondYear())
                        : new CaseView(c.kind(), c.filedYear(), c.first(), c.firstYear(), c.appealed(), c.appealYear(), e.get("outcome").asText(), year(e))));
        of(town, "CaseAppealed").forEach(e -> cases.computeIfPresent(e.get("case_id").asText(), (id, c) ->
                new CaseView(c.kind(), c.filedYear(), c.first(), c.firstYear(), true, year(e), c.second(), c.secondYear())));
        return cases;
    }

    private static long count(Map<String, CaseView> cases, Predicate<CaseView> p) {
        return cases.values().stream().filter(p).count();
    }

    @Test
    void shouldReproduceYangliuqingCivilCasesWhenCounting2020Filings() {
        // "2020年民事4件，一审胜诉2件，调解2件"
        Map<String, CaseView> cases = cases(YANGLIUQING);
        Predicate<CaseView> civil2020 = c -> c.kind().equals("CIVIL") && c.filedYear() == 2020;
        assertThat(count(cases, civil2020)).isEqualTo(4);
        assertThat(count(cases, civil2020.and(c -> "WON".equals(c.first())))).isEqualTo(2);
        assertThat(count(cases, civil2020.and(c -> "MEDIATED".equals(c.first())))).isEqualTo(2);
        assertThat(count(cases, c -> c.kind().equals("CIVIL") && c.filedYear() != 2020)).isZero();
    }

    @Test
    void shouldReproduceYangliuqingAdministrativeCasesWhenCounting2020Filings() {
        // "2020年立案的行政诉讼8件，一审胜诉3件，正在审理2件，上诉件数3件，二审胜诉1件，正在审理2件"
        Map<String, CaseView> cases = cases(YANGLIUQING);
        Predicate<CaseView> admin2020 = c -> c.kind().equals("ADMINISTRATIVE_LITIGATION") && c.filedYear() == 2020;
        assertThat(count(cases, admin2020)).isEqualTo(8);
        assertThat(count(cases, admin2020.and(c -> "WON".equals(c.first())))).isEqualTo(3);
        assertThat(count(cases, admin2020.and(c -> c.first() == null))).isEqualTo(2);
        assertThat(count(cases, admin2020.and(CaseView::appealed))).isEqualTo(3);
        assertThat(count(cases, admin2020.and(c -> c.appealed() && "LOST".equals(c.first())))).isEqualTo(3);
        assertThat(count(cases, admin2020.and(c -> "WON".equals(c.second())))).isEqualTo(1);
        assertThat(count(cases, admin2020.and(c -> c.appealed() && c.second() == null))).isEqualTo(2);
        assertThat(count(cases, admin2020.and(c -> "REMANDED".equals(c.second())))).isZero();
        assertThat(count(cases, c -> c.kind().equals("ADMINISTRATIVE_RECONSIDERATION"))).isZero();
    }

    @Test
    void shouldReproduceYangliuqingPriorYearAppealsWhenCounting2020Flow() {
        // "2019年及以前年度一审的行政诉讼案件在2020年上诉8件，发回重审5件，3件正在二审审理过程中"
        Map<String, CaseView> cases = cases(YANGLIUQING);
        Predicate<CaseView> priorAppealed2020 = c -> c.kind().equals("ADMINISTRATIVE_LITIGATION")
                && c.filedYear() < 2020 && c.appealed() && c.appealYear() == 2020;
        assertThat(count(cases, priorAppealed2020)).isEqualTo(8);
        assertThat(count(cases, priorAppealed2020.and(c -> c.first() != null && c.firstYear() <= 2019))).isEqualTo(8);
        assertThat(count(cases, priorAppealed2020.and(c -> "REMANDED".equals(c.second()) && c.secondYear() == 2020))).isEqualTo(5);
        assertThat(count(cases, priorAppealed2020.and(c -> c.second() == null))).isEqualTo(3);
        assertThat(count(cases, c -> c.filedYear() < 2020)).isEqualTo(8);
    }

    @Test
    void shouldReproduceYangliuqingHearingsWhenCounting2020Flow() {
        // "全部案件法院开庭镇领导干部均出庭，共计18次"
        List<JsonNode> hearings = of(YANGLIUQING, "CaseHearingHeld").filter(e -> year(e) == 2020).toList();
        assertThat(hearings).hasSize(18);
        assertThat(hearings).allMatch(e -> e.get("leader_appeared").asBoolean());
        assertThat(of(YANGLIUQING, "CaseHearingHeld").count()).isEqualTo(18);
        assertThat(hearings.stream().map(e -> e.get("case_id").asText()).distinct().count()).isGreaterThan(10);
    }

    @Test
    void shouldHaveOnlyCasesWhenYangliuqingIsRead() {
        assertThat(of(YANGLIUQING, null).map(e -> e.get("type").asText()).distinct())
                .allMatch(t -> t.startsWith("Case") || t.equals("TownRegistered"));
    }

    // ---------------------------------------------------------------------------------------
    // 大张庄镇 2020
    // ---------------------------------------------------------------------------------------

    @Test
    void shouldReproduceDazhangzhuangMediationWhenCounting2020Cohort() {
        // "调委会共立案调解纠纷139宗，成功调处139宗，调解成功率100%，其中卷宗68宗，口头协议71宗，没有“民转刑”案件"
        List<JsonNode> accepted = of(DAZHANGZHUANG, "MediationAccepted").filter(e -> year(e) == 2020).toList();
        Set<String> ids = accepted.stream().map(e -> e.get("mediation_id").asText()).collect(Collectors.toSet());
        List<JsonNode> concluded = of(DAZHANGZHUANG, "MediationConcluded")
                .filter(e -> ids.contains(e.get("mediation_id").asText())).toList();
        assertThat(accepted).hasSize(139);
        assertThat(concluded).hasSize(139);
        assertThat(concluded.stream().filter(e -> e.get("outcome").asText().equals("SUCCESS"))).hasSize(139);
        assertThat(concluded.stream().filter(e -> e.path("agreement_form").asText().equals("WRITTEN"))).hasSize(68);
        assertThat(concluded.stream().filter(e -> e.path("agreement_form").asText().equals("ORAL"))).hasSize(71);
        assertThat(concluded).noneMatch(e -> e.path("escalated_to_criminal").asBoolean());
        assertThat(concluded).allMatch(e -> year(e) == 2020);
        assertThat(accepted.stream().map(e -> e.get("dispute_type").asText()).distinct().count()).isGreaterThanOrEqualTo(8);
        assertThat(accepted.stream().map(e -> time(e).getMonthValue()).distinct().count()).isGreaterThanOrEqualTo(11);
        Map<String, LocalDateTime> acceptedAt = accepted.stream()
                .collect(Collectors.toMap(e -> e.get("mediation_id").asText(), SeedTownsSampleTest::time));
        assertThat(concluded).allMatch(e -> {
            long days = ChronoUnit.DAYS.between(acceptedAt.get(e.get("mediation_id").asText()).toLocalDate(), time(e).toLocalDate());
            return days >= 1 && days <= 31;
        });
    }

    @Test
    void shouldHaveNoCasesWhenDazhangzhuangIsRead() {
        // "2020年无行政复议、行政诉讼案件"
        assertThat(of(DAZHANGZHUANG, null)).noneMatch(e -> e.get("type").asText().startsWith("Case"));
    }

    @Test
    void shouldReproduceDazhangzhuangResolutionRatesWhenCounting2020Petitions() {
        // "受理的各类初信初访化解率98%，积案化解率100%"
        Map<String, String> category = of(DAZHANGZHUANG, "PetitionReceived").filter(e -> year(e) == 2020)
                .collect(Collectors.toMap(e -> e.get("petition_id").asText(), e -> e.get("category").asText()));
        Set<String> resolved = of(DAZHANGZHUANG, "PetitionClosed").filter(e -> e.get("resolved").asBoolean())
                .map(e -> e.get("petition_id").asText()).collect(Collectors.toSet());
        long initial = category.values().stream().filter("INITIAL"::equals).count();
        long initialResolved = category.entrySet().stream()
                .filter(c -> c.getValue().equals("INITIAL") && resolved.contains(c.getKey())).count();
        long backlog = category.values().stream().filter("BACKLOG"::equals).count();
        long backlogResolved = category.entrySet().stream()
                .filter(c -> c.getValue().equals("BACKLOG") && resolved.contains(c.getKey())).count();
        assertThat(percent(initialResolved, initial)).isEqualByComparingTo("98");
        assertThat(percent(backlogResolved, backlog)).isEqualByComparingTo("100");
        assertThat(backlog).isPositive();
        assertPetitionsOnTime(DAZHANGZHUANG, 2020, category.size());
    }

    @Test
    void shouldReproduceDazhangzhuangPublicityWhenSumming2020Activities() {
        // "开展法治宣传教育活动76余次，发放各类宣传资料共1.2万余份，解答法律咨询2000人次"
        List<JsonNode> activities = of(DAZHANGZHUANG, "PublicityActivityHeld").filter(e -> year(e) == 2020).toList();
        assertThat(activities).hasSize(76);
        assertThat(sumInt(activities, "materials_distributed")).isEqualTo(12000);
        assertThat(sumInt(activities, "consultations")).isEqualTo(2000);
    }

    @Test
    void shouldCoverEveryVillageWhenDazhangzhuangAdvisorsAreCounted() {
        // "全镇62个村达到驻村律师全覆盖"
        assertVillageCoverage(DAZHANGZHUANG, 62);
    }

    // ---------------------------------------------------------------------------------------
    // 上仓镇 2023
    // ---------------------------------------------------------------------------------------

    @Test
    void shouldReproduceShangcangPetitionsWhenCounting2023Cohort() {
        // "2023年办结信访件427件，按时受理率、办结率、群众满意率均为100%"
        List<JsonNode> received = of(SHANGCANG, "PetitionReceived").filter(e -> year(e) == 2023).toList();
        List<JsonNode> closed = of(SHANGCANG, "PetitionClosed").toList();
        assertThat(received).hasSize(427);
        assertThat(closed).hasSize(427);
        assertThat(closed).allMatch(e -> year(e) == 2023); // 本期办结 (flow) is 427 too
        assertThat(closed).allMatch(e -> e.get("satisfaction").asText().equals("SATISFIED"));
        assertThat(closed).allMatch(e -> e.get("resolved").asBoolean());
        assertPetitionsOnTime(SHANGCANG, 2023, 427);
    }

    @Test
    void shouldReproduceShangcangTrainingWhenCounting2023Sessions() {
        // "全年组织镇村干部集体学法共7次，党政主要领导干部带头讲法治课2次，法律自学超过50小时，培训参学率达100%";
        // "开展人民调解员培训4次"
        List<JsonNode> sessions = of(SHANGCANG, "TrainingSessionHeld").filter(e -> year(e) == 2023).toList();
        assertThat(sessions.stream().filter(kind("COLLECTIVE_STUDY"))).hasSize(7);
        assertThat(sessions.stream().filter(kind("LEADER_LECTURE"))).hasSize(2);
        assertThat(sessions.stream().filter(kind("MEDIATOR_TRAINING"))).hasSize(4);
        BigDecimal selfStudy = sessions.stream().filter(kind("SELF_STUDY"))
                .map(e -> e.get("hours").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(selfStudy).isEqualByComparingTo("52").isGreaterThan(new BigDecimal(50));
        assertThat(sessions).allMatch(e -> e.get("attended").asInt() == e.get("invited").asInt());
        assertThat(sumInt(sessions, "attended")).isEqualTo(sumInt(sessions, "invited")).isPositive();
    }

    @Test
    void shouldReproduceShangcangExamAverageWhenAveraging2023Scores() {
        // "公务员全部完成网上学法用法，平均成绩达到90分以上"
        List<JsonNode> exams = of(SHANGCANG, "ExamCompleted").filter(e -> year(e) == 2023).toList();
        BigDecimal sum = exams.stream().map(e -> e.get("score").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(exams).isNotEmpty();
        assertThat(sum.divide(BigDecimal.valueOf(exams.size()), 2, RoundingMode.UNNECESSARY)).isEqualByComparingTo("90.5");
        assertThat(exams).allMatch(e -> e.get("score").decimalValue().compareTo(new BigDecimal(60)) >= 0);
        assertThat(exams.stream().map(e -> e.get("person_ref").asText()).distinct()).hasSize(exams.size());
    }

    @Test
    void shouldReproduceShangcangPublicityAndLegalServicesWhenCounting2023() {
        // "共开展宣传活动120余场，发放宣传材料20000余份"; "提供法律意见70余件"; "实现41个村居法律顾问全覆盖";
        // "提供法律咨询300余人次"
        List<JsonNode> activities = of(SHANGCANG, "PublicityActivityHeld").filter(e -> year(e) == 2023).toList();
        assertThat(activities).hasSize(120);
        assertThat(sumInt(activities, "materials_distributed")).isEqualTo(20000);
        assertThat(sumInt(activities, "consultations")).isEqualTo(300);
        assertThat(of(SHANGCANG, "LegalOpinionIssued").filter(e -> year(e) == 2023)).hasSize(70);
        assertThat(sumInt(of(SHANGCANG, "LegalConsultationGiven").filter(e -> year(e) == 2023).toList(), "people")).isEqualTo(300);
        assertVillageCoverage(SHANGCANG, 41);
    }

    @Test
    void shouldReproduceShangcangEnforcementWhenCounting2023() {
        // "行政检查2000余次，行政处罚90起，其中涉及到文明行为28起，市容和环境卫生38起，非法焚烧24起，涉及处罚金11850元"
        assertThat(of(SHANGCANG, "InspectionConducted").filter(e -> year(e) == 2023)).hasSize(2000);
        List<JsonNode> penalties = of(SHANGCANG, "PenaltyImposed").filter(e -> year(e) == 2023).toList();
        assertThat(penalties).hasSize(90);
        Map<String, Long> byCategory = penalties.stream()
                .collect(Collectors.groupingBy(e -> e.get("category").asText(), Collectors.counting()));
        assertThat(byCategory).containsOnly(
                Map.entry("CIVILIZED_BEHAVIOR", 28L), Map.entry("CITY_APPEARANCE", 38L), Map.entry("ILLEGAL_BURNING", 24L));
        BigDecimal fines = penalties.stream().map(e -> e.get("fine_yuan").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(fines).isEqualByComparingTo("11850");
    }

    @Test
    void shouldReproduceShangcangMediationWhenCounting2023Cohort() {
        // "排查矛盾纠纷40件，成功调解40件"
        assertThat(of(SHANGCANG, "MediationAccepted").filter(e -> year(e) == 2023)).hasSize(40);
        assertThat(of(SHANGCANG, "MediationConcluded").filter(e -> e.get("outcome").asText().equals("SUCCESS"))).hasSize(40);
        assertThat(of(SHANGCANG, null)).noneMatch(e -> e.get("type").asText().startsWith("Case"));
    }

    // ---------------------------------------------------------------------------------------
    // 辛口镇 2019 and 大港街道 2020 — illustrative
    // ---------------------------------------------------------------------------------------

    @Test
    void shouldGiveIllustrativeEventsWhenXinkouSeedHasNoFigures() {
        List<JsonNode> xinkou = of(XINKOU, null).toList();
        assertThat(xinkou).hasSizeBetween(10, 200);
        assertThat(xinkou).allMatch(e -> year(e) == 2019);
        assertThat(xinkou.stream().map(e -> e.get("type").asText()).distinct())
                .contains("TrainingSessionHeld", "ExamCompleted", "PublicityActivityHeld");
    }

    @Test
    void shouldMatchDagangTrainingWhenCounting2020Sessions() {
        // "每年举行三次领导干部法治专题培训 … 在全街组织四次依法行政，依法治街相关的法治专题讲座并开展集体学习"
        List<JsonNode> sessions = of(DAGANG, "TrainingSessionHeld").filter(e -> year(e) == 2020).toList();
        assertThat(sessions.stream().filter(kind("THEMATIC_LECTURE"))).hasSize(3);
        assertThat(sessions.stream().filter(kind("COLLECTIVE_STUDY"))).hasSize(4);
        assertThat(of(DAGANG, "MediationAccepted")).isNotEmpty();
        assertThat(of(DAGANG, "PetitionReceived")).isNotEmpty();
        assertThat(of(DAGANG, null)).hasSizeLessThan(200);
    }

    // ---------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** The events of a town (any when null) of a type (any when null), in file order. */
    private static Stream<JsonNode> of(String town, String type) {
        return events.stream()
                .filter(e -> town == null || e.get("town_code").asText().equals(town))
                .filter(e -> type == null || e.get("type").asText().equals(type));
    }

    private static Predicate<JsonNode> kind(String trainingKind) {
        return e -> e.get("training_kind").asText().equals(trainingKind);
    }

    private static List<String> fieldNames(JsonNode e) {
        return e.properties().stream().map(Map.Entry::getKey).toList();
    }

    /** occurred_at in Asia/Shanghai local time, whichever accepted form it is written in. */
    private static LocalDateTime time(JsonNode e) {
        String s = e.get("occurred_at").asText();
        if (s.length() == 10) {
            return LocalDate.parse(s).atStartOfDay();
        }
        if (s.endsWith("Z") || s.matches(".*[+-]\\d{2}:\\d{2}$")) {
            return OffsetDateTime.parse(s).atZoneSameInstant(SHANGHAI).toLocalDateTime();
        }
        return LocalDateTime.parse(s);
    }

    private static int year(JsonNode e) {
        return time(e).getYear();
    }

    private static String entityKey(JsonNode e, String openingType) {
        return e.get("town_code").asText() + "/" + openingType + "/" + e.get(ID_FIELD.get(openingType)).asText();
    }

    private static long sumInt(List<JsonNode> events, String field) {
        return events.stream().mapToLong(e -> e.get(field).asLong()).sum();
    }

    private static BigDecimal percent(long numerator, long denominator) {
        assertThat(denominator).isPositive();
        return BigDecimal.valueOf(numerator * 100).divide(BigDecimal.valueOf(denominator), 1, RoundingMode.HALF_UP);
    }

    private static void assertDecimal(JsonNode e, String field, BigDecimal min, BigDecimal max) {
        JsonNode value = e.path(field);
        assertThat(value.isNumber()).as("%s of %s is a JSON number", field, e).isTrue();
        BigDecimal d = value.decimalValue();
        assertThat(d.stripTrailingZeros().scale()).as("%s of %s has at most two decimals", field, e).isLessThanOrEqualTo(2);
        assertThat(d).isGreaterThanOrEqualTo(min);
        if (max != null) {
            assertThat(d).isLessThanOrEqualTo(max);
        }
    }

    private static void assertTown(JsonNode town, String name, String district, String city, String level) {
        assertThat(town.get("name").asText()).isEqualTo(name);
        assertThat(town.get("district").asText()).isEqualTo(district);
        assertThat(town.get("city").asText()).isEqualTo(city);
        assertThat(town.get("level").asText()).isEqualTo(level);
    }

    /** 按时受理 (≤ 15 days from receipt), 办结 and 按期办结 (≤ 60 days from acceptance) for every petition received. */
    private static void assertPetitionsOnTime(String town, int year, int expectedReceived) {
        Map<String, ZonedDateTime> received = new HashMap<>();
        Map<String, ZonedDateTime> accepted = new HashMap<>();
        Map<String, ZonedDateTime> closed = new HashMap<>();
        of(town, "PetitionReceived").filter(e -> year(e) == year)
                .forEach(e -> received.put(e.get("petition_id").asText(), time(e).atZone(SHANGHAI)));
        of(town, "PetitionAccepted").forEach(e -> accepted.put(e.get("petition_id").asText(), time(e).atZone(SHANGHAI)));
        of(town, "PetitionClosed").forEach(e -> closed.put(e.get("petition_id").asText(), time(e).atZone(SHANGHAI)));
        assertThat(received).hasSize(expectedReceived);
        long acceptedOnTime = received.entrySet().stream()
                .filter(r -> accepted.containsKey(r.getKey())
                        && Duration.between(r.getValue(), accepted.get(r.getKey())).compareTo(Duration.ofDays(15)) <= 0)
                .count();
        long closedOnTime = received.keySet().stream()
                .filter(id -> accepted.containsKey(id) && closed.containsKey(id)
                        && Duration.between(accepted.get(id), closed.get(id)).compareTo(Duration.ofDays(60)) <= 0)
                .count();
        assertThat(acceptedOnTime).as("accepted within 15 days").isEqualTo(expectedReceived);
        assertThat(received.keySet().stream().filter(closed::containsKey)).as("closed").hasSize(expectedReceived);
        assertThat(closedOnTime).as("closed within 60 days of acceptance").isEqualTo(expectedReceived);
    }

    /** Every village of the town has an active advisor: distinct active villages == TownRegistered.villages. */
    private static void assertVillageCoverage(String town, int villages) {
        List<JsonNode> advisors = of(town, "VillageAdvisorAssigned").toList();
        assertThat(advisors).hasSize(villages).allMatch(e -> e.get("active").asBoolean());
        assertThat(advisors.stream().map(e -> e.get("village_code").asText()).distinct()).hasSize(villages);
        assertThat(of(town, "TownRegistered").findFirst().orElseThrow().get("villages").asInt()).isEqualTo(villages);
    }
}
