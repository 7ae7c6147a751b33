package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.DatabaseSchema;

import cn.fazhi.pulse.store.Database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.fazhi.pulse.sink.SnapshotStream.Published;
import cn.fazhi.pulse.sink.SnapshotStream.Row;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.testkit.Backends;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * What the sink's integration tests share (docs/architecture.md, "The sink"): a fresh migrated
 * database per test, what it holds, and waiting for the sink to store a stream. The streams are
 * {@link SnapshotStream}'s, the sink runs as a {@link SinkThread} or a {@link SinkProcess}.
 *
 * <p>The broker and its topics are shared by every IT of the module's JVM, and the sink reads the
 * one {@code fazhi.indicators}: a test isolates itself by a database of its own whose
 * {@code sink_offset} starts at the topic's end ({@link #startAt}), so that its sink reads
 * only what the test publishes next, by a consumer group of its own ({@link #group}), and by scope
 * codes that start with a letter per test and a tag per run ({@link #RUN}). No test depends on
 * another, or on their order. The values come from a fixed, printed seed.
 */
final class SinkFixture {
    /** Fixed so that a failure can be replayed; {@code -Dfazhi.test.seed=...} tries others. */
    static final long SEED = Long.getLong("fazhi.test.seed", 20_261_121L);
    /** Four hex digits in every scope code of this run, so that a rerun on the same broker cannot meet old keys. */
    static final String RUN = UUID.randomUUID().toString().substring(0, 4).toUpperCase();
    /** The updates of a long stream: many batches, so that kills and stops land mid-stream. */
    static final int UPDATES = 100_000;
    /** Small against the stream, whatever the default, so that kills and stops land mid-stream. */
    static final int BATCH_SIZE = 5_000;
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private SinkFixture() {}

    /** A database of the test's own, migrated, whose sink starts at the topic's current end. */
    static Database databaseAtTheTopicsEnd(Backends backends) throws Exception {
        createTopics(backends);
        Database database = freshDatabase(backends);
        startAt(database.jdbi(), topicEnds(backends));
        return database;
    }

    // --- the backends -----------------------------------------------------------------------------

    static void createTopics(Backends backends) throws Exception {
        try (Admin admin = admin(backends)) {
            TopicSetup.ensure(admin, (short) 1);
        }
    }

    static Admin admin(Backends backends) {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers()));
    }

    /** The next offset to be written, per partition of fazhi.indicators. */
    static Map<Integer, Long> topicEnds(Backends backends) throws Exception {
        try (Admin admin = admin(backends)) {
            return TopicSetup.endOffsets(admin, List.of(Topics.INDICATORS.name())).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
        }
    }

    /** Every dead letter whose key starts with the prefix. */
    static List<ConsumerRecord<String, byte[]>> deadLetters(Backends backends, String prefix) {
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

    static String position(RecordMetadata ack) {
        return ack.partition() + "@" + ack.offset();
    }

    /** A consumer group of the test's own, so that no other test's sink shares its partitions. */
    static String group(String test) {
        return "sink-it-" + RUN + "-" + test;
    }

    // --- the database -----------------------------------------------------------------------------

    static Database freshDatabase(Backends backends) {
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        DatabaseSchema.migrate(database.dataSource());
        return database;
    }

    /**
     * The database seen through one connection, kept open by the caller: for a test's own reads,
     * which poll every few milliseconds. A new connection per read (what {@link Database#jdbi()}
     * gives) costs the server a process and both sides a password handshake each time, CPU that
     * the sink under test needs. For one thread at a time.
     */
    static Jdbi onOneConnection(Connection connection) {
        return Jdbi.create(connection).installPlugin(new PostgresPlugin());
    }

    /**
     * The sink resumes where sink_offset says: from the topic's end (as {@link #databaseAtTheTopicsEnd}
     * sets it), it reads only the test's own records.
     */
    static void startAt(Jdbi jdbi, Map<Integer, Long> offsets) {
        jdbi.useHandle(h -> {
            var batch = h.prepareBatch("INSERT INTO sink_offset (topic, partition, next_offset) VALUES (:topic, :partition, :next)");
            offsets.forEach((partition, next) -> batch.bind("topic", Topics.INDICATORS.name()).bind("partition", partition).bind("next", next).add());
            batch.execute();
        });
    }

    static final String COLUMNS =
            "source_partition, source_offset, scope_code, period, indicator, numerator, denominator, value, as_of, updated_at";

    /** The history rows of the scope codes starting with the prefix (all of them for ""), in topic order. */
    static List<Row> history(Jdbi jdbi, String prefix) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM indicator_history WHERE scope_code LIKE :prefix"
                        + " ORDER BY source_partition, source_offset")
                .bind("prefix", prefix + "%").map(SinkFixture::row).list());
    }

    /** The current rows of the scope codes starting with the prefix, by key (sorted here: no collation involved). */
    static List<Row> current(Jdbi jdbi, String prefix) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM indicator_current WHERE scope_code LIKE :prefix")
                .bind("prefix", prefix + "%").map(SinkFixture::row).list()).stream().sorted(Row.BY_KEY).toList();
    }

    static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Row(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBigDecimal(6),
                rs.getBigDecimal(7), (Double) rs.getObject(8), rs.getObject(9, OffsetDateTime.class).toInstant(),
                rs.getObject(10, OffsetDateTime.class).toInstant());
    }

    static long count(Jdbi jdbi, String prefix) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM indicator_history WHERE scope_code LIKE :prefix")
                .bind("prefix", prefix + "%").mapTo(Long.class).one());
    }

    static Map<Integer, Long> storedOffsets(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT partition, next_offset FROM sink_offset WHERE topic = :topic")
                .bind("topic", Topics.INDICATORS.name())
                .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getLong(2))).list())
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** How much of the stream the database says is stored, from 0 to 1 (offsets only: cheap to ask often). */
    static double streamProgress(Jdbi jdbi, Published stream) {
        Map<Integer, Long> stored = storedOffsets(jdbi);
        long done = 0;
        for (Map.Entry<Integer, Long> start : stream.starts().entrySet()) {
            long end = stream.ends().get(start.getKey());
            long next = stored.getOrDefault(start.getKey(), 0L);
            done += Math.max(0, Math.min(next, end) - start.getValue());
        }
        return (double) done / stream.records().size();
    }

    /** Row for row, with a short message (where they differ) instead of two lists of 100,000 rows. */
    static void assertSameRows(String table, List<Row> actual, List<Row> expected) {
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

    static void awaitStored(Jdbi jdbi, Map<Integer, Long> ends, Runnable stillRunning) {
        await("the sink to store every record up to " + ends, () -> reached(storedOffsets(jdbi), ends), stillRunning);
    }

    /** Stored up to the given ends, and the sink itself says it found nothing more to read. */
    static void awaitCaughtUp(Jdbi jdbi, Map<Integer, Long> ends, SinkThread sink) {
        awaitStored(jdbi, ends, sink::assertRunning);
        await("the sink to say it is caught up", sink::caughtUp, sink::assertRunning);
        assertThat(reached(sink.storedThrough(), ends)).as("positions stored through %s reach %s", sink.storedThrough(), ends).isTrue();
    }

    static boolean reached(Map<Integer, Long> stored, Map<Integer, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    static void await(String what, BooleanSupplier done, Runnable stillRunning) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            stillRunning.run();
            if (System.nanoTime() > deadline) {
                fail("waited %d s for %s", PATIENCE.toSeconds(), what);
            }
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

}
