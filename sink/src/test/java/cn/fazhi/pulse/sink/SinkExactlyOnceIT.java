package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.DatabaseSchema;

import cn.fazhi.pulse.store.Database;

import static java.util.Comparator.comparing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.DeadLetters;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.ProcessBuilder.Redirect;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sink's promise (docs/architecture.md, "The sink"): whatever happens to the sink process or
 * to the database, every record of {@code fazhi.indicators} is stored exactly once — one history
 * row per source record, the newest value per key in the current table.
 *
 * <p>One stream of {@value #UPDATES} updates of 3,000 keys is published for the whole class, with
 * increasing record timestamps and an idempotent producer. Each test gives the sink a database and
 * a consumer group of its own, and compares only the rows of its own scope codes: the broker and
 * the topic are shared by every IT of the module's JVM. Scope codes start with a letter per
 * stream and a tag per run ({@link #RUN}); the values come from a fixed, printed seed.
 *
 * <p>The tests do not depend on one another, but they run in a fixed order for time's sake: the
 * records the database refuses, published by the fifth, stay on the shared topic, and a sink that
 * later reads them takes its whole batch apart to isolate them.
 */
@ExtendWith(PipelineBackends.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SinkExactlyOnceIT {
    /** Fixed so that a failure can be replayed; {@code -Dfazhi.test.seed=...} tries others. */
    private static final long SEED = Long.getLong("fazhi.test.seed", 20_261_121L);
    /** Four hex digits in every scope code of this run, so that a rerun on the same broker cannot meet old keys. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 4).toUpperCase();
    private static final int UPDATES = 100_000;
    private static final int SCOPES = 250;
    private static final List<String> PERIODS = List.of("2020", "2020-Q4", "2020-12");
    private static final List<String> INDICATORS =
            List.of("mediation.accepted", "mediation.success_rate", "petition.received", "petition.on_time_rate");
    private static final Instant AS_OF = Instant.parse("2020-12-30T02:00:00Z");
    private static final int KILLS = 5;
    /** Small against the stream, whatever the default, so that kills and stops land mid-stream. */
    static final int BATCH_SIZE = 5_000;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Path PROCESS_LOG = Path.of("target", "SinkExactlyOnceIT-sink-process.log");

    private static Published stream;

    static {
        // Failsafe turns assertions on for every class, pgjdbc's too: a connection the server closes
        // in the middle of a batch then fails an assert in BatchResultHandler.isAutoCommit, an
        // AssertionError where production (no -ea) gets the SQLException the sink retries on. The
        // driver's own asserts are not under test here. This reaches only the driver classes not yet
        // initialized in this JVM; -da:org.postgresql... in the failsafe argLine would reach all.
        SinkExactlyOnceIT.class.getClassLoader().setPackageAssertionStatus("org.postgresql", false);
    }

    /** Whether pgjdbc's batch error path runs as in production here (initializes the class if no one has). */
    private static boolean driverAssertionsDisabled() {
        try {
            Field disabled = Class.forName("org.postgresql.jdbc.BatchResultHandler").getDeclaredField("$assertionsDisabled");
            disabled.setAccessible(true);
            return disabled.getBoolean(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // a driver without this class or field: take the safe way
        }
    }

    @BeforeAll
    static void publishTheStream(Backends backends) throws Exception {
        System.out.printf("[SinkExactlyOnceIT] seed %d (-Dfazhi.test.seed=N to change it), run tag %s%n", SEED, RUN);
        createTopics(backends);
        Random random = new Random(SEED);
        // A day ago, a millisecond apart: increasing, and well inside what the broker accepts.
        long firstTimestamp = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        String prefix = "S" + RUN;
        stream = publish(backends, prefix, updates(prefix, UPDATES, random), firstTimestamp, UPDATES, Duration.ZERO, () -> {});
    }

    @Test
    @Order(1)
    void shouldStoreTheLastValuePerKeyAndEveryChangeInOrderWhenAStreamOfUpdatesIsSunk(Backends backends) throws Exception {
        // Given the stream of the class, and an empty database
        Database database = freshDatabase(backends);
        Jdbi jdbi = database.jdbi();

        // When
        try (SinkThread sink = new SinkThread(backends, database, group("stream"))) {
            awaitStored(jdbi, stream.ends(), sink::assertRunning);
        }

        // Then
        assertSameRows("indicator_history", history(jdbi, stream.prefix()), stream.history());
        assertSameRows("indicator_current", current(jdbi, stream.prefix()), stream.current());
    }

    @Test
    @Order(2)
    void shouldEndInTheSameDatabaseWithoutDuplicatesWhenTheSinkProcessIsKilledAndRestartedFiveTimes(Backends backends) throws Exception {
        // Given
        Database database = freshDatabase(backends);
        Jdbi jdbi = database.jdbi();
        Random random = new Random(SEED + 2);
        double[] killAt = random.doubles(KILLS, 0.02, 0.85).sorted().toArray();
        String group = group("killed");
        List<Long> rowsAtKills = new ArrayList<>();

        // When
        for (double fraction : killAt) {
            Process sink = startSinkProcess(backends, database, group);
            try {
                await(String.format("the sink process to store %.0f%% of the stream", fraction * 100),
                        () -> streamProgress(jdbi) >= fraction, () -> assertAlive(sink));
                Thread.sleep(random.nextInt(250)); // anywhere in the next batch: reading, writing or committing
            } finally {
                sink.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback, no leaving the group
                sink.waitFor();
            }
            assertThat(sink.exitValue()).as("exit status of a process killed by SIGKILL").isEqualTo(128 + 9);
            rowsAtKills.add(count(jdbi, stream.prefix()));
        }
        Process last = startSinkProcess(backends, database, group);
        try {
            awaitStored(jdbi, stream.ends(), () -> assertAlive(last));
        } finally {
            last.destroyForcibly();
            last.waitFor();
        }
        System.out.printf("[SinkExactlyOnceIT] seed %d: killed at %s of the stream, with %s history rows stored%n",
                SEED, Arrays.toString(killAt), rowsAtKills);

        // Then
        assertThat(rowsAtKills).as("history rows when each kill struck: every kill left work to do").allMatch(rows -> rows < UPDATES);
        assertSameRows("indicator_history", history(jdbi, stream.prefix()), stream.history());
        assertSameRows("indicator_current", current(jdbi, stream.prefix()), stream.current());
    }

    @Test
    @Order(6)
    void shouldHaveStoredEverythingItReadWhenStoppedBySigtermMidStream(Backends backends) throws Exception {
        // Given a sink process a third of the way through the stream
        Database database = freshDatabase(backends);
        Jdbi jdbi = database.jdbi();
        Process sink = startSinkProcess(backends, database, group("terminated"));
        try {
            await("the sink process to store a third of the stream", () -> streamProgress(jdbi) >= 0.33, () -> assertAlive(sink));

            // When a service manager stops it (SIGTERM)
            sink.destroy();
            assertThat(sink.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
        } finally {
            sink.destroyForcibly();
        }

        // Then it finished the batch in hand: every record it read is stored with its offset
        String stopped = Files.readAllLines(PROCESS_LOG).stream()
                .filter(line -> line.startsWith("sink process " + sink.pid() + " stopped: read "))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("the sink process did not report stopping; see " + PROCESS_LOG.toAbsolutePath()));
        long read = Long.parseLong(stopped.replaceAll(".* read (\\d+) records.*", "$1"));
        long storedThrough = jdbi.withHandle(h -> h.createQuery("SELECT coalesce(sum(next_offset), 0) FROM sink_offset WHERE topic = :topic")
                .bind("topic", Topics.INDICATORS.name()).mapTo(Long.class).one());
        assertThat(sink.exitValue()).as("exit status after SIGTERM and a clean shutdown hook").isEqualTo(128 + 15);
        long inTopic = topicEnds(backends).values().stream().mapToLong(Long::longValue).sum();
        assertThat(read).as("records read before stopping: part of the topic").isPositive().isLessThan(inTopic);
        assertThat(storedThrough).as("offsets stored = records read (the sink started at offset 0)").isEqualTo(read);
    }

    @Test
    @Order(3)
    void shouldLoseNothingAndResumeByItselfWhenTheDatabaseIsAwayForSecondsMidStream(Backends backends) throws Exception {
        // Given: a sink reading from the topic's end, and updates arriving for about eight seconds
        Database database = freshDatabase(backends);
        Jdbi jdbi = database.jdbi();
        startAtTheEnd(jdbi, topicEnds(backends));
        Random random = new Random(SEED + 3);
        String prefix = "O" + RUN;
        List<IndicatorSnapshot> updates = updates(prefix, 20_000, random);
        long outageMillis = 3_000 + random.nextInt(2_001);
        long stopAfter = 1_000 + random.nextInt(3_000);
        AtomicBoolean hold = new AtomicBoolean();
        AtomicBoolean holding = new AtomicBoolean();
        Runnable gate = () -> {
            while (hold.get()) {
                holding.set(true);
                sleep(10);
            }
            holding.set(false);
        };
        boolean anyMoment = driverAssertionsDisabled();
        ExecutorService producing = Executors.newSingleThreadExecutor();
        try (SinkThread sink = new SinkThread(backends, database, group("outage"))) {
            Future<Published> publishing = producing.submit(() ->
                    publish(backends, prefix, updates, System.currentTimeMillis(), 500, Duration.ofMillis(200), gate));
            await("the first rows of the stream", () -> count(jdbi, prefix) >= stopAfter, sink::assertRunning);
            if (!anyMoment) {
                // pgjdbc was loaded with its asserts on by an earlier test class (see the static
                // initializer): stop the database between two batches, not in the middle of one.
                hold.set(true);
                await("the producer to hold", holding::get, sink::assertRunning);
                Map<Integer, Long> sent = topicEnds(backends);
                await("the sink to catch up", () -> sink.caughtUp() && reached(storedOffsets(jdbi), sent), sink::assertRunning);
            }

            // When
            long rowsWhenStopped = count(jdbi, prefix);
            backends.stopDatabase();
            hold.set(false);
            Thread.sleep(outageMillis);
            backends.startDatabase();
            Published published = publishing.get();
            awaitStored(jdbi, published.ends(), sink::assertRunning);

            // Then
            System.out.printf("[SinkExactlyOnceIT] seed %d: database stopped %s, away for %d ms, with %d of %d rows stored%n",
                    SEED, anyMoment ? "at any moment" : "between batches", outageMillis, rowsWhenStopped, updates.size());
            assertThat(rowsWhenStopped).as("rows stored when the database stopped").isLessThan(updates.size());
            sink.assertRunning();
            assertSameRows("indicator_history", history(jdbi, prefix), published.history());
            assertSameRows("indicator_current", current(jdbi, prefix), published.current());
        } finally {
            producing.shutdownNow();
        }
    }

    @Test
    @Order(4)
    void shouldLeaveBothTablesUnchangedWhenTheTopicIsReplayedFromTheBeginningIntoAPopulatedDatabase(Backends backends) throws Exception {
        // Given
        Database database = freshDatabase(backends);
        Jdbi jdbi = database.jdbi();
        Map<Integer, Long> ends = topicEnds(backends);
        String group = group("replay");
        try (SinkThread sink = new SinkThread(backends, database, group)) {
            awaitCaughtUp(jdbi, ends, sink);
        }
        List<Row> historyBefore = history(jdbi, "");
        List<Row> currentBefore = current(jdbi, "");
        assertThat(historyBefore).as("history rows before the replay").hasSizeGreaterThanOrEqualTo(UPDATES);

        // When
        jdbi.useHandle(h -> h.execute("DELETE FROM sink_offset"));
        long rewritten;
        try (SinkThread sink = new SinkThread(backends, database, group)) {
            awaitCaughtUp(jdbi, ends, sink);
            rewritten = sink.snapshotsWritten();
        }

        // Then
        assertThat(rewritten).as("snapshots written again by the replay").isGreaterThanOrEqualTo(historyBefore.size());
        assertSameRows("indicator_history", history(jdbi, ""), historyBefore);
        assertSameRows("indicator_current", current(jdbi, ""), currentBefore);
    }

    @Test
    @Order(5)
    void shouldSetTheRecordAsideOnTheDeadLetterTopicAndGoOnWhenTheDatabaseRefusesIt(Backends backends) throws Exception {
        // Given: a key updated three times, the middle update too large for numeric(20,2); and a scope
        // code too long for varchar(12)
        Database database = freshDatabase(backends);
        Jdbi jdbi = database.jdbi();
        startAtTheEnd(jdbi, topicEnds(backends));
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
        Published storable = new Published(prefix, Stream.of(0, 2, 4)
                .map(i -> new Sent(acks.get(i).partition(), acks.get(i).offset(), Instant.ofEpochMilli(t + i), snapshots.get(i)))
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
        assertThat(deadLetters).extracting(r -> DeadLetters.get(r.headers(), DeadLetters.POSITION))
                .containsExactlyInAnyOrder(position(acks.get(1)), position(acks.get(3)));
        for (ConsumerRecord<String, byte[]> letter : deadLetters) {
            boolean isTooLarge = position(acks.get(1)).equals(DeadLetters.get(letter.headers(), DeadLetters.POSITION));
            ProducerRecord<String, byte[]> original = records.get(isTooLarge ? 1 : 3);
            assertThat(DeadLetters.get(letter.headers(), DeadLetters.REASON)).as("reason")
                    .contains("the database refused it").contains(isTooLarge ? "numeric field overflow" : "character varying(12)");
            assertThat(DeadLetters.get(letter.headers(), DeadLetters.STAGE)).as("stage").isEqualTo("sink");
            assertThat(DeadLetters.get(letter.headers(), DeadLetters.SOURCE)).as("source").isEqualTo(Topics.INDICATORS.name());
            assertThat(letter.key()).as("key").isEqualTo(original.key());
            assertThat(letter.value()).as("the record's own bytes").isEqualTo(original.value());
        }
        assertSameRows("indicator_history", history(jdbi, prefix), storable.history());
        assertSameRows("indicator_current", current(jdbi, prefix), storable.current());
    }

    @Test
    @Order(7)
    void shouldStoreTheBatchInFlightAndTheOneReadMeanwhileWhenClosedMidWrite(Backends backends) throws Exception {
        // Given: the history table locked, so that the sink's first write waits on it, and three
        // batches' worth of updates to read
        int batchSize = 1_000;
        Database database = freshDatabase(backends);
        Jdbi jdbi = database.jdbi();
        startAtTheEnd(jdbi, topicEnds(backends));
        Map<Integer, Long> starts = storedOffsets(jdbi);
        String prefix = "W" + RUN;
        String group = group("closed-mid-write");
        SinkThread sink = null;
        CompletableFuture<Void> closing = null;
        Published published;
        try (Handle lock = jdbi.open()) {
            lock.begin();
            lock.execute("LOCK TABLE indicator_history IN EXCLUSIVE MODE");
            published = publish(backends, prefix, updates(prefix, 3 * batchSize, new Random(SEED + 7)), System.currentTimeMillis(),
                    3 * batchSize, Duration.ZERO, () -> {});
            SinkThread reading = new SinkThread(backends, database, group, batchSize);
            sink = reading;
            // A batch holds less than two batch sizes, so this many records read means a second batch
            // was read while the first waits for the lock.
            await("the sink to read on while its first batch waits", () -> reading.recordsRead() >= 2L * batchSize, reading::assertRunning);

            // When it is closed in the middle of that write, which then goes through
            closing = CompletableFuture.runAsync(reading::closeUnchecked);
            Thread.sleep(300);
            assertThat(closing).as("close() waits for the write in flight").isNotDone();
            lock.rollback();
            closing.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            if (sink != null && closing == null) {
                sink.close();
            }
        }

        // Then every record it read, and no other, is stored, and the offsets say so
        long read = sink.recordsRead();
        long offsetsMoved = storedOffsets(jdbi).entrySet().stream()
                .mapToLong(e -> e.getValue() - starts.getOrDefault(e.getKey(), 0L)).sum();
        assertThat(read).as("records read before stopping: part of what was published").isLessThan(3L * batchSize);
        assertThat(offsetsMoved).as("offsets stored past the start = records read").isEqualTo(read);
        assertThat(count(jdbi, prefix)).as("history rows = records read").isEqualTo(read);

        // and a restart stores the rest, nothing twice (counted once it has stopped: the loop counts
        // a batch when it next looks at its write, which may be after the commit is visible)
        SinkThread restarted = new SinkThread(backends, database, group, batchSize);
        try (restarted) {
            awaitStored(jdbi, published.ends(), restarted::assertRunning);
        }
        assertThat(restarted.snapshotsWritten()).as("snapshots written after the restart").isEqualTo(3L * batchSize - read);
        assertSameRows("indicator_history", history(jdbi, prefix), published.history());
        assertSameRows("indicator_current", current(jdbi, prefix), published.current());
    }

    // --- the stream -------------------------------------------------------------------------------

    /** A record as the broker acknowledged it: where it went and what it said. */
    private record Sent(int partition, long offset, Instant timestamp, IndicatorSnapshot snapshot) {
        String key() {
            return SinkExactlyOnceIT.key(snapshot);
        }

        Row row() {
            return new Row(partition, offset, snapshot.getScopeCode(), snapshot.getPeriod(), snapshot.getIndicator(),
                    snapshot.getNumerator(), snapshot.getDenominator(), snapshot.getValue(), snapshot.getAsOf(), timestamp);
        }
    }

    /** What a stream of updates must leave in the database. */
    private record Published(String prefix, List<Sent> records) {
        /** One row per record, in topic order. */
        List<Row> history() {
            return records.stream().sorted(comparing(Sent::partition).thenComparing(Sent::offset)).map(Sent::row).toList();
        }

        /** The last record of each key (a key lives in one partition: its highest offset). */
        List<Row> current() {
            Map<String, Sent> last = new HashMap<>();
            for (Sent sent : records) {
                last.merge(sent.key(), sent, (a, b) -> b.offset() > a.offset() ? b : a);
            }
            return last.values().stream().map(Sent::row).sorted(Row.BY_KEY).toList();
        }

        /** The next offset after the stream, per partition it used. */
        Map<Integer, Long> ends() {
            return records.stream().collect(Collectors.toMap(Sent::partition, s -> s.offset() + 1, Math::max));
        }

        Map<Integer, Long> starts() {
            return records.stream().collect(Collectors.toMap(Sent::partition, Sent::offset, Math::min));
        }
    }

    /** A row of either table, with the source position both keep. */
    private record Row(int partition, long offset, String scope, String period, String indicator, BigDecimal numerator,
                       BigDecimal denominator, Double value, Instant asOf, Instant updatedAt) {
        static final Comparator<Row> BY_KEY = comparing(Row::scope).thenComparing(Row::period).thenComparing(Row::indicator);
    }

    private static List<IndicatorSnapshot> updates(String prefix, int count, Random random) {
        List<IndicatorSnapshot> updates = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            updates.add(snapshot(scope(prefix, random.nextInt(SCOPES)), PERIODS.get(random.nextInt(PERIODS.size())),
                    INDICATORS.get(random.nextInt(INDICATORS.size())), random));
        }
        return updates;
    }

    /** A 12-character scope code: the prefix, then digits. */
    private static String scope(String prefix, int n) {
        return prefix + String.format("%0" + (12 - prefix.length()) + "d", n);
    }

    /** Counts for most indicators; rates (some with a zero denominator and no value) for "_rate". */
    private static IndicatorSnapshot snapshot(String scope, String period, String indicator, Random random) {
        BigDecimal numerator = BigDecimal.valueOf(random.nextLong(1_000_000_000_000L), 2);
        Instant asOf = AS_OF.plusMillis(random.nextInt(86_400_000));
        if (!indicator.endsWith("_rate")) {
            return new IndicatorSnapshot(scope, period, indicator, numerator, null, numerator.doubleValue(), asOf);
        }
        BigDecimal denominator = random.nextInt(10) == 0
                ? BigDecimal.ZERO.setScale(2)
                : numerator.add(BigDecimal.valueOf(random.nextLong(1_000_000_000_000L), 2));
        Double value = denominator.signum() == 0 ? null : numerator.doubleValue() / denominator.doubleValue();
        return new IndicatorSnapshot(scope, period, indicator, numerator, denominator, value, asOf);
    }

    private static String key(IndicatorSnapshot snapshot) {
        return snapshot.getScopeCode() + '|' + snapshot.getPeriod() + '|' + snapshot.getIndicator();
    }

    private static ProducerRecord<String, byte[]> record(IndicatorSnapshot snapshot, long timestamp) {
        return new ProducerRecord<>(Topics.INDICATORS.name(), null, timestamp, key(snapshot),
                Topics.INDICATORS.valueSerde().serializer().serialize(Topics.INDICATORS.name(), snapshot));
    }

    /**
     * The bytes a producer outside the pipeline could write: the released schema, but a decimal
     * beyond its declared precision, which Avro's own writer refuses and its reader accepts.
     */
    private static byte[] encodedWithoutPrecisionCheck(IndicatorSnapshot snapshot) {
        GenericRecord record = new GenericData.Record(IndicatorSnapshot.getClassSchema());
        record.put("scope_code", snapshot.getScopeCode());
        record.put("period", snapshot.getPeriod());
        record.put("indicator", snapshot.getIndicator());
        record.put("numerator", ByteBuffer.wrap(snapshot.getNumerator().unscaledValue().toByteArray()));
        record.put("denominator", null);
        record.put("value", snapshot.getValue());
        record.put("as_of", snapshot.getAsOf().toEpochMilli());
        try {
            ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), IndicatorSnapshot.getClassSchema()).encode(record);
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + record, e);
        }
    }

    /** Publishes in chunks, a pause and a call of {@code betweenChunks} after each; returns what the broker acknowledged. */
    private static Published publish(Backends backends, String prefix, List<IndicatorSnapshot> updates, long firstTimestamp,
                                     int chunk, Duration pause, Runnable betweenChunks) throws Exception {
        List<ProducerRecord<String, byte[]>> records = IntStream.range(0, updates.size())
                .mapToObj(i -> record(updates.get(i), firstTimestamp + i)).toList();
        List<RecordMetadata> acks = send(backends, records, chunk, pause, betweenChunks);
        List<Sent> sent = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            RecordMetadata ack = acks.get(i);
            sent.add(new Sent(ack.partition(), ack.offset(), Instant.ofEpochMilli(ack.timestamp()), updates.get(i)));
        }
        return new Published(prefix, sent);
    }

    private static List<RecordMetadata> send(Backends backends, List<ProducerRecord<String, byte[]>> records, int chunk,
                                             Duration pause, Runnable betweenChunks) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                acks.add(producer.send(records.get(i)));
                if ((i + 1) % chunk == 0 && !pause.isZero()) {
                    producer.flush();
                    Thread.sleep(pause.toMillis());
                    betweenChunks.run();
                }
            }
            producer.flush();
            List<RecordMetadata> metadata = new ArrayList<>(records.size());
            for (Future<RecordMetadata> ack : acks) {
                metadata.add(ack.get());
            }
            return metadata;
        }
    }

    // --- the backends -----------------------------------------------------------------------------

    private static void createTopics(Backends backends) throws Exception {
        try (Admin admin = admin(backends)) {
            TopicSetup.ensure(admin, (short) 1);
        }
    }

    private static Admin admin(Backends backends) {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers()));
    }

    /** The next offset to be written, per partition of fazhi.indicators. */
    private static Map<Integer, Long> topicEnds(Backends backends) throws Exception {
        try (Admin admin = admin(backends)) {
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, Topics.INDICATORS.partitions()).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(Topics.INDICATORS.name(), p), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        }
    }

    /** Every dead letter whose key starts with the prefix. */
    private static List<ConsumerRecord<String, byte[]>> deadLetters(Backends backends, String prefix) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, Topics.DEAD_LETTERS.partitions())
                    .mapToObj(p -> new TopicPartition(Topics.DEAD_LETTERS.name(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null && r.key().startsWith(prefix)) {
                        letters.add(r);
                    }
                });
            }
            return letters;
        }
    }

    private static String position(RecordMetadata ack) {
        return ack.partition() + "@" + ack.offset();
    }

    private static String group(String test) {
        return "sink-exactly-once-" + RUN + "-" + test;
    }

    // --- the database -----------------------------------------------------------------------------

    private static Database freshDatabase(Backends backends) {
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        DatabaseSchema.migrate(database.dataSource());
        return database;
    }

    /** The sink resumes where sink_offset says: from the topic's end, it reads only the test's own records. */
    private static void startAtTheEnd(Jdbi jdbi, Map<Integer, Long> ends) {
        jdbi.useHandle(h -> {
            var batch = h.prepareBatch("INSERT INTO sink_offset (topic, partition, next_offset) VALUES (:topic, :partition, :next)");
            ends.forEach((partition, next) -> batch.bind("topic", Topics.INDICATORS.name()).bind("partition", partition).bind("next", next).add());
            batch.execute();
        });
    }

    private static final String COLUMNS =
            "source_partition, source_offset, scope_code, period, indicator, numerator, denominator, value, as_of, updated_at";

    /** The history rows of the scope codes starting with the prefix (all of them for ""), in topic order. */
    private static List<Row> history(Jdbi jdbi, String prefix) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM indicator_history WHERE scope_code LIKE :prefix"
                        + " ORDER BY source_partition, source_offset")
                .bind("prefix", prefix + "%").map(SinkExactlyOnceIT::row).list());
    }

    /** The current rows of the scope codes starting with the prefix, by key (sorted here: no collation involved). */
    private static List<Row> current(Jdbi jdbi, String prefix) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM indicator_current WHERE scope_code LIKE :prefix")
                .bind("prefix", prefix + "%").map(SinkExactlyOnceIT::row).list()).stream().sorted(Row.BY_KEY).toList();
    }

    private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Row(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBigDecimal(6),
                rs.getBigDecimal(7), (Double) rs.getObject(8), rs.getObject(9, OffsetDateTime.class).toInstant(),
                rs.getObject(10, OffsetDateTime.class).toInstant());
    }

    private static long count(Jdbi jdbi, String prefix) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM indicator_history WHERE scope_code LIKE :prefix")
                .bind("prefix", prefix + "%").mapTo(Long.class).one());
    }

    private static Map<Integer, Long> storedOffsets(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT partition, next_offset FROM sink_offset WHERE topic = :topic")
                .bind("topic", Topics.INDICATORS.name())
                .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getLong(2))).list())
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** How much of the shared stream the database says is stored, from 0 to 1 (offsets only: cheap to ask often). */
    private static double streamProgress(Jdbi jdbi) {
        Map<Integer, Long> stored = storedOffsets(jdbi);
        long done = 0;
        for (Map.Entry<Integer, Long> start : stream.starts().entrySet()) {
            long end = stream.ends().get(start.getKey());
            long next = stored.getOrDefault(start.getKey(), 0L);
            done += Math.max(0, Math.min(next, end) - start.getValue());
        }
        return (double) done / UPDATES;
    }

    /** Row for row, with a short message (where they differ) instead of two lists of 100,000 rows. */
    private static void assertSameRows(String table, List<Row> actual, List<Row> expected) {
        if (actual.equals(expected)) {
            return;
        }
        int i = 0;
        while (i < Math.min(actual.size(), expected.size()) && actual.get(i).equals(expected.get(i))) {
            i++;
        }
        fail("%s: %d rows where %d were expected; first difference at row %d:%n  stored   %s%n  expected %s", table,
                actual.size(), expected.size(), i, i < actual.size() ? actual.get(i) : "(none)",
                i < expected.size() ? expected.get(i) : "(none)");
    }

    // --- waiting ----------------------------------------------------------------------------------

    private static void awaitStored(Jdbi jdbi, Map<Integer, Long> ends, Runnable stillRunning) {
        await("the sink to store every record up to " + ends, () -> reached(storedOffsets(jdbi), ends), stillRunning);
    }

    /** Stored up to the given ends, and the sink itself says it found nothing more to read. */
    private static void awaitCaughtUp(Jdbi jdbi, Map<Integer, Long> ends, SinkThread sink) {
        awaitStored(jdbi, ends, sink::assertRunning);
        await("the sink to say it is caught up", sink::caughtUp, sink::assertRunning);
        assertThat(reached(sink.storedThrough(), ends)).as("positions stored through %s reach %s", sink.storedThrough(), ends).isTrue();
    }

    private static boolean reached(Map<Integer, Long> stored, Map<Integer, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private static void await(String what, BooleanSupplier done, Runnable stillRunning) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            stillRunning.run();
            if (System.nanoTime() > deadline) {
                fail("waited %d s for %s", PATIENCE.toSeconds(), what);
            }
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // --- the sink ---------------------------------------------------------------------------------

    /** The sink on a thread of this JVM, as the app runs it; it retries every second at most while the database is away. */
    private static final class SinkThread implements AutoCloseable {
        private final IndicatorSink sink;
        private final Thread thread;

        SinkThread(Backends backends, Database database, String group) {
            this(backends, database, group, BATCH_SIZE);
        }

        SinkThread(Backends backends, Database database, String group, int batchSize) {
            sink = new IndicatorSink(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers()), database,
                    new SinkSettings(group, batchSize, SinkSettings.DEFAULT.linger(), Duration.ofSeconds(1)));
            thread = new Thread(sink, "sink-" + group);
            thread.start();
        }

        void assertRunning() {
            sink.failure().ifPresent(e -> {
                throw new AssertionError("the sink stopped: " + e.getMessage(), e);
            });
            assertThat(thread.isAlive()).as("the sink thread is alive").isTrue();
        }

        boolean caughtUp() {
            return sink.caughtUp();
        }

        /** Of the indicators topic, by partition. */
        Map<Integer, Long> storedThrough() {
            Map<Integer, Long> positions = new java.util.HashMap<>();
            sink.storedThrough().forEach((tp, offset) -> {
                if (tp.topic().equals(Topics.INDICATORS.name())) {
                    positions.put(tp.partition(), offset);
                }
            });
            return positions;
        }

        long snapshotsWritten() {
            return sink.snapshotsWritten();
        }

        long deadLettered() {
            return sink.deadLettered();
        }

        long recordsRead() {
            return sink.recordsRead();
        }

        void closeUnchecked() {
            try {
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while closing the sink", e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            sink.close();
            thread.join();
        }
    }

    /** {@link SinkProcess} in a JVM of its own, its output appended to {@link #PROCESS_LOG}. */
    private static Process startSinkProcess(Backends backends, Database database, String group) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-Duser.timezone=UTC"));
        String logback = System.getProperty("logback.configurationFile");
        if (logback != null) {
            command.add("-Dlogback.configurationFile=" + logback);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SinkProcess.class.getName(),
                backends.bootstrapServers(), database.jdbcUrl(), database.user(), group, group + "-instance"));
        Files.createDirectories(PROCESS_LOG.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(PROCESS_LOG.toFile()));
        builder.environment().put(SinkProcess.PASSWORD_VARIABLE, database.password());
        return builder.start();
    }

    private static void assertAlive(Process process) {
        if (!process.isAlive()) {
            fail("the sink process stopped by itself with status %d; see %s", process.exitValue(), PROCESS_LOG.toAbsolutePath());
        }
    }
}
