package cn.fazhi.pulse.streams.oracle;

import cn.fazhi.pulse.events.CaseAppealed;
import cn.fazhi.pulse.events.CaseFiled;
import cn.fazhi.pulse.events.CaseHearingHeld;
import cn.fazhi.pulse.events.CaseJudged;
import cn.fazhi.pulse.events.CaseKind;
import cn.fazhi.pulse.events.CaseOutcome;
import cn.fazhi.pulse.events.EventRetracted;
import cn.fazhi.pulse.events.ExamCompleted;
import cn.fazhi.pulse.events.InspectionConducted;
import cn.fazhi.pulse.events.Instance;
import cn.fazhi.pulse.events.LegalConsultationGiven;
import cn.fazhi.pulse.events.LegalOpinionIssued;
import cn.fazhi.pulse.events.MajorDecisionMade;
import cn.fazhi.pulse.events.MediationAccepted;
import cn.fazhi.pulse.events.MediationConcluded;
import cn.fazhi.pulse.events.MediationOutcome;
import cn.fazhi.pulse.events.NormativeDocumentReviewed;
import cn.fazhi.pulse.events.PenaltyImposed;
import cn.fazhi.pulse.events.PetitionAccepted;
import cn.fazhi.pulse.events.PetitionCategory;
import cn.fazhi.pulse.events.PetitionClosed;
import cn.fazhi.pulse.events.PetitionReceived;
import cn.fazhi.pulse.events.PublicityActivityHeld;
import cn.fazhi.pulse.events.Satisfaction;
import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.events.TrainingSessionHeld;
import cn.fazhi.pulse.events.VillageAdvisorAssigned;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/**
 * An independent recomputation of the whole indicator catalog of docs/indicators.md from the
 * records as they were sent, written the obvious way and sharing no code with the topology: group
 * the events by entity, resolve each entity's final facts, then for every scope (town, district,
 * city) and every period (month, quarter, year) loop over the entities and add up what falls in
 * that period. Readability over speed.
 *
 * <p>Only the Avro event classes and a few helpers of the {@code schemas} module ({@code Events.key}
 * to group events by entity, the single-object serde to compare versions byte by byte) are used.
 */
public final class CatalogOracle {
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    /** Where rejected records whose town cannot be read are counted. */
    public static final String UNKNOWN_SCOPE = "000000000000";
    private static final Duration LATE_AFTER = Duration.ofDays(30);
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    private static final SingleObjectAvroSerde<SpecificRecord> SERDE = SingleObjectAvroSerde.anyRecord();
    private static final BigDecimal SIXTY = new BigDecimal("60");
    private static final BigDecimal HUNDRED = new BigDecimal("100");

    /**
     * The indicators published as a ratio: id → {numerator measure, denominator measure}. Every
     * other measure not starting with '#' is a count or amount indicator of the same id.
     */
    private static final Map<String, String[]> RATIOS = new LinkedHashMap<>();

    static {
        RATIOS.put("mediation.success_rate", new String[] {"mediation.succeeded", "mediation.accepted"});
        RATIOS.put("petition.accepted_on_time_rate", new String[] {"#petition.accepted_on_time", "petition.received"});
        RATIOS.put("petition.closure_rate", new String[] {"petition.closed", "petition.received"});
        RATIOS.put("petition.closed_on_time_rate", new String[] {"#petition.closed_on_time", "petition.received"});
        RATIOS.put("petition.satisfaction_rate", new String[] {"#petition.satisfied", "#petition.rated"});
        RATIOS.put("petition.initial_resolution_rate", new String[] {"#petition.initial_resolved", "#petition.initial_received"});
        RATIOS.put("petition.backlog_resolution_rate", new String[] {"#petition.backlog_resolved", "#petition.backlog_received"});
        RATIOS.put("case.admin.loss_rate", new String[] {"#case.admin.lost_latest", "#case.admin.judged"});
        RATIOS.put("case.reconsideration.correction_rate", new String[] {"#case.reconsideration.corrected", "#case.reconsideration.decided"});
        RATIOS.put("case.leader_appearance_rate", new String[] {"case.hearings_with_leader", "case.hearings"});
        RATIOS.put("training.participation_rate", new String[] {"#training.attended", "#training.invited"});
        RATIOS.put("exam.average_score", new String[] {"#exam.score_total", "exam.takers"});
        RATIOS.put("exam.pass_rate", new String[] {"#exam.passed", "exam.takers"});
        RATIOS.put("legal.village_advisor_coverage", new String[] {"#legal.villages_covered", "#legal.villages"});
        RATIOS.put("rulemaking.review_days_avg", new String[] {"#rulemaking.review_days_total", "rulemaking.documents_reviewed"});
        RATIOS.put("decisions.legality_review_rate", new String[] {"#decisions.legality_reviewed", "decisions.major"});
    }

    /** Indicators whose value is a ratio of net changes and therefore compared by its parts only. */
    public static final Set<String> STATE_CHANGES = Set.of("legal.village_advisor_coverage");

    /**
     * One record as it was sent to the pipeline.
     *
     * @param event the event, or null when the record was undecodable bytes
     * @param undecodable the raw bytes of an undecodable record, else null
     * @param arrival the record timestamp (when it reached Kafka)
     * @param order its position in the send order
     */
    public record Sent(SpecificRecord event, byte[] undecodable, Instant arrival, int order) {
        public static Sent of(SpecificRecord event, Instant arrival, int order) {
            return new Sent(event, null, arrival, order);
        }

        public static Sent garbage(byte[] bytes, Instant arrival, int order) {
            return new Sent(null, bytes, arrival, order);
        }

        @Override
        public String toString() {
            String what = event == null ? "<undecodable " + undecodable.length + " bytes>" : event.getSchema().getName() + event;
            return "#" + order + " arrived " + arrival + " " + what;
        }
    }

    /** An indicator's figure; the denominator is null for counts and amounts. */
    public record Figure(BigDecimal numerator, BigDecimal denominator, Double value) {
        @Override
        public String toString() {
            return numerator.toPlainString() + (denominator == null ? "" : " / " + denominator.toPlainString()) + " = " + value;
        }
    }

    /** The version of one event_id that stands, with the arrival of its first send. */
    public record Fact(SpecificRecord event, Instant arrival) {
        String eventId() {
            return Events.eventId(event);
        }

        Instant occurredAt() {
            return Events.occurredAt(event);
        }
    }

    /** One entity (town + kind + id): every record sent for it, and the facts that count. */
    public static final class Entity {
        private final String key;
        private final String town;
        private final String kind;
        private final List<Sent> sends = new ArrayList<>();
        private List<Fact> live = List.of();
        private List<Fact> waitingRetractions = List.of();

        Entity(String key) {
            this.key = key;
            String[] parts = key.split("\\|", 3);
            this.town = parts[0];
            this.kind = parts[1];
        }

        public String key() {
            return key;
        }

        public String town() {
            return town;
        }

        /** The kind segment of the key: mediation, petition, case, session, ..., advisor, town. */
        public String kind() {
            return kind;
        }

        public List<Sent> sends() {
            return sends;
        }

        public List<Fact> live() {
            return live;
        }
    }

    /** A calendar period in China time: [start, end). */
    private record Period(String label, Instant start, Instant end) {
        boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    private final Map<String, Entity> entities = new TreeMap<>();
    /** Rejected records: the scope they are counted under (their town, or the unknown scope) and their arrival. */
    private final List<Fact> rejected = new ArrayList<>();
    private final List<String> rejectedTowns = new ArrayList<>();

    private CatalogOracle() {}

    /** Reads the records in send order and resolves every entity's facts. */
    public static CatalogOracle of(List<Sent> sends) {
        CatalogOracle oracle = new CatalogOracle();
        List<Sent> inOrder = new ArrayList<>(sends);
        inOrder.sort(Comparator.comparingInt(Sent::order));
        for (Sent sent : inOrder) {
            if (sent.event() == null) {
                oracle.rejected.add(new Fact(null, sent.arrival()));
                oracle.rejectedTowns.add(UNKNOWN_SCOPE);
            } else if (!isValid(sent.event(), sent.arrival())) {
                oracle.rejected.add(new Fact(sent.event(), sent.arrival()));
                oracle.rejectedTowns.add(Events.townCode(sent.event()));
            } else {
                oracle.entities.computeIfAbsent(Events.key(sent.event()), Entity::new).sends.add(sent);
            }
        }
        oracle.entities.values().forEach(CatalogOracle::resolve);
        return oracle;
    }

    public List<Entity> entities() {
        return List.copyOf(entities.values());
    }

    /** True for an indicator published with a denominator (rates and averages). */
    public static boolean hasDenominator(String indicator) {
        return RATIOS.containsKey(indicator);
    }

    /** The rules of the contract that the histories can break (events.md, "Bad input"). */
    static boolean isValid(SpecificRecord event, Instant arrival) {
        if (Events.occurredAt(event).isAfter(arrival.plus(FUTURE_TOLERANCE))) {
            return false;
        }
        if (event instanceof TrainingSessionHeld t && t.getAttended() > t.getInvited()) {
            return false;
        }
        if (event instanceof ExamCompleted e && (e.getScore().signum() < 0 || e.getScore().compareTo(HUNDRED) > 0)) {
            return false;
        }
        return true;
    }

    /**
     * Per event_id, the version that stands is the newest content never seen before for that id:
     * a duplicate, or a re-send of a superseded version, changes nothing, and a version keeps the
     * arrival of its first send. Retractions and what they retract are not live.
     */
    private static void resolve(Entity entity) {
        Map<String, Fact> standing = new LinkedHashMap<>();
        Map<String, List<byte[]>> seen = new LinkedHashMap<>();
        for (Sent sent : entity.sends) {
            String id = Events.eventId(sent.event());
            byte[] content = SERDE.serialize(sent.event());
            List<byte[]> versions = seen.computeIfAbsent(id, k -> new ArrayList<>());
            boolean known = versions.stream().anyMatch(v -> Arrays.equals(v, content));
            if (known) {
                continue;
            }
            versions.add(content);
            standing.put(id, new Fact(sent.event(), sent.arrival()));
        }
        Set<String> retracted = new HashSet<>();
        for (Fact fact : standing.values()) {
            if (fact.event() instanceof EventRetracted r) {
                retracted.add(r.getRetractedEventId());
            }
        }
        List<Fact> live = new ArrayList<>();
        List<Fact> waiting = new ArrayList<>();
        for (Fact fact : standing.values()) {
            if (fact.event() instanceof EventRetracted r) {
                if (!standing.containsKey(r.getRetractedEventId())) {
                    waiting.add(fact); // its event has not arrived: dq.orphaned until it does
                }
            } else if (!retracted.contains(fact.eventId())) {
                live.add(fact);
            }
        }
        entity.live = live;
        entity.waitingRetractions = waiting;
    }

    // ---------------------------------------------------------------- the figures

    /** Every figure, keyed {@code scope|period|indicator}; figures that are all zero may be left out. */
    public Map<String, Figure> figures() {
        Set<String> towns = new TreeSet<>();
        Set<YearMonth> months = new TreeSet<>();
        for (Entity entity : entities.values()) {
            towns.add(entity.town);
            for (Fact fact : entity.live) {
                months.add(monthOf(fact.occurredAt()));
                months.add(monthOf(fact.arrival()));
            }
            entity.waitingRetractions.forEach(r -> months.add(monthOf(r.arrival())));
        }
        for (int i = 0; i < rejected.size(); i++) {
            towns.add(rejectedTowns.get(i));
            months.add(monthOf(rejected.get(i).arrival()));
        }
        Set<String> scopes = new TreeSet<>();
        for (String town : towns) {
            scopes.add(town);
            scopes.add(districtOf(town));
            scopes.add(cityOf(town));
        }
        List<Period> periods = periodsCovering(months);

        Map<String, Figure> figures = new TreeMap<>();
        for (String scope : scopes) {
            for (Period period : periods) {
                Map<String, BigDecimal> sums = measure(scope, period);
                indicators(sums).forEach((indicator, figure) -> figures.put(scope + '|' + period.label() + '|' + indicator, figure));
            }
        }
        return figures;
    }

    private Map<String, BigDecimal> measure(String scope, Period period) {
        Sums sums = new Sums();
        for (Entity entity : entities.values()) {
            if (!inScope(entity.town, scope)) {
                continue;
            }
            switch (entity.kind) {
                case "mediation" -> mediation(entity.live, period, sums);
                case "petition" -> petition(entity.live, period, sums);
                case "case" -> lawCase(entity.live, period, sums);
                case "session" -> trainingSession(entity.live, period, sums);
                case "exam" -> exam(entity.live, period, sums);
                case "activity" -> publicity(entity.live, period, sums);
                case "opinion" -> opinion(entity.live, period, sums);
                case "consultation" -> consultation(entity.live, period, sums);
                case "advisor" -> villageAdvisor(entity.live, period, sums);
                case "town" -> townRegistration(entity.live, period, sums);
                case "inspection" -> inspection(entity.live, period, sums);
                case "penalty" -> penalty(entity.live, period, sums);
                case "document" -> normativeDocument(entity.live, period, sums);
                case "decision" -> majorDecision(entity.live, period, sums);
                default -> throw new IllegalStateException("unknown entity kind " + entity.kind);
            }
            dataQuality(entity, period, sums);
        }
        for (int i = 0; i < rejected.size(); i++) {
            if (inScope(rejectedTowns.get(i), scope) && period.contains(rejected.get(i).arrival())) {
                sums.count("dq.rejected");
            }
        }
        return sums.values;
    }

    private static Map<String, Figure> indicators(Map<String, BigDecimal> sums) {
        Map<String, Figure> out = new TreeMap<>();
        sums.forEach((measure, value) -> {
            if (!measure.startsWith("#") && value.signum() != 0) {
                out.put(measure, new Figure(scale2(value), null, value.doubleValue()));
            }
        });
        RATIOS.forEach((indicator, parts) -> {
            BigDecimal numerator = sums.getOrDefault(parts[0], BigDecimal.ZERO);
            BigDecimal denominator = sums.getOrDefault(parts[1], BigDecimal.ZERO);
            if (numerator.signum() == 0 && denominator.signum() == 0) {
                return;
            }
            Double value = denominator.signum() == 0 || STATE_CHANGES.contains(indicator)
                    ? null
                    : numerator.doubleValue() / denominator.doubleValue();
            out.put(indicator, new Figure(scale2(numerator), scale2(denominator), value));
        });
        return out;
    }

    // ---------------------------------------------------------------- lifecycles (cohort)

    private static void mediation(List<Fact> live, Period period, Sums sums) {
        Optional<MediationAccepted> accepted = latest(live, MediationAccepted.class);
        if (accepted.isEmpty() || !period.contains(accepted.get().getOccurredAt())) {
            return;
        }
        sums.count("mediation.accepted");
        sums.count("mediation.dispute." + accepted.get().getDisputeType());
        Optional<MediationConcluded> concluded = latest(live, MediationConcluded.class);
        if (concluded.isEmpty()) {
            sums.count("mediation.pending");
            return;
        }
        MediationConcluded c = concluded.get();
        if (c.getOutcome() == MediationOutcome.SUCCESS) {
            sums.count("mediation.succeeded");
            if (c.getAgreementForm() != null) {
                switch (c.getAgreementForm()) {
                    case WRITTEN -> sums.count("mediation.written_agreements");
                    case ORAL -> sums.count("mediation.oral_agreements");
                }
            }
        } else {
            sums.count("mediation.failed");
        }
        if (c.getEscalatedToCriminal()) {
            sums.count("mediation.escalated_to_criminal");
        }
    }

    private static void petition(List<Fact> live, Period period, Sums sums) {
        Optional<PetitionReceived> received = latest(live, PetitionReceived.class);
        if (received.isEmpty()) {
            return;
        }
        PetitionReceived r = received.get();
        Optional<PetitionAccepted> accepted = latest(live, PetitionAccepted.class);
        Optional<PetitionClosed> closed = latest(live, PetitionClosed.class);
        if (closed.isPresent() && period.contains(closed.get().getOccurredAt())) {
            sums.count("petition.closed_in_period");
        }
        if (!period.contains(r.getOccurredAt())) {
            return;
        }
        sums.count("petition.received");
        boolean initial = r.getCategory() == PetitionCategory.INITIAL;
        boolean backlog = r.getCategory() == PetitionCategory.BACKLOG;
        if (initial) {
            sums.count("#petition.initial_received");
        }
        if (backlog) {
            sums.count("#petition.backlog_received");
        }
        if (accepted.isPresent() && chinaDaysBetween(r.getOccurredAt(), accepted.get().getOccurredAt()) <= 15) {
            sums.count("#petition.accepted_on_time");
        }
        if (closed.isEmpty()) {
            return;
        }
        PetitionClosed c = closed.get();
        sums.count("petition.closed");
        if (accepted.isPresent() && chinaDaysBetween(accepted.get().getOccurredAt(), c.getOccurredAt()) <= 60) {
            sums.count("#petition.closed_on_time");
        }
        if (c.getSatisfaction() == Satisfaction.SATISFIED) {
            sums.count("#petition.satisfied");
            sums.count("#petition.rated");
        } else if (c.getSatisfaction() == Satisfaction.UNSATISFIED) {
            sums.count("#petition.rated");
        }
        if (c.getResolved() && initial) {
            sums.count("#petition.initial_resolved");
        }
        if (c.getResolved() && backlog) {
            sums.count("#petition.backlog_resolved");
        }
    }

    private static void lawCase(List<Fact> live, Period period, Sums sums) {
        Optional<CaseFiled> filing = latest(live, CaseFiled.class);
        if (filing.isEmpty()) {
            return; // its events wait for the filing: only dq.orphaned
        }
        CaseFiled filed = filing.get();
        CaseKind kind = filed.getCaseKind();
        CaseJudged first = latestWhere(live, CaseJudged.class, j -> j.getInstance() == Instance.FIRST).orElse(null);
        CaseJudged second = latestWhere(live, CaseJudged.class, j -> j.getInstance() == Instance.SECOND).orElse(null);
        CaseJudged lastJudgment = latest(live, CaseJudged.class).orElse(null);
        CaseAppealed appeal = latest(live, CaseAppealed.class).orElse(null);

        for (Fact fact : live) {
            if (fact.event() instanceof CaseHearingHeld h && period.contains(h.getOccurredAt())) {
                sums.count("case.hearings");
                if (h.getLeaderAppeared()) {
                    sums.count("case.hearings_with_leader");
                }
            }
        }

        int filedYear = chinaYear(filed.getOccurredAt());
        if (kind == CaseKind.ADMINISTRATIVE_LITIGATION) {
            if (appeal != null && chinaYear(appeal.getOccurredAt()) > filedYear && period.contains(appeal.getOccurredAt())) {
                sums.count("case.admin.prior_appeals");
                if (second == null) {
                    sums.count("case.admin.prior_pending_second");
                }
            }
            if (second != null && second.getOutcome() == CaseOutcome.REMANDED
                    && chinaYear(second.getOccurredAt()) > filedYear && period.contains(second.getOccurredAt())) {
                sums.count("case.admin.prior_remanded");
            }
        }

        if (!period.contains(filed.getOccurredAt())) {
            return;
        }
        switch (kind) {
            case CIVIL -> {
                sums.count("case.civil.filed");
                if (first != null && first.getOutcome() == CaseOutcome.WON) {
                    sums.count("case.civil.won");
                }
                if (first != null && first.getOutcome() == CaseOutcome.MEDIATED) {
                    sums.count("case.civil.mediated");
                }
            }
            case ADMINISTRATIVE_LITIGATION -> {
                sums.count("case.admin.filed");
                if (first == null) {
                    sums.count("case.admin.pending_first");
                } else if (first.getOutcome() == CaseOutcome.WON) {
                    sums.count("case.admin.won_first");
                }
                if (appeal != null) {
                    sums.count("case.admin.appealed");
                    if (second == null) {
                        sums.count("case.admin.pending_second");
                    }
                }
                if (second != null && second.getOutcome() == CaseOutcome.WON) {
                    sums.count("case.admin.won_second");
                }
                if (second != null && second.getOutcome() == CaseOutcome.REMANDED) {
                    sums.count("case.admin.remanded");
                }
                if (lastJudgment != null) {
                    sums.count("#case.admin.judged");
                    if (lastJudgment.getOutcome() == CaseOutcome.LOST) {
                        sums.count("#case.admin.lost_latest");
                    }
                }
            }
            case ADMINISTRATIVE_RECONSIDERATION -> {
                sums.count("case.reconsideration.filed");
                if (lastJudgment != null) {
                    sums.count("#case.reconsideration.decided");
                    if (lastJudgment.getOutcome() == CaseOutcome.CORRECTED) {
                        sums.count("#case.reconsideration.corrected");
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- single-event entities (flow)

    private static void trainingSession(List<Fact> live, Period period, Sums sums) {
        latest(live, TrainingSessionHeld.class).filter(s -> period.contains(s.getOccurredAt())).ifPresent(s -> {
            sums.count("training.sessions");
            sums.count("training.sessions." + s.getTrainingKind());
            sums.add("training.hours", s.getHours());
            sums.add("#training.attended", BigDecimal.valueOf(s.getAttended()));
            sums.add("#training.invited", BigDecimal.valueOf(s.getInvited()));
        });
    }

    private static void exam(List<Fact> live, Period period, Sums sums) {
        latest(live, ExamCompleted.class).filter(e -> period.contains(e.getOccurredAt())).ifPresent(e -> {
            sums.count("exam.takers");
            sums.add("#exam.score_total", e.getScore());
            if (e.getScore().compareTo(SIXTY) >= 0) {
                sums.count("#exam.passed");
            }
        });
    }

    private static void publicity(List<Fact> live, Period period, Sums sums) {
        latest(live, PublicityActivityHeld.class).filter(a -> period.contains(a.getOccurredAt())).ifPresent(a -> {
            sums.count("publicity.activities");
            sums.add("publicity.materials", BigDecimal.valueOf(a.getMaterialsDistributed()));
            sums.add("publicity.consultations", BigDecimal.valueOf(a.getConsultations()));
        });
    }

    private static void opinion(List<Fact> live, Period period, Sums sums) {
        latest(live, LegalOpinionIssued.class).filter(o -> period.contains(o.getOccurredAt()))
                .ifPresent(o -> sums.count("legal.opinions"));
    }

    private static void consultation(List<Fact> live, Period period, Sums sums) {
        latest(live, LegalConsultationGiven.class).filter(c -> period.contains(c.getOccurredAt()))
                .ifPresent(c -> sums.add("legal.consultations", BigDecimal.valueOf(c.getPeople())));
    }

    private static void inspection(List<Fact> live, Period period, Sums sums) {
        latest(live, InspectionConducted.class).filter(i -> period.contains(i.getOccurredAt()))
                .ifPresent(i -> sums.count("enforcement.inspections"));
    }

    private static void penalty(List<Fact> live, Period period, Sums sums) {
        latest(live, PenaltyImposed.class).filter(p -> period.contains(p.getOccurredAt())).ifPresent(p -> {
            sums.count("enforcement.penalties");
            sums.count("enforcement.penalties." + p.getCategory());
            sums.add("enforcement.fines_yuan", p.getFineYuan());
        });
    }

    private static void normativeDocument(List<Fact> live, Period period, Sums sums) {
        latest(live, NormativeDocumentReviewed.class).filter(d -> period.contains(d.getOccurredAt())).ifPresent(d -> {
            sums.count("rulemaking.documents_reviewed");
            sums.add("#rulemaking.review_days_total", BigDecimal.valueOf(d.getReviewDays()));
        });
    }

    private static void majorDecision(List<Fact> live, Period period, Sums sums) {
        latest(live, MajorDecisionMade.class).filter(d -> period.contains(d.getOccurredAt())).ifPresent(d -> {
            sums.count("decisions.major");
            if (d.getLegalityReviewed()) {
                sums.count("#decisions.legality_reviewed");
            }
        });
    }

    // ---------------------------------------------------------------- states (net change over the period)

    /** +1 if the village's advisor became active during the period, −1 if it stopped, else 0. */
    private static void villageAdvisor(List<Fact> live, Period period, Sums sums) {
        int change = activeBefore(live, period.end()) - activeBefore(live, period.start());
        sums.add("#legal.villages_covered", BigDecimal.valueOf(change));
    }

    private static int activeBefore(List<Fact> live, Instant instant) {
        Optional<VillageAdvisorAssigned> state = latestWhere(live, VillageAdvisorAssigned.class, a -> a.getOccurredAt().isBefore(instant));
        return state.isPresent() && state.get().getActive() ? 1 : 0;
    }

    /** The net change in the town's registered villages during the period. */
    private static void townRegistration(List<Fact> live, Period period, Sums sums) {
        int change = villagesBefore(live, period.end()) - villagesBefore(live, period.start());
        sums.add("#legal.villages", BigDecimal.valueOf(change));
    }

    private static int villagesBefore(List<Fact> live, Instant instant) {
        Optional<TownRegistered> state = latestWhere(live, TownRegistered.class, t -> t.getOccurredAt().isBefore(instant));
        return state.isPresent() && state.get().getVillages() != null ? state.get().getVillages() : 0;
    }

    // ---------------------------------------------------------------- data quality (by arrival month)

    private static void dataQuality(Entity entity, Period period, Sums sums) {
        boolean lifecycle = Set.of("mediation", "petition", "case").contains(entity.kind);
        boolean opened = entity.live.stream().anyMatch(f -> f.event() instanceof MediationAccepted
                || f.event() instanceof PetitionReceived || f.event() instanceof CaseFiled);
        for (Fact fact : entity.live) {
            if (!period.contains(fact.arrival())) {
                continue;
            }
            if (Duration.between(fact.occurredAt(), fact.arrival()).compareTo(LATE_AFTER) > 0) {
                sums.count("dq.late");
            }
            if (lifecycle && !opened) {
                sums.count("dq.orphaned");
            }
        }
        for (Fact retraction : entity.waitingRetractions) {
            if (period.contains(retraction.arrival())) {
                sums.count("dq.orphaned");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Of several events of one step, the one that occurred last stands (ties: the greater event_id). */
    private static <T extends SpecificRecord> Optional<T> latest(List<Fact> live, Class<T> type) {
        return latestWhere(live, type, e -> true);
    }

    private static <T extends SpecificRecord> Optional<T> latestWhere(List<Fact> live, Class<T> type, Predicate<T> filter) {
        T best = null;
        for (Fact fact : live) {
            if (!type.isInstance(fact.event())) {
                continue;
            }
            T candidate = type.cast(fact.event());
            if (!filter.test(candidate)) {
                continue;
            }
            if (best == null || isLater(candidate, best)) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean isLater(SpecificRecord a, SpecificRecord b) {
        int byTime = Events.occurredAt(a).compareTo(Events.occurredAt(b));
        if (byTime != 0) {
            return byTime > 0;
        }
        return Events.eventId(a).compareTo(Events.eventId(b)) > 0;
    }

    private static long chinaDaysBetween(Instant from, Instant to) {
        return ChronoUnit.DAYS.between(chinaDate(from), chinaDate(to));
    }

    private static LocalDate chinaDate(Instant t) {
        return t.atZone(CHINA).toLocalDate();
    }

    private static int chinaYear(Instant t) {
        return t.atZone(CHINA).getYear();
    }

    private static YearMonth monthOf(Instant t) {
        return YearMonth.from(t.atZone(CHINA));
    }

    private static Instant startOf(YearMonth month) {
        return month.atDay(1).atStartOfDay(CHINA).toInstant();
    }

    /** Every month touched, and the quarters and years containing them. */
    private static List<Period> periodsCovering(Set<YearMonth> months) {
        Map<String, Period> periods = new LinkedHashMap<>();
        for (YearMonth month : months) {
            periods.put(month.toString(), new Period(month.toString(), startOf(month), startOf(month.plusMonths(1))));
            int quarter = (month.getMonthValue() - 1) / 3 + 1;
            YearMonth quarterStart = YearMonth.of(month.getYear(), quarter * 3 - 2);
            String q = month.getYear() + "-Q" + quarter;
            periods.put(q, new Period(q, startOf(quarterStart), startOf(quarterStart.plusMonths(3))));
            YearMonth january = YearMonth.of(month.getYear(), 1);
            String y = Integer.toString(month.getYear());
            periods.put(y, new Period(y, startOf(january), startOf(january.plusYears(1))));
        }
        return List.copyOf(periods.values());
    }

    static String districtOf(String town) {
        return town.substring(0, 6) + "000000";
    }

    static String cityOf(String town) {
        return town.substring(0, 4) + "00000000";
    }

    private static boolean inScope(String town, String scope) {
        return scope.equals(town) || scope.equals(districtOf(town)) || scope.equals(cityOf(town));
    }

    private static BigDecimal scale2(BigDecimal value) {
        return value.setScale(2);
    }

    /** The measures of one scope-period, exact decimals. */
    private static final class Sums {
        final Map<String, BigDecimal> values = new TreeMap<>();

        void count(String measure) {
            add(measure, BigDecimal.ONE);
        }

        void add(String measure, BigDecimal amount) {
            values.merge(measure, amount, BigDecimal::add);
        }
    }
}
