package cn.fazhi.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.events.EventRetracted;
import cn.fazhi.pulse.events.MediationConcluded;
import cn.fazhi.pulse.events.MediationOutcome;
import cn.fazhi.pulse.events.PetitionReceived;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import cn.fazhi.pulse.sink.Database;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch peer is only a fair comparison if it computes what the pipeline computes: the same
 * events through the real pipeline and through the SQL, and every covered figure must agree.
 */
@ExtendWith(PipelineBackends.class)
class BatchPeerIT {

    @Test
    void shouldComputeThePipelinesFiguresWhenHistoryHasDuplicatesCorrectionsAndRetractions(Backends backends, @TempDir Path stateDir)
            throws Exception {
        // Given a simulated year of two towns (2% duplicates, 5% late), one conclusion corrected and one petition retracted
        List<SimulatedEvent> history = new ArrayList<>();
        new HistorySimulator(HistorySimulator.Settings.of(2, 2023, 2023, 7)).forEach(history::add);
        MediationConcluded concluded = history.stream().map(SimulatedEvent::event).filter(MediationConcluded.class::isInstance)
                .map(MediationConcluded.class::cast).filter(c -> c.getOutcome() == MediationOutcome.SUCCESS).findFirst().orElseThrow();
        PetitionReceived received = history.stream().map(SimulatedEvent::event).filter(PetitionReceived.class::isInstance)
                .map(PetitionReceived.class::cast).findFirst().orElseThrow();
        List<SpecificRecord> extras = List.of(
                MediationConcluded.newBuilder(concluded).setOutcome(MediationOutcome.FAILED).setAgreementForm(null).build(),
                EventRetracted.newBuilder().setEventId("it-retract-1").setTownCode(received.getTownCode())
                        .setOccurredAt(received.getOccurredAt().plusSeconds(60)).setRetractedEventId(received.getEventId())
                        .setRetractedType("PetitionReceived").setEntityId(received.getPetitionId()).build());
        List<SimulatedEvent> events = new ArrayList<>(history);
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

            // Then every covered figure agrees, and there are many of them
            assertThat(peer.differencesFromPipeline(20)).isEmpty();
            assertThat(peer.figures()).isGreaterThan(1_000);
        }
    }

    @Test
    void shouldCountOneMoreEventWhenOnlyItsCityIsRecomputed(Backends backends) throws Exception {
        // Given a recomputed peer over a year of one town
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        HistorySimulator year = new HistorySimulator(HistorySimulator.Settings.of(1, 2024, 2024, 3));
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
            long figuresAfterCity = peer.figures();

            // Then the city's year counts it, and a full recompute finds nothing else to change
            assertThat(afterCity).isEqualByComparingTo(before.add(BigDecimal.ONE));
            peer.recomputeAll();
            assertThat(peer.figures()).isEqualTo(figuresAfterCity);
            assertThat(peer.numerator(city, "2024", "training.sessions")).isEqualByComparingTo(afterCity);
        }
    }
}
