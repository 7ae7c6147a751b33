package cn.fazhi.pulse.streams.oracle;

import cn.fazhi.pulse.events.ActivityKind;
import cn.fazhi.pulse.events.AgreementForm;
import cn.fazhi.pulse.events.CaseAppealed;
import cn.fazhi.pulse.events.CaseFiled;
import cn.fazhi.pulse.events.CaseHearingHeld;
import cn.fazhi.pulse.events.CaseJudged;
import cn.fazhi.pulse.events.CaseKind;
import cn.fazhi.pulse.events.CaseOutcome;
import cn.fazhi.pulse.events.DisputeType;
import cn.fazhi.pulse.events.EventRetracted;
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
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde;
import cn.fazhi.pulse.streams.oracle.CatalogOracle.Sent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/**
 * Random, deterministic (per seed) histories of several towns over two or three years: every
 * domain of the catalog, sent in a shuffled order with duplicates, corrections, re-sends of
 * superseded versions, retractions (sometimes before their target), lifecycles whose opening
 * event arrives late or never, events arriving more than 30 days after they occurred, and a few
 * records the pipeline must reject.
 *
 * <p>The order keeps what the pipeline cannot know without version numbers: the versions of one
 * event_id are sent in version order, and a duplicate comes after the first send of the version it
 * repeats. Arrival timestamps increase with the send order; a record arrives after its event
 * occurred, or at most 20 hours before (an office's clock running ahead, which the contract
 * tolerates up to a day).
 */
public final class RandomHistories {
    /** Towns of three districts in two cities: 1201 (120111, 120119) and 3703 (370323). */
    private static final List<String> TOWN_POOL = List.of(
            "120111101000", "120111102000", "120111103000",
            "120119109000", "120119110000",
            "370323106000", "370323107000");
    private static final SingleObjectAvroSerde<SpecificRecord> SERDE = SingleObjectAvroSerde.anyRecord();
    /** How far before its occurred_at a record may arrive (an office's clock ahead; the contract tolerates a day). */
    private static final Duration CLOCK_SKEW = Duration.ofHours(20);

    /**
     * A generated history.
     *
     * @param seed what generated it
     * @param mode {@code live} (events arrive around when they occur) or {@code bulk} (a historical
     *     load after the fact, fully shuffled)
     * @param sends the records in send order
     */
    public record History(long seed, String mode, List<String> towns, List<Sent> sends) {
        public int size() {
            return sends.size();
        }
    }

    private RandomHistories() {}

    public static History generate(long seed) {
        return new Generator(seed).run();
    }

    /**
     * One send being planned: the record and its natural send time; or a placeholder, of the given
     * kind, for a record made once its arrival is known (mostly records the pipeline must reject).
     */
    private static final class Planned {
        SpecificRecord event;
        Instant t;
        final String placeholder;
        final long tiebreak;

        Planned(SpecificRecord event, Instant t, String placeholder, long tiebreak) {
            this.event = event;
            this.t = t;
            this.placeholder = placeholder;
            this.tiebreak = tiebreak;
        }
    }

    /** The sends of one event_id, in the order they must be sent. */
    private static final class Chain {
        final List<Planned> sends = new ArrayList<>();

        SpecificRecord first() {
            return sends.get(0).event;
        }

        Planned last() {
            return sends.get(sends.size() - 1);
        }
    }

    private static final class Generator {
        private final long seed;
        private final SplittableRandom rnd;
        private final List<Chain> chains = new ArrayList<>();
        private int nextEventId = 1;
        private LocalDate from;
        private LocalDate to;
        private Instant end;
        private List<String> towns;

        Generator(long seed) {
            this.seed = seed;
            this.rnd = new SplittableRandom(seed);
        }

        History run() {
            String mode = rnd.nextInt(5) == 0 ? "bulk" : "live";
            towns = pickTowns();
            int startYear = 2019 + rnd.nextInt(3);
            int years = 2 + rnd.nextInt(2);
            from = LocalDate.of(startYear, 1, 1);
            to = LocalDate.of(startYear + years - 1, 12, 31);
            end = to.plusDays(1).atStartOfDay(CatalogOracle.CHINA).toInstant();

            for (String town : towns) {
                villages(town);
                mediations(town);
                petitions(town);
                cases(town);
                singles(town);
            }
            List<Chain> logical = List.copyOf(chains);
            corrections(logical);
            retractions(logical);
            duplicates();
            if (mode.equals("bulk")) {
                bulkLoad();
            }
            chains.forEach(Generator::keepChainOrder);
            return new History(seed, mode, towns, send());
        }

        private List<String> pickTowns() {
            while (true) {
                List<String> pool = new ArrayList<>(TOWN_POOL);
                for (int i = pool.size() - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    String swap = pool.get(i);
                    pool.set(i, pool.get(j));
                    pool.set(j, swap);
                }
                List<String> picked = pool.subList(0, 3 + rnd.nextInt(3));
                boolean twoCities = picked.stream().map(t -> t.substring(0, 4)).distinct().count() == 2;
                if (twoCities) {
                    return List.copyOf(picked);
                }
            }
        }

        // ------------------------------------------------------------ domains

        private void villages(String town) {
            Instant registered = anyTime(from, from.plusDays(60));
            Integer villages = rnd.nextInt(10) == 0 ? null : 3 + rnd.nextInt(5);
            emit(townRegistered(town, registered, villages));
            if (rnd.nextBoolean()) {
                Integer changed = rnd.nextInt(6) == 0 ? null : Math.max(0, (villages == null ? 4 : villages) + rnd.nextInt(-2, 3));
                emit(townRegistered(town, anyTime(from.plusDays(90), to), changed));
            }
            int advised = 1 + rnd.nextInt(4);
            for (int i = 1; i <= advised; i++) {
                String village = town.substring(0, 9) + String.format("%03d", i);
                Instant assigned = rnd.nextInt(8) == 0 ? monthStart() : anyTime(from, to);
                boolean firstActive = rnd.nextInt(10) != 0;
                emit(advisor(town, village, assigned, firstActive));
                if (rnd.nextInt(20) == 0) {
                    emit(advisor(town, village, assigned, !firstActive)); // a tie: the greater event_id stands
                }
                if (rnd.nextInt(100) < 35) {
                    Instant stopped = rnd.nextInt(6) == 0 ? monthStart() : daysAfter(assigned, 20 + rnd.nextInt(380));
                    if (!stopped.isAfter(assigned)) {
                        stopped = daysAfter(assigned, 20 + rnd.nextInt(380));
                    }
                    if (stopped.isBefore(end)) {
                        emit(advisor(town, village, stopped, false));
                        if (rnd.nextInt(100) < 40) {
                            Instant again = daysAfter(stopped, 10 + rnd.nextInt(190));
                            if (again.isBefore(end)) {
                                emit(advisor(town, village, again, true));
                            }
                        }
                    }
                }
            }
        }

        private void mediations(String town) {
            int n = 2 + rnd.nextInt(4);
            for (int i = 1; i <= n; i++) {
                String id = "m-" + i;
                Instant acceptedAt = anyTime(from, to);
                List<SpecificRecord> events = new ArrayList<>();
                events.add(mediationAccepted(town, id, acceptedAt));
                if (rnd.nextInt(100) < 80) {
                    Instant concludedAt = daysAfter(acceptedAt, rnd.nextInt(90));
                    if (concludedAt.isBefore(end)) {
                        events.add(mediationConcluded(town, id, concludedAt));
                        if (rnd.nextInt(100) < 8) {
                            Instant other = rnd.nextBoolean() ? concludedAt : daysAfter(acceptedAt, rnd.nextInt(90));
                            events.add(mediationConcluded(town, id, other));
                        }
                    }
                }
                if (rnd.nextInt(100) < 4) { // the opening reported again under another id: the later stands
                    events.add(mediationAccepted(town, id, daysAfter(acceptedAt, -40 + rnd.nextInt(80))));
                }
                lifecycle(events);
            }
        }

        private void petitions(String town) {
            int n = 2 + rnd.nextInt(4);
            for (int i = 1; i <= n; i++) {
                String id = "p-" + i;
                Instant receivedAt = anyTime(from, to);
                List<SpecificRecord> events = new ArrayList<>();
                PetitionCategory category = pick(new PetitionCategory[] {PetitionCategory.INITIAL, PetitionCategory.INITIAL,
                        PetitionCategory.INITIAL, PetitionCategory.REPEAT, PetitionCategory.BACKLOG});
                events.add(PetitionReceived.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(receivedAt)
                        .setPetitionId(id).setCategory(category)
                        .setChannel(rnd.nextBoolean() ? null : pick(PetitionChannel.values())).build());
                Instant acceptedAt = null;
                if (rnd.nextInt(100) < 85) {
                    acceptedAt = daysAfter(receivedAt, pick(new int[] {0, 2, 5, 10, 14, 15, 15, 15, 16, 16, 17, 25}));
                    if (acceptedAt.isBefore(end)) {
                        events.add(PetitionAccepted.newBuilder().setEventId(eventId()).setTownCode(town)
                                .setOccurredAt(acceptedAt).setPetitionId(id).build());
                    } else {
                        acceptedAt = null;
                    }
                }
                if (rnd.nextInt(100) < 4) { // the opening reported again under another id: the later stands
                    events.add(PetitionReceived.newBuilder().setEventId(eventId()).setTownCode(town)
                            .setOccurredAt(daysAfter(receivedAt, -rnd.nextInt(3))).setPetitionId(id)
                            .setCategory(other(PetitionCategory.values(), category)).build());
                }
                if (acceptedAt != null ? rnd.nextInt(100) < 80 : rnd.nextInt(100) < 15) {
                    Instant base = acceptedAt != null ? acceptedAt : receivedAt;
                    Instant closedAt = daysAfter(base, pick(new int[] {3, 20, 45, 59, 60, 60, 60, 61, 61, 62, 90}));
                    if (closedAt.isBefore(end)) {
                        events.add(PetitionClosed.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(closedAt)
                                .setPetitionId(id).setResolved(rnd.nextInt(100) < 70)
                                .setSatisfaction(pick(Satisfaction.values())).build());
                    }
                }
                lifecycle(events);
            }
        }

        private void cases(String town) {
            int n = 2 + rnd.nextInt(3);
            for (int i = 1; i <= n; i++) {
                String id = "c-" + i;
                int r = rnd.nextInt(100);
                CaseKind kind = r < 30 ? CaseKind.CIVIL : r < 80 ? CaseKind.ADMINISTRATIVE_LITIGATION : CaseKind.ADMINISTRATIVE_RECONSIDERATION;
                Instant filedAt = rnd.nextInt(4) == 0
                        ? anyTime(LocalDate.of(to.getYear() - 1, 9, 1), LocalDate.of(to.getYear() - 1, 12, 31))
                        : anyTime(from, to);
                List<SpecificRecord> events = new ArrayList<>();
                events.add(CaseFiled.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(filedAt)
                        .setCaseId(id).setCaseKind(kind).build());
                if (rnd.nextInt(100) < 4) { // the opening reported again under another id: the later stands
                    events.add(CaseFiled.newBuilder().setEventId(eventId()).setTownCode(town)
                            .setOccurredAt(daysAfter(filedAt, -60 + rnd.nextInt(120))).setCaseId(id)
                            .setCaseKind(other(CaseKind.values(), kind)).build());
                }
                int hearings = rnd.nextInt(4);
                for (int h = 0; h < hearings; h++) {
                    Instant heardAt = daysAfter(filedAt, 10 + rnd.nextInt(240));
                    if (heardAt.isBefore(end)) {
                        events.add(CaseHearingHeld.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(heardAt)
                                .setCaseId(id).setLeaderAppeared(rnd.nextInt(100) < 70).build());
                    }
                }
                if (kind == CaseKind.ADMINISTRATIVE_RECONSIDERATION) {
                    if (rnd.nextInt(100) < 75) {
                        Instant decidedAt = daysAfter(filedAt, 20 + rnd.nextInt(100));
                        addJudgment(events, town, id, decidedAt, Instance.FIRST,
                                pick(new CaseOutcome[] {CaseOutcome.UPHELD, CaseOutcome.CORRECTED, CaseOutcome.TERMINATED}));
                        if (rnd.nextInt(100) < 8) {
                            addJudgment(events, town, id, daysAfter(decidedAt, rnd.nextInt(60)), Instance.FIRST,
                                    pick(new CaseOutcome[] {CaseOutcome.UPHELD, CaseOutcome.CORRECTED, CaseOutcome.TERMINATED}));
                        }
                    }
                } else if (rnd.nextInt(100) < 70) {
                    Instant judgedAt = daysAfter(filedAt, 30 + rnd.nextInt(330));
                    if (addJudgment(events, town, id, judgedAt, Instance.FIRST, firstInstanceOutcome())) {
                        if (rnd.nextInt(100) < 6) {
                            addJudgment(events, town, id, rnd.nextBoolean() ? judgedAt : daysAfter(judgedAt, rnd.nextInt(30)),
                                    Instance.FIRST, firstInstanceOutcome());
                        }
                        boolean appealed = rnd.nextInt(100) < (kind == CaseKind.ADMINISTRATIVE_LITIGATION ? 50 : 15);
                        Instant appealedAt = daysAfter(judgedAt, 3 + rnd.nextInt(13));
                        if (appealed && appealedAt.isBefore(end)) {
                            events.add(CaseAppealed.newBuilder().setEventId(eventId()).setTownCode(town)
                                    .setOccurredAt(appealedAt).setCaseId(id).build());
                            if (rnd.nextInt(100) < 4) { // reported twice under two ids
                                events.add(CaseAppealed.newBuilder().setEventId(eventId()).setTownCode(town)
                                        .setOccurredAt(daysAfter(appealedAt, rnd.nextInt(-5, 40))).setCaseId(id).build());
                            }
                            if (rnd.nextInt(100) < 60) {
                                Instant secondAt = daysAfter(appealedAt, 30 + rnd.nextInt(220));
                                CaseOutcome outcome = pick(new CaseOutcome[] {CaseOutcome.WON, CaseOutcome.LOST, CaseOutcome.REMANDED,
                                        CaseOutcome.REMANDED, CaseOutcome.WITHDRAWN});
                                if (addJudgment(events, town, id, secondAt, Instance.SECOND, outcome)
                                        && outcome == CaseOutcome.REMANDED && rnd.nextBoolean()) {
                                    addJudgment(events, town, id, daysAfter(secondAt, 60 + rnd.nextInt(140)), Instance.FIRST,
                                            firstInstanceOutcome()); // the retrial after a remand
                                }
                            }
                        }
                    }
                }
                lifecycle(events);
            }
        }

        private CaseOutcome firstInstanceOutcome() {
            return pick(new CaseOutcome[] {CaseOutcome.WON, CaseOutcome.WON, CaseOutcome.LOST, CaseOutcome.LOST,
                    CaseOutcome.MEDIATED, CaseOutcome.WITHDRAWN});
        }

        private boolean addJudgment(List<SpecificRecord> events, String town, String caseId, Instant at, Instance instance, CaseOutcome outcome) {
            if (!at.isBefore(end)) {
                return false;
            }
            events.add(CaseJudged.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(at)
                    .setCaseId(caseId).setInstance(instance).setOutcome(outcome).build());
            return true;
        }

        /** Entities made of one event (sometimes reported twice under two ids: the later stands). */
        private void singles(String town) {
            int sessions = 1 + rnd.nextInt(3);
            for (int i = 1; i <= sessions; i++) {
                String id = "s-" + i;
                single(() -> {
                    int invited = rnd.nextInt(61);
                    return TrainingSessionHeld.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(anyTime(from, to))
                            .setSessionId(id).setTrainingKind(pick(TrainingKind.values())).setHours(hours())
                            .setInvited(invited).setAttended(invited == 0 ? 0 : rnd.nextInt(invited + 1))
                            .setTopic(rnd.nextBoolean() ? null : "宪法").build();
                });
            }
            int exams = 1 + rnd.nextInt(4);
            for (int i = 1; i <= exams; i++) {
                String id = "x-" + i;
                single(() -> ExamCompleted.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(anyTime(from, to))
                        .setExamId(id).setPersonRef("person-" + rnd.nextInt(50)).setScore(score()).build());
            }
            int activities = rnd.nextInt(3);
            for (int i = 1; i <= activities; i++) {
                String id = "a-" + i;
                single(() -> PublicityActivityHeld.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(anyTime(from, to))
                        .setActivityId(id).setActivityKind(pick(ActivityKind.values())).setMaterialsDistributed(rnd.nextInt(2001))
                        .setConsultations(rnd.nextInt(101)).setAudience(rnd.nextBoolean() ? null : rnd.nextInt(500)).build());
            }
            int opinions = rnd.nextInt(3);
            for (int i = 1; i <= opinions; i++) {
                String id = "o-" + i;
                single(() -> LegalOpinionIssued.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(anyTime(from, to))
                        .setOpinionId(id).setSubject(pick(OpinionSubject.values())).build());
            }
            int consultations = rnd.nextInt(3);
            for (int i = 1; i <= consultations; i++) {
                String id = "q-" + i;
                single(() -> LegalConsultationGiven.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(anyTime(from, to))
                        .setConsultationId(id).setPeople(1 + rnd.nextInt(10)).build());
            }
            int inspections = rnd.nextInt(3);
            for (int i = 1; i <= inspections; i++) {
                String id = "i-" + i;
                single(() -> InspectionConducted.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(anyTime(from, to))
                        .setInspectionId(id).setDomain(pick(InspectionDomain.values())).build());
            }
            int penalties = 1 + rnd.nextInt(2);
            for (int i = 1; i <= penalties; i++) {
                String id = "f-" + i;
                single(() -> PenaltyImposed.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(anyTime(from, to))
                        .setPenaltyId(id).setCategory(pick(PenaltyCategory.values())).setFineYuan(fine()).build());
            }
            int documents = rnd.nextInt(3);
            for (int i = 1; i <= documents; i++) {
                String id = "d-" + i;
                single(() -> NormativeDocumentReviewed.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(anyTime(from, to))
                        .setDocumentId(id).setReviewDays(rnd.nextInt(31)).setLawful(rnd.nextInt(10) != 0).build());
            }
            int decisions = rnd.nextInt(3);
            for (int i = 1; i <= decisions; i++) {
                String id = "j-" + i;
                single(() -> MajorDecisionMade.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(anyTime(from, to))
                        .setDecisionId(id).setLegalityReviewed(rnd.nextInt(100) < 75).setExpertConsulted(rnd.nextBoolean())
                        .setRiskAssessed(rnd.nextBoolean()).setCollectivelyDecided(rnd.nextBoolean())
                        .setPublicCommentDays(rnd.nextInt(31)).build());
            }
        }

        private void single(java.util.function.Supplier<SpecificRecord> report) {
            emit(report.get());
            if (rnd.nextInt(100) < 4) {
                emit(report.get()); // the same entity reported again under another event_id
            }
        }

        // ------------------------------------------------------------ sends

        private void emit(SpecificRecord event) {
            Chain chain = new Chain();
            chain.sends.add(planned(event, Events.occurredAt(event).plus(delay())));
            chains.add(chain);
        }

        /**
         * A lifecycle's events (the opening first): sometimes the opening arrives after all the
         * others, sometimes it never comes.
         */
        private void lifecycle(List<SpecificRecord> events) {
            int r = rnd.nextInt(100);
            boolean openingMissing = r < 3;
            boolean openingLate = !openingMissing && r < 15 && events.size() > 1;
            List<Chain> made = new ArrayList<>();
            for (int i = openingMissing ? 1 : 0; i < events.size(); i++) {
                emit(events.get(i));
                made.add(chains.get(chains.size() - 1));
            }
            if (openingLate) {
                Instant lastOther = made.stream().skip(1).map(c -> c.first()).map(Events::occurredAt).max(Comparator.naturalOrder()).orElseThrow();
                Instant lastOtherSent = made.stream().skip(1).map(c -> c.sends.get(0).t).max(Comparator.naturalOrder()).orElseThrow();
                Instant latest = lastOther.isAfter(lastOtherSent) ? lastOther : lastOtherSent;
                made.get(0).sends.get(0).t = latest.plus(Duration.ofMinutes(60 + rnd.nextInt(40 * 1440)));
            }
        }

        private void corrections(List<Chain> logical) {
            for (Chain chain : logical) {
                if (rnd.nextInt(100) >= 7) {
                    continue;
                }
                List<SpecificRecord> versions = new ArrayList<>();
                versions.add(chain.first());
                versions.add(mutate(chain.first()));
                if (rnd.nextInt(100) < 25) {
                    versions.add(mutate(versions.get(1)));
                }
                for (int v = 1; v < versions.size(); v++) {
                    chain.sends.add(planned(versions.get(v), chain.last().t.plus(delay())));
                }
                if (rnd.nextInt(100) < 40) { // an older version re-sent after its correction: must not undo it
                    SpecificRecord older = versions.get(rnd.nextInt(versions.size() - 1));
                    chain.sends.add(planned(older, chain.last().t.plus(delay())));
                }
            }
        }

        private void retractions(List<Chain> logical) {
            for (Chain chain : logical) {
                if (rnd.nextInt(100) >= 5) {
                    continue;
                }
                SpecificRecord target = chain.first();
                Instant retractedAt = Events.occurredAt(target).plus(Duration.ofMinutes(rnd.nextInt(15 * 1440)));
                EventRetracted retraction = retraction(target, Events.eventId(target), retractedAt);
                Chain retractionChain = new Chain();
                Planned sent = planned(retraction, retractedAt.plus(delay()));
                switch (rnd.nextInt(4)) {
                    case 0, 1 -> sent.t = chain.sends.get(0).t.plus(Duration.ofMinutes(60 + rnd.nextInt(60 * 1440)));
                    case 2 -> { } // whenever
                    default -> { // before its target
                        Instant after = sent.t.plus(Duration.ofMinutes(60 + rnd.nextInt(100 * 1440)));
                        for (Planned p : chain.sends) {
                            if (p.t.isBefore(after)) {
                                p.t = after;
                            }
                        }
                    }
                }
                retractionChain.sends.add(sent);
                chains.add(retractionChain);
            }
            if (rnd.nextInt(5) == 0) { // a retraction of an event that never came
                SpecificRecord someone = logical.get(rnd.nextInt(logical.size())).first();
                Instant at = Events.occurredAt(someone).plus(Duration.ofDays(1));
                Chain ghost = new Chain();
                ghost.sends.add(planned(retraction(someone, "ghost-" + eventId(), at), at.plus(delay())));
                chains.add(ghost);
            }
        }

        private EventRetracted retraction(SpecificRecord target, String retractedEventId, Instant at) {
            return EventRetracted.newBuilder().setEventId(eventId()).setTownCode(Events.townCode(target)).setOccurredAt(at)
                    .setRetractedEventId(retractedEventId).setRetractedType(target.getSchema().getName())
                    .setEntityId(Events.entityId(target)).build();
        }

        /** About one send in ten is sent again, unchanged, some time after. */
        private void duplicates() {
            for (Chain chain : chains) {
                for (int i = chain.sends.size() - 1; i >= 0; i--) {
                    if (rnd.nextInt(100) < 10) {
                        Planned original = chain.sends.get(i);
                        chain.sends.add(i + 1, planned(original.event, original.t.plus(delay())));
                    }
                }
            }
        }

        /** A historical load after the fact: every record sent in random order once everything happened. */
        private void bulkLoad() {
            Instant latest = chains.stream().flatMap(c -> c.sends.stream()).map(p -> Events.occurredAt(p.event))
                    .max(Comparator.naturalOrder()).orElseThrow();
            Instant base = latest.plus(Duration.ofDays(1 + rnd.nextInt(60)));
            for (Chain chain : chains) {
                for (Planned p : chain.sends) {
                    p.t = base.plus(Duration.ofMinutes(rnd.nextInt(20 * 1440)));
                }
            }
        }

        /**
         * The chain's sends keep their order: its send times, sorted, are handed out in chain order,
         * then nudged so that each comes after the previous one and not before its event occurred.
         */
        private static void keepChainOrder(Chain chain) {
            List<Instant> times = new ArrayList<>(chain.sends.stream().map(p -> p.t).toList());
            times.sort(Comparator.naturalOrder());
            Instant previous = null;
            for (int i = 0; i < chain.sends.size(); i++) {
                Planned p = chain.sends.get(i);
                Instant t = times.get(i);
                Instant earliest = Events.occurredAt(p.event).minus(CLOCK_SKEW);
                if (t.isBefore(earliest)) {
                    t = earliest;
                }
                if (previous != null && !t.isAfter(previous)) {
                    t = previous.plusSeconds(1);
                }
                p.t = t;
                previous = t;
            }
        }

        private List<Sent> send() {
            List<Planned> order = new ArrayList<>();
            chains.forEach(c -> order.addAll(c.sends));
            order.sort(Comparator.comparing((Planned p) -> p.t).thenComparingLong(p -> p.tiebreak));
            if (rnd.nextInt(10) < 7) {
                int bad = 1 + rnd.nextInt(3);
                String[] kinds = {"garbage", "attended>invited", "future", "score>100", "a day ahead"};
                for (int i = 0; i < bad; i++) {
                    int at = rnd.nextInt(order.size() + 1);
                    Instant t = at == 0 ? order.get(0).t : order.get(at - 1).t;
                    order.add(at, new Planned(null, t, pick(kinds), rnd.nextLong()));
                }
            }
            List<Sent> sends = new ArrayList<>();
            Instant previous = null;
            for (int i = 0; i < order.size(); i++) {
                Planned p = order.get(i);
                Instant arrival = previous == null || p.t.isAfter(previous) ? p.t : previous.plusSeconds(1);
                previous = arrival;
                if (p.placeholder == null) {
                    sends.add(Sent.of(p.event, arrival, i));
                } else if (p.placeholder.equals("garbage")) {
                    sends.add(Sent.garbage("{\"type\":\"MediationAccepted\",\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8), arrival, i));
                } else {
                    sends.add(Sent.of(madeOnArrival(p.placeholder, arrival), arrival, i));
                }
            }
            return List.copyOf(sends);
        }

        private SpecificRecord madeOnArrival(String kind, Instant arrival) {
            String town = pick(towns.toArray(new String[0]));
            switch (kind) {
                case "attended>invited" -> {
                    return TrainingSessionHeld.newBuilder().setEventId("bad-" + eventId()).setTownCode(town)
                            .setOccurredAt(arrival.minus(Duration.ofDays(1))).setSessionId("bad-s").setTrainingKind(TrainingKind.SELF_STUDY)
                            .setHours(new BigDecimal("1.00")).setInvited(3).setAttended(5).build();
                }
                case "score>100" -> {
                    return ExamCompleted.newBuilder().setEventId("bad-" + eventId()).setTownCode(town)
                            .setOccurredAt(arrival.minus(Duration.ofDays(2))).setExamId("bad-x").setPersonRef("p")
                            .setScore(new BigDecimal("100.01")).build();
                }
                case "a day ahead" -> { // exactly at the tolerance: valid, and counts
                    return LegalOpinionIssued.newBuilder().setEventId("edge-" + eventId()).setTownCode(town)
                            .setOccurredAt(arrival.plus(Duration.ofDays(1))).setOpinionId("edge-o-" + nextEventId)
                            .setSubject(OpinionSubject.OTHER).build();
                }
                default -> {
                    return LegalOpinionIssued.newBuilder().setEventId("bad-" + eventId()).setTownCode(town)
                            .setOccurredAt(arrival.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(1 + rnd.nextInt(20 * 1440))))
                            .setOpinionId("bad-o").setSubject(OpinionSubject.OTHER).build();
                }
            }
        }

        private Planned planned(SpecificRecord event, Instant t) {
            return new Planned(event, t, null, rnd.nextLong());
        }

        // ------------------------------------------------------------ corrections

        /** Another version of the same event: same event_id, other content. */
        private SpecificRecord mutate(SpecificRecord e) {
            for (int attempt = 0; attempt < 5; attempt++) {
                SpecificRecord changed = change(e);
                if (!Arrays.equals(SERDE.serialize(changed), SERDE.serialize(e))) {
                    return changed;
                }
            }
            return with(e, "occurred_at", Events.occurredAt(e).plus(Duration.ofDays(1)));
        }

        private SpecificRecord change(SpecificRecord e) {
            boolean shift = rnd.nextInt(3) == 0;
            if (e instanceof PetitionReceived p) {
                return shift ? shifted(e, -(1 + rnd.nextInt(3)))
                        : with(e, "category", other(PetitionCategory.values(), p.getCategory()));
            }
            if (e instanceof PetitionAccepted) {
                return shifted(e, 1 + rnd.nextInt(2));
            }
            if (e instanceof PetitionClosed p) {
                return switch (rnd.nextInt(3)) {
                    case 0 -> shifted(e, 1 + rnd.nextInt(2));
                    case 1 -> with(e, "resolved", !p.getResolved());
                    default -> with(e, "satisfaction", other(Satisfaction.values(), p.getSatisfaction()));
                };
            }
            if (shift) {
                return shifted(e, rnd.nextBoolean() ? -(1 + rnd.nextInt(40)) : 1 + rnd.nextInt(40));
            }
            if (e instanceof MediationAccepted m) {
                return with(e, "dispute_type", other(DisputeType.values(), m.getDisputeType()));
            }
            if (e instanceof MediationConcluded m) {
                if (rnd.nextInt(4) == 0) {
                    return with(e, "escalated_to_criminal", !m.getEscalatedToCriminal());
                }
                MediationOutcome outcome = other(MediationOutcome.values(), m.getOutcome());
                SpecificRecord changed = with(e, "outcome", outcome);
                return with(changed, "agreement_form", outcome == MediationOutcome.SUCCESS ? pick(AgreementForm.values()) : null);
            }
            if (e instanceof CaseFiled c) {
                return with(e, "case_kind", other(CaseKind.values(), c.getCaseKind()));
            }
            if (e instanceof CaseHearingHeld h) {
                return with(e, "leader_appeared", !h.getLeaderAppeared());
            }
            if (e instanceof CaseJudged j) {
                CaseOutcome[] choices = switch (j.getOutcome()) {
                    case UPHELD, CORRECTED, TERMINATED -> new CaseOutcome[] {CaseOutcome.UPHELD, CaseOutcome.CORRECTED, CaseOutcome.TERMINATED};
                    default -> j.getInstance() == Instance.SECOND
                            ? new CaseOutcome[] {CaseOutcome.WON, CaseOutcome.LOST, CaseOutcome.REMANDED, CaseOutcome.WITHDRAWN}
                            : new CaseOutcome[] {CaseOutcome.WON, CaseOutcome.LOST, CaseOutcome.MEDIATED, CaseOutcome.WITHDRAWN};
                };
                return with(e, "outcome", other(choices, j.getOutcome()));
            }
            if (e instanceof CaseAppealed) {
                return shifted(e, rnd.nextBoolean() ? -(20 + rnd.nextInt(100)) : 20 + rnd.nextInt(100));
            }
            if (e instanceof TrainingSessionHeld t) {
                return switch (rnd.nextInt(3)) {
                    case 0 -> with(e, "hours", hours());
                    case 1 -> with(e, "attended", t.getInvited() == 0 ? 0 : rnd.nextInt(t.getInvited() + 1));
                    default -> with(e, "training_kind", other(TrainingKind.values(), t.getTrainingKind()));
                };
            }
            if (e instanceof ExamCompleted) {
                return with(e, "score", score());
            }
            if (e instanceof PublicityActivityHeld) {
                return rnd.nextBoolean() ? with(e, "materials_distributed", rnd.nextInt(2001)) : with(e, "consultations", rnd.nextInt(101));
            }
            if (e instanceof LegalOpinionIssued o) {
                return with(e, "subject", other(OpinionSubject.values(), o.getSubject()));
            }
            if (e instanceof LegalConsultationGiven) {
                return with(e, "people", 1 + rnd.nextInt(10));
            }
            if (e instanceof InspectionConducted i) {
                return with(e, "domain", other(InspectionDomain.values(), i.getDomain()));
            }
            if (e instanceof PenaltyImposed p) {
                return rnd.nextBoolean() ? with(e, "fine_yuan", fine()) : with(e, "category", other(PenaltyCategory.values(), p.getCategory()));
            }
            if (e instanceof NormativeDocumentReviewed) {
                return with(e, "review_days", rnd.nextInt(31));
            }
            if (e instanceof MajorDecisionMade d) {
                return with(e, "legality_reviewed", !d.getLegalityReviewed());
            }
            if (e instanceof VillageAdvisorAssigned a) {
                return with(e, "active", !a.getActive());
            }
            if (e instanceof TownRegistered t) {
                return with(e, "villages", rnd.nextInt(10) == 0 ? null : 2 + rnd.nextInt(8));
            }
            return shifted(e, 1 + rnd.nextInt(10));
        }

        private SpecificRecord shifted(SpecificRecord e, int days) {
            return with(e, "occurred_at", Events.occurredAt(e).plus(Duration.ofDays(days)));
        }

        private static SpecificRecord with(SpecificRecord e, String field, Object value) {
            SpecificRecord copy = SERDE.deserialize(SERDE.serialize(e));
            copy.put(copy.getSchema().getField(field).pos(), value);
            return copy;
        }

        // ------------------------------------------------------------ values

        private TownRegistered townRegistered(String town, Instant at, Integer villages) {
            return TownRegistered.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(at)
                    .setName("镇" + town.substring(6, 9)).setDistrict("区" + town.substring(4, 6)).setCity("市" + town.substring(0, 4))
                    .setLevel(TownLevel.TOWN).setVillages(villages).setMediationCommittees(rnd.nextBoolean() ? null : 1).build();
        }

        private VillageAdvisorAssigned advisor(String town, String village, Instant at, boolean active) {
            return VillageAdvisorAssigned.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(at)
                    .setVillageCode(village).setAdvisorRef("lawyer-" + rnd.nextInt(20)).setActive(active).build();
        }

        private MediationAccepted mediationAccepted(String town, String id, Instant at) {
            return MediationAccepted.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(at)
                    .setMediationId(id).setDisputeType(pick(DisputeType.values()))
                    .setCommitteeId(rnd.nextBoolean() ? null : "committee-1").build();
        }

        private MediationConcluded mediationConcluded(String town, String id, Instant at) {
            int r = rnd.nextInt(100);
            MediationOutcome outcome = r < 65 ? MediationOutcome.SUCCESS : r < 85 ? MediationOutcome.FAILED : MediationOutcome.WITHDRAWN;
            return MediationConcluded.newBuilder().setEventId(eventId()).setTownCode(town).setOccurredAt(at)
                    .setMediationId(id).setOutcome(outcome)
                    .setAgreementForm(outcome == MediationOutcome.SUCCESS ? pick(AgreementForm.values()) : null)
                    .setEscalatedToCriminal(rnd.nextInt(100) < 8).build();
        }

        private BigDecimal hours() {
            return new BigDecimal(pick(new String[] {"0.50", "1.00", "1.50", "2.00", "2.25", "3.75", "0.00", "4.33"}));
        }

        private BigDecimal score() {
            return switch (rnd.nextInt(5)) {
                case 0 -> new BigDecimal(pick(new String[] {"59.99", "60.00", "60.01", "100.00", "0.00"}));
                default -> BigDecimal.valueOf(3000 + rnd.nextInt(7001), 2);
            };
        }

        private BigDecimal fine() {
            return BigDecimal.valueOf(rnd.nextInt(500_001), 2);
        }

        private String eventId() {
            return "ev" + nextEventId++;
        }

        /** Mostly a short delay; sometimes weeks, around the 30-day line, or many months. */
        private Duration delay() {
            int r = rnd.nextInt(100);
            if (r < 2) {
                return Duration.ofMinutes(-rnd.nextInt(20 * 60)); // the office's clock runs ahead (tolerated up to a day)
            }
            if (r < 78) {
                return Duration.ofMinutes(rnd.nextInt(72 * 60));
            }
            if (r < 90) {
                return Duration.ofMinutes(3 * 1440 + rnd.nextInt(26 * 1440));
            }
            if (r < 92) {
                return Duration.ofMinutes(30 * 1440 - 120 + rnd.nextInt(240));
            }
            if (r < 94) {
                return Duration.ofMinutes(30 * 1440 + rnd.nextInt(2)); // exactly 30 days is not late; a minute more is
            }
            return Duration.ofMinutes(31 * 1440 + rnd.nextInt(270 * 1440));
        }

        /** A China-time instant between two dates, often at the edge of a day or a month. */
        private Instant anyTime(LocalDate first, LocalDate last) {
            LocalDate date;
            if (rnd.nextInt(10) == 0) {
                long months = ChronoUnit.MONTHS.between(YearMonth.from(first), YearMonth.from(last));
                YearMonth month = YearMonth.from(first).plusMonths(rnd.nextLong(months + 1));
                date = rnd.nextBoolean() ? month.atEndOfMonth() : month.atDay(1);
            } else {
                date = first.plusDays(rnd.nextLong(ChronoUnit.DAYS.between(first, last) + 1));
            }
            return at(date);
        }

        /** Midnight at the start of a month, China time: the first instant of that month. */
        private Instant monthStart() {
            long months = ChronoUnit.MONTHS.between(YearMonth.from(from), YearMonth.from(to));
            return YearMonth.from(from).plusMonths(rnd.nextLong(months + 1)).atDay(1).atStartOfDay(CatalogOracle.CHINA).toInstant();
        }

        /** The China date {@code days} after the instant's, at some time of day, never before the instant. */
        private Instant daysAfter(Instant base, int days) {
            Instant t = at(base.atZone(CatalogOracle.CHINA).toLocalDate().plusDays(days));
            return days >= 0 && !t.isAfter(base) ? base.plus(Duration.ofMinutes(1)) : t;
        }

        private Instant at(LocalDate date) {
            int r = rnd.nextInt(100);
            LocalTime time = r < 15 ? LocalTime.of(23, 30 + rnd.nextInt(30))
                    : r < 20 ? LocalTime.MIDNIGHT
                    : r < 25 ? LocalTime.of(0, rnd.nextInt(30))
                    : LocalTime.of(8 + rnd.nextInt(11), rnd.nextInt(60));
            return date.atTime(time).atZone(CatalogOracle.CHINA).toInstant();
        }

        private <T> T pick(T[] values) {
            return values[rnd.nextInt(values.length)];
        }

        private int pick(int[] values) {
            return values[rnd.nextInt(values.length)];
        }

        private <T> T other(T[] values, T current) {
            T value;
            do {
                value = pick(values);
            } while (value.equals(current));
            return value;
        }
    }
}
