package cn.fazhi.pulse.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.events.DisputeType;
import cn.fazhi.pulse.events.TrainingKind;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.Violation;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java client against a real broker. */
@ExtendWith(PipelineBackends.class)
class EventPublisherIT {

    @BeforeAll
    static void topics(Backends backends) throws Exception {
        TopicContents.createTopics(backends.bootstrapServers());
    }

    @Test
    void shouldStoreEveryEventTypeSoThatItReadsBackEqualWhenPublishedWithTheBuilders(Backends backends) {
        String run = "rt-" + UUID.randomUUID() + "-";
        List<SpecificRecord> sent = new ArrayList<>();
        try (EventPublisher publisher = new EventPublisher(Map.of("bootstrap.servers", backends.bootstrapServers()))) {
            for (SpecificRecord example : ExampleEvents.all().values()) {
                example.put(example.getSchema().getField("event_id").pos(), run + Events.eventId(example));
                sent.add(example);
                publisher.publish(example);
            }
        }

        List<SpecificRecord> stored = TopicContents.events(backends.bootstrapServers(), run);

        assertThat(sent).hasSize(EventType.values().length);
        assertThat(stored).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void shouldPutEveryEventOfOneEntityOnOnePartitionWhenTheyArePublishedUnderTheEntityKey(Backends backends) {
        try (EventPublisher publisher = new EventPublisher(Map.of("bootstrap.servers", backends.bootstrapServers()))) {
            String mediation = "m-" + UUID.randomUUID();
            RecordMetadata accepted = publisher.publish(NewEvent.mediationAccepted(ExampleEvents.TOWN).setMediationId(mediation)
                    .setDisputeType(DisputeType.LABOR)).join();
            RecordMetadata concluded = publisher.publish(NewEvent.mediationConcluded(ExampleEvents.TOWN).setMediationId(mediation)
                    .setOutcome(cn.fazhi.pulse.events.MediationOutcome.FAILED)).join();

            assertThat(concluded.topic()).isEqualTo(accepted.topic());
            assertThat(concluded.partition()).isEqualTo(accepted.partition());
        }
    }

    @Test
    void shouldRefuseAnEventBeforeSendingNamingTheFieldWhenItBreaksARule(Backends backends) {
        try (EventPublisher publisher = new EventPublisher(Map.of("bootstrap.servers", backends.bootstrapServers()))) {
            var tooMany = NewEvent.trainingSessionHeld(ExampleEvents.TOWN).setSessionId("t-1")
                    .setTrainingKind(TrainingKind.SELF_STUDY).setHours(BigDecimal.ONE.setScale(2)).setInvited(10).setAttended(12);

            assertThatThrownBy(() -> publisher.publish(tooMany))
                    .isInstanceOfSatisfying(InvalidEventException.class, e ->
                            assertThat(e.violations()).extracting(Violation::field).containsExactly("attended"))
                    .hasMessageContaining("attended");
        }
    }

    @Test
    void shouldRefuseADraftNamingTheFieldWhenARequiredFieldWasNotSet(Backends backends) {
        try (EventPublisher publisher = new EventPublisher(Map.of("bootstrap.servers", backends.bootstrapServers()))) {
            var noId = NewEvent.mediationAccepted(ExampleEvents.TOWN).setDisputeType(DisputeType.NEIGHBOR);

            assertThatThrownBy(() -> publisher.publish(noId))
                    .isInstanceOfSatisfying(InvalidEventException.class, e ->
                            assertThat(e.violations()).extracting(Violation::field).containsExactly("mediation_id"));
        }
    }

    @Test
    void shouldTellTheCallbackWhereTheEventIsStoredWhenTheBrokerAcknowledgesIt(Backends backends) throws Exception {
        AtomicReference<RecordMetadata> stored = new AtomicReference<>();
        CountDownLatch told = new CountDownLatch(1);
        try (EventPublisher publisher = new EventPublisher(Map.of("bootstrap.servers", backends.bootstrapServers()))) {
            publisher.publish(NewEvent.petitionAccepted(ExampleEvents.TOWN).setPetitionId("p-" + UUID.randomUUID()), (metadata, failure) -> {
                stored.set(metadata);
                told.countDown();
            });
            assertThat(told.await(1, TimeUnit.MINUTES)).isTrue();
        }

        assertThat(stored.get().topic()).isEqualTo("fazhi.events.petitions");
        assertThat(stored.get().offset()).isNotNegative();
    }

    @Test
    void shouldFailTheFutureWithARetriableDeliveryFailureWhenNoBrokerAnswers() {
        Map<String, Object> nobody = Map.of("bootstrap.servers", "localhost:1", "max.block.ms", 500,
                "request.timeout.ms", 500, "delivery.timeout.ms", 1000, "linger.ms", 0);
        try (EventPublisher publisher = new EventPublisher(nobody)) {
            CompletableFuture<RecordMetadata> result = publisher.publish(ExampleEvents.all().get(EventType.CASE_FILED));

            assertThatThrownBy(result::join).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(DeliveryFailedException.class, e -> {
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.eventId()).isEqualTo("example-CaseFiled");
                    });
        }
    }

    /** The example of EventPublisher's Javadoc, line for line, so that it stays true. */
    @Test
    void shouldRunTheJavadocExampleWhenABrokerIsThere(Backends backends) {
        List<String> log = new ArrayList<>();
        String bootstrap = backends.bootstrapServers();
        CompletableFuture<RecordMetadata> example;
        // ---- the example, with "localhost:19092" → bootstrap and log(...) → log.add(...)
        try (EventPublisher publisher = new EventPublisher(Map.of("bootstrap.servers", bootstrap))) {
            CompletableFuture<RecordMetadata> stored = publisher.publish(
                    NewEvent.mediationAccepted("120111101000")
                            .setEventId("yl-m-0001-a")                       // the ledger's own number
                            .setOccurredAt(Instant.parse("2024-03-05T02:00:00Z"))
                            .setMediationId("m-0001")
                            .setDisputeType(DisputeType.NEIGHBOR));
            publisher.publish(NewEvent.petitionAccepted("120111101000").setPetitionId("p-0007"),
                    (metadata, failure) -> log.add(failure == null ? "stored" : failure.getMessage()));
            stored.join();                                                 // or publisher.flush()
            example = stored;
        }                                                                  // close() flushes too
        // ----
        assertThat(example).isCompleted();
        assertThat(log).containsExactly("stored");
    }
}
