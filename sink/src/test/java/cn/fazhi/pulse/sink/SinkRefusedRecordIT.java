package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.Database;

import static cn.fazhi.pulse.sink.SinkFixture.RUN;
import static cn.fazhi.pulse.sink.SinkFixture.SEED;
import static cn.fazhi.pulse.sink.SinkFixture.assertSameRows;
import static cn.fazhi.pulse.sink.SinkFixture.awaitStored;
import static cn.fazhi.pulse.sink.SinkFixture.current;
import static cn.fazhi.pulse.sink.SinkFixture.databaseAtTheTopicsEnd;
import static cn.fazhi.pulse.sink.SinkFixture.deadLetters;
import static cn.fazhi.pulse.sink.SinkFixture.group;
import static cn.fazhi.pulse.sink.SinkFixture.history;
import static cn.fazhi.pulse.sink.SinkFixture.position;
import static cn.fazhi.pulse.sink.SnapshotStream.AS_OF;
import static cn.fazhi.pulse.sink.SnapshotStream.encodedWithoutPrecisionCheck;
import static cn.fazhi.pulse.sink.SnapshotStream.key;
import static cn.fazhi.pulse.sink.SnapshotStream.record;
import static cn.fazhi.pulse.sink.SnapshotStream.scope;
import static cn.fazhi.pulse.sink.SnapshotStream.send;
import static cn.fazhi.pulse.sink.SnapshotStream.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Records the database refuses for good: set aside on the dead-letter topic, the rest stored. */
@ExtendWith(PipelineBackends.class)
class SinkRefusedRecordIT {

    @Test
    void shouldSetTheRecordAsideOnTheDeadLetterTopicAndGoOnWhenTheDatabaseRefusesIt(Backends backends) throws Exception {
        // Given: a key updated three times, the middle update too large for numeric(20,2); and a scope
        // code too long for varchar(12)
        Database database = databaseAtTheTopicsEnd(backends);
        Jdbi jdbi = database.jdbi();
        Random random = new Random(SEED + 5);
        String prefix = "D" + RUN;
        String scope = scope(prefix, 1);
        IndicatorSnapshot first = snapshot(scope, "2020", "mediation.accepted", random);
        IndicatorSnapshot tooLarge = new IndicatorSnapshot(scope, "2020", "mediation.accepted",
                BigDecimal.TEN.pow(19).setScale(2), null, 1e19, AS_OF);
        IndicatorSnapshot next = snapshot(scope, "2020", "mediation.accepted", random);
        IndicatorSnapshot scopeTooLong = snapshot(prefix + "12345678", "2020", "petition.received", random);
        IndicatorSnapshot other = snapshot(scope(prefix, 2), "2020-Q4", "petition.received", random);
        long t = System.currentTimeMillis();
        List<ProducerRecord<String, byte[]>> records = List.of(
                record(first, t),
                new ProducerRecord<>(Topics.INDICATORS.name(), null, t + 1, key(tooLarge), encodedWithoutPrecisionCheck(tooLarge)),
                record(next, t + 2),
                record(scopeTooLong, t + 3),
                record(other, t + 4));
        List<RecordMetadata> acks = send(backends, records, records.size(), Duration.ZERO, () -> {});
        List<IndicatorSnapshot> snapshots = List.of(first, tooLarge, next, scopeTooLong, other);
        SnapshotStream.Published storable = new SnapshotStream.Published(prefix, Stream.of(0, 2, 4)
                .map(i -> new SnapshotStream.Sent(acks.get(i).partition(), acks.get(i).offset(), Instant.ofEpochMilli(t + i), snapshots.get(i)))
                .toList());

        // When
        long setAside;
        try (SinkThread sink = new SinkThread(backends, database, group("refused"))) {
            awaitStored(jdbi, acks.stream().collect(Collectors.toMap(RecordMetadata::partition, a -> a.offset() + 1, Math::max)),
                    sink::assertRunning);
            sink.assertRunning();
            setAside = sink.deadLettered();
        }

        // Then
        assertThat(setAside).as("records the sink set aside").isEqualTo(2);
        List<ConsumerRecord<String, byte[]>> deadLetters = deadLetters(backends, prefix);
        assertThat(deadLetters).extracting(r -> DeadLetter.from(r.headers()).position())
                .containsExactlyInAnyOrder(position(acks.get(1)), position(acks.get(3)));
        for (ConsumerRecord<String, byte[]> letter : deadLetters) {
            DeadLetter why = DeadLetter.from(letter.headers());
            boolean isTooLarge = position(acks.get(1)).equals(why.position());
            ProducerRecord<String, byte[]> original = records.get(isTooLarge ? 1 : 3);
            assertThat(why.reason()).as("reason")
                    .contains("the database refused it").contains(isTooLarge ? "numeric field overflow" : "character varying(12)");
            assertThat(why.stage()).as("stage").isEqualTo(DeadLetter.Stage.SINK);
            assertThat(why.source()).as("source").isEqualTo(Topics.INDICATORS.name());
            assertThat(letter.key()).as("key").isEqualTo(original.key());
            assertThat(letter.value()).as("the record's own bytes").isEqualTo(original.value());
        }
        assertSameRows("indicator_history", history(jdbi, prefix), storable.history());
        assertSameRows("indicator_current", current(jdbi, prefix), storable.current());
    }
}
