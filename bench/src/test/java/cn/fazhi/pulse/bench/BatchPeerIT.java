package cn.fazhi.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.events.CaseAppealed;
import cn.fazhi.pulse.events.CaseFiled;
import cn.fazhi.pulse.events.CaseHearingHeld;
import cn.fazhi.pulse.events.CaseJudged;
import cn.fazhi.pulse.events.CaseKind;
import cn.fazhi.pulse.events.CaseOutcome;
import cn.fazhi.pulse.events.EventRetracted;
import cn.fazhi.pulse.events.ExamCompleted;
import cn.fazhi.pulse.events.Instance;
import cn.fazhi.pulse.events.MediationConcluded;
import cn.fazhi.pulse.events.MediationOutcome;
import cn.fazhi.pulse.events.PetitionClosed;
import cn.fazhi.pulse.events.PetitionReceived;
import cn.fazhi.pulse.events.Satisfaction;
import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.events.TrainingSessionHeld;
import cn.fazhi.pulse.events.VillageAdvisorAssigned;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch peer is only a fair comparison if it computes what the pipeline computes: the same
 * events through the real pipeline and through the SQL, and every figure of the catalog must agree.
 */
@ExtendWith(PipelineBackends.class)
class BatchPeerIT {

    @Test
    void shouldComputeThePipelinesFiguresWhenHistoryHasDuplicatesCorrectionsAndRetractions(Backends backends, @TempDir Path stateDir)
            throws Exception {
        // Given a simulated year of two towns (every family; 2% duplicates, 5% late), then corrections,
        // retractions and hand-built events for what a single simulated year never holds
        List<SimulatedEvent> history = new ArrayList<>();
        new HistorySimulator(HistorySimulator.Settings.of(2, 2023, 2023, 7)).forEach(history::add);
        List<SimulatedEvent> events = new ArrayList<>(history);
        List<SpecificRecord> extras = new ArrayList<>(correctionsAndRetractions(history));
        extras.addAll(handBuilt(history));
        extras.forEach(e -> events.add(new SimulatedEvent(e, Instant.now(), events.size())));
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());

        // When they go through the pipeline and through the SQL peer
        try (BenchPipeline pipeline = new BenchPipeline(Map.of("bootstrap.servers", backends.bootstrapServers()), null, database,
                stateDir, "peer-it-" + System.nanoTime(), 1);
             BatchPeer peer = new BatchPeer(database.jdbcUrl(), database.user(), database.password())) {
            try (EventPublisher publisher = new EventPublisher(pipeline.kafkaConfig())) {
                events.forEach(e -> publisher.publish(e.event()));
                publisher.flush();
            }
            pipeline.awaitStored(Duration.ofMinutes(3));
            peer.load(events);
            peer.recomputeAll();

            // Then every figure of every indicator agrees, and each family of the catalog has some
            assertThat(peer.differencesFromPipeline(20)).isEmpty();
            assertThat(peer.figures()).isGreaterThan(1_000);
            String city = first(history, TownRegistered.class, t -> true).getTownCode().substring(0, 4) + "00000000";
            for (String indicator : List.of("mediation.accepted", "petition.received", "case.admin.filed", "case.hearings",
                    "case.admin.prior_appeals", "case.admin.prior_remanded", "training.sessions", "exam.takers", "publicity.activities",
                    "legal.opinions", "legal.consultations", "legal.village_advisor_coverage", "enforcement.penalties",
                    "exam.pass_rate", "rulemaking.documents_reviewed", "decisions.major")) {
                assertThat(peer.numerator(city, "2023", indicator)).as(indicator).isPositive();
            }
            String arrivalYear = String.valueOf(Year.now(ZoneId.of("Asia/Shanghai")));
            assertThat(peer.numerator(city, arrivalYear, "dq.late")).as("dq.late").isPositive();
            assertThat(peer.numerator(city, arrivalYear, "dq.orphaned")).as("dq.orphaned").isPositive();
        }
    }

    @Test
    void shouldCountOneMoreEventWhenOnlyItsCityIsRecomputed(Backends backends) throws Exception {
        // Given a recomputed peer over a year of three towns in two cities
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        HistorySimulator year = new HistorySimulator(HistorySimulator.Settings.of(3, 2024, 2024, 3));
        assertThat(year.towns().stream().map(t -> t.code().substring(0, 4)).distinct()).hasSize(2);
        String town = year.towns().get(0).code();
        String city = town.substring(0, 4) + "00000000";
        try (BatchPeer peer = new BatchPeer(database.jdbcUrl(), database.user(), database.password())) {
            peer.load(year);
            peer.recomputeAll();
            BigDecimal before = peer.numerator(city, "2024", "training.sessions");

            // When one more session is added and only its city recomputed
            peer.add(PipelineBenchmark.extraSession(town));
            peer.recomputeCity(town.substring(0, 4));
            BigDecimal afterCity = peer.numerator(city, "2024", "training.sessions");
            database.jdbi().useHandle(h -> h.execute(
                    "CREATE TABLE city_month AS TABLE peer_month; CREATE TABLE city_indicator AS TABLE peer_indicator"));

            // Then the city's year counts it, and a full recompute changes no town-month and no figure
            // of any scope (every family's SQL keeps to the towns it is asked to recompute)
            assertThat(afterCity).isEqualByComparingTo(before.add(BigDecimal.ONE));
            peer.recomputeAll();
            assertThat(rowsDiffering(database, "city_month", "peer_month")).isZero();
            assertThat(rowsDiffering(database, "city_indicator", "peer_indicator")).isZero();
            assertThat(peer.numerator(city, "2024", "training.sessions")).isEqualByComparingTo(afterCity);
        }
    }

    private static long rowsDiffering(Database database, String table, String other) {
        String query = "SELECT count(*) FROM ((TABLE %1$s EXCEPT ALL TABLE %2$s) UNION ALL (TABLE %2$s EXCEPT ALL TABLE %1$s)) d";
        return database.jdbi().withHandle(h -> h.createQuery(query.formatted(table, other)).mapTo(Long.class).one());
    }

    /**
     * A mediation's conclusion and a case's first judgment corrected (the mediation's old version
     * then re-sent late, which must not undo the correction); a petition's receipt, a training
     * session and a case hearing retracted; and a retraction naming the wrong entity, which finds
     * nothing to withdraw and waits (dq.orphaned).
     */
    private static List<SpecificRecord> correctionsAndRetractions(List<SimulatedEvent> history) {
        MediationConcluded concluded = first(history, MediationConcluded.class, c -> c.getOutcome() == MediationOutcome.SUCCESS);
        CaseJudged judged = first(history, CaseJudged.class, j -> j.getInstance() == Instance.FIRST && j.getOutcome() == CaseOutcome.WON);
        PetitionReceived received = first(history, PetitionReceived.class, r -> true);
        TrainingSessionHeld session = first(history, TrainingSessionHeld.class, t -> true);
        CaseHearingHeld hearing = first(history, CaseHearingHeld.class, CaseHearingHeld::getLeaderAppeared);
        return List.of(
                MediationConcluded.newBuilder(concluded).setOutcome(MediationOutcome.FAILED).setAgreementForm(null).build(),
                CaseJudged.newBuilder(judged).setOutcome(CaseOutcome.LOST).build(),
                concluded,
                retraction("it-retract-1", received, received.getPetitionId()),
                retraction("it-retract-2", session, session.getSessionId()),
                retraction("it-retract-3", hearing, hearing.getCaseId()),
                retraction("it-retract-4", concluded, "it-no-such-mediation"));
    }

    /** Withdraws {@code target} (of the entity {@code entityId}) a minute after it occurred. */
    private static EventRetracted retraction(String eventId, SpecificRecord target, String entityId) {
        return EventRetracted.newBuilder().setEventId(eventId).setTownCode(Events.townCode(target))
                .setOccurredAt(Events.occurredAt(target).plusSeconds(60)).setRetractedEventId(Events.eventId(target))
                .setRetractedType(target.getSchema().getName()).setEntityId(entityId).build();
    }

    /**
     * What one simulated year lacks: administrative cases filed the year before and appealed (one
     * remanded) in this one; two first judgments of one case at the same instant (the greater
     * event id, compared as Java compares strings, stands); a hearing and a closure whose opening
     * events never come (orphans); a village losing its advisor and a town registering more
     * villages; exams at 60 points (passed) and just under (the simulator's scores all fall below
     * 60); and a session held yesterday (not late).
     */
    private static List<SpecificRecord> handBuilt(List<SimulatedEvent> history) {
        TownRegistered registered = first(history, TownRegistered.class, t -> true);
        VillageAdvisorAssigned advisor = first(history, VillageAdvisorAssigned.class, VillageAdvisorAssigned::getActive);
        String town = registered.getTownCode();
        return List.of(
                new CaseFiled("it-c1-f", town, at("2022-12-10"), null, "it-c1", CaseKind.ADMINISTRATIVE_LITIGATION),
                new CaseJudged("it-c1-j1", town, at("2022-12-28"), null, "it-c1", Instance.FIRST, CaseOutcome.LOST),
                new CaseAppealed("it-c1-ap", town, at("2023-01-20"), null, "it-c1"),
                new CaseJudged("it-c1-j2", town, at("2023-06-01"), null, "it-c1", Instance.SECOND, CaseOutcome.REMANDED),
                new CaseFiled("it-c2-f", town, at("2022-11-03"), null, "it-c2", CaseKind.ADMINISTRATIVE_LITIGATION),
                new CaseHearingHeld("it-c2-h1", town, at("2022-12-01"), null, "it-c2", false),
                new CaseJudged("it-c2-j1", town, at("2023-01-05"), null, "it-c2", Instance.FIRST, CaseOutcome.WON),
                new CaseAppealed("it-c2-ap", town, at("2023-02-14"), null, "it-c2"),
                new CaseFiled("it-c3-f", town, at("2023-03-01"), null, "it-c3", CaseKind.ADMINISTRATIVE_LITIGATION),
                new CaseJudged("it-c3-j1-a", town, at("2023-05-01"), null, "it-c3", Instance.FIRST, CaseOutcome.WON),
                new CaseJudged("it-c3-j1-B", town, at("2023-05-01"), null, "it-c3", Instance.FIRST, CaseOutcome.LOST),
                new CaseHearingHeld("it-c9-h1", town, at("2023-04-01"), null, "it-c9-never-filed", true),
                new PetitionClosed("it-p9-c", town, at("2023-04-02"), null, "it-p9-never-received", true, Satisfaction.SATISFIED),
                VillageAdvisorAssigned.newBuilder(advisor).setEventId("it-va-off").setOccurredAt(at("2023-07-01")).setActive(false).build(),
                TownRegistered.newBuilder(registered).setEventId("it-reg-more").setOccurredAt(at("2023-09-01"))
                        .setVillages(registered.getVillages() + 2).build(),
                new ExamCompleted("it-e1", town, at("2023-10-09"), null, "it-e1", "person-1", new BigDecimal("60.00")),
                new ExamCompleted("it-e2", town, at("2023-10-09"), null, "it-e2", "person-2", new BigDecimal("59.99")),
                ProbeSessions.of("it-yesterday", town, Instant.now().minus(Duration.ofDays(1))));
    }

    private static Instant at(String chinaDate) {
        return LocalDate.parse(chinaDate).atTime(10, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
    }

    private static <T> T first(List<SimulatedEvent> history, Class<T> type, Predicate<T> matching) {
        return history.stream().map(SimulatedEvent::event).filter(type::isInstance).map(type::cast).filter(matching).findFirst()
                .orElseThrow(() -> new AssertionError("the simulated year has no " + type.getSimpleName()));
    }
}
