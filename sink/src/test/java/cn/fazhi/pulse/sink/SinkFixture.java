package cn.fazhi.pulse.sink;

import static java.util.Comparator.comparing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.testkit.Backends;
import java.io.IOException;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * What the sink's integration tests share (docs/architecture.md, "The sink"): streams of snapshot
 * updates published with increasing record timestamps by an idempotent producer, a fresh migrated
 * database per test, the sink on a thread or in a process of its own, and the rows both tables
 * must end with — one history row per source record, the newest value per key in the current
 * table.
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
    static final int SCOPES = 250;
    static final List<String> PERIODS = List.of("2020", "2020-Q4", "2020-12");
    static final List<String> INDICATORS =
            List.of("mediation.accepted", "mediation.success_rate", "petition.received", "petition.on_time_rate");
    static final Instant AS_OF = Instant.parse("2020-12-30T02:00:00Z");
    /** Small against the stream, whatever the default, so that kills and stops land mid-stream. */
    static final int BATCH_SIZE = 5_000;
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final Path PROCESS_LOG = Path.of("target", "sink-process.log");

    private SinkFixture() {}

    /**
     * A test's own stream of {@code count} updates, published after its database was set to start
     * at the topic's end, a millisecond apart from a day ago (increasing, and well inside what the
     * broker accepts).
     */
    static Published longStream(Backends backends, String prefix, int count, long seed) throws Exception {
        System.out.printf("[sink IT] seed %d (-Dfazhi.test.seed=N to change it), run tag %s, stream %s%n", SEED, RUN, prefix);
        long firstTimestamp = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        return publish(backends, prefix, updates(prefix, count, new Random(seed)), firstTimestamp, count, Duration.ZERO, () -> {});
    }

    /** A database of the test's own, migrated, whose sink starts at the topic's current end. */
    static Database databaseAtTheTopicsEnd(Backends backends) throws Exception {
        createTopics(backends);
        Database database = freshDatabase(backends);
        startAt(database.jdbi(), topicEnds(backends));
        return database;
    }

    // --- the stream -------------------------------------------------------------------------------

    /** A record as the broker acknowledged it: where it went and what it said. */
    record Sent(int partition, long offset, Instant timestamp, IndicatorSnapshot snapshot) {
        String key() {
            return SinkFixture.key(snapshot);
        }

        Row row() {
            return new Row(partition, offset, snapshot.getScopeCode(), snapshot.getPeriod(), snapshot.getIndicator(),
                    snapshot.getNumerator(), snapshot.getDenominator(), snapshot.getValue(), snapshot.getAsOf(), timestamp);
        }
    }

    /** What a stream of updates must leave in the database. */
    record Published(String prefix, List<Sent> records) {
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
    record Row(int partition, long offset, String scope, String period, String indicator, BigDecimal numerator,
                       BigDecimal denominator, Double value, Instant asOf, Instant updatedAt) {
        static final Comparator<Row> BY_KEY = comparing(Row::scope).thenComparing(Row::period).thenComparing(Row::indicator);
    }

    static List<IndicatorSnapshot> updates(String prefix, int count, Random random) {
        List<IndicatorSnapshot> updates = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            updates.add(snapshot(scope(prefix, random.nextInt(SCOPES)), PERIODS.get(random.nextInt(PERIODS.size())),
                    INDICATORS.get(random.nextInt(INDICATORS.size())), random));
        }
        return updates;
    }

    /** A 12-character scope code: the prefix, then digits. */
    static String scope(String prefix, int n) {
        return prefix + String.format("%0" + (12 - prefix.length()) + "d", n);
    }

    /** Counts for most indicators; rates (some with a zero denominator and no value) for "_rate". */
    static IndicatorSnapshot snapshot(String scope, String period, String indicator, Random random) {
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

    static String key(IndicatorSnapshot snapshot) {
        return snapshot.getScopeCode() + '|' + snapshot.getPeriod() + '|' + snapshot.getIndicator();
    }

    static ProducerRecord<String, byte[]> record(IndicatorSnapshot snapshot, long timestamp) {
        return new ProducerRecord<>(Topics.INDICATORS.name(), null, timestamp, key(snapshot),
                Topics.INDICATORS.valueSerde().serializer().serialize(Topics.INDICATORS.name(), snapshot));
    }

    /**
     * The bytes a producer outside the pipeline could write: the released schema, but a decimal
     * beyond its declared precision, which Avro's own writer refuses and its reader accepts.
     */
    static byte[] encodedWithoutPrecisionCheck(IndicatorSnapshot snapshot) {
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
    static Published publish(Backends backends, String prefix, List<IndicatorSnapshot> updates, long firstTimestamp,
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

    static List<RecordMetadata> send(Backends backends, List<ProducerRecord<String, byte[]>> records, int chunk,
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
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, Topics.INDICATORS.partitions()).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(Topics.INDICATORS.name(), p), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
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

    // --- the sink ---------------------------------------------------------------------------------

    /** The sink on a thread of this JVM, as the app runs it; it retries every second at most while the database is away. */
    static final class SinkThread implements AutoCloseable {
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
    static Process startSinkProcess(Backends backends, Database database, String group) throws IOException {
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

    static void assertAlive(Process process) {
        if (!process.isAlive()) {
            fail("the sink process stopped by itself with status %d; see %s", process.exitValue(), PROCESS_LOG.toAbsolutePath());
        }
    }
}
