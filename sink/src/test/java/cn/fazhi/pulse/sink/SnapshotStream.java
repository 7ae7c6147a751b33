package cn.fazhi.pulse.sink;

import static java.util.Comparator.comparing;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.testkit.Backends;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Streams of snapshot updates for the sink's ITs, published with increasing record timestamps by
 * an idempotent producer, and the rows they must leave in the database: one history row per
 * record, the newest value per key in the current table. Scope codes start with the test's prefix
 * (a letter per test and {@link SinkFixture#RUN}); values come from a seeded {@link Random}.
 */
final class SnapshotStream {
    static final int SCOPES = 250;
    static final List<String> PERIODS = List.of("2020", "2020-Q4", "2020-12");
    static final List<String> INDICATORS =
            List.of("mediation.accepted", "mediation.success_rate", "petition.received", "petition.on_time_rate");
    static final Instant AS_OF = Instant.parse("2020-12-30T02:00:00Z");

    private SnapshotStream() {}

    /**
     * A test's own stream of {@code count} updates, published after its database was set to start
     * at the topic's end, a millisecond apart from a day ago (increasing, and well inside what the
     * broker accepts).
     */
    static Published longStream(Backends backends, String prefix, int count, long seed) throws Exception {
        System.out.printf("[sink IT] seed %d (-Dfazhi.test.seed=N to change it), run tag %s, stream %s%n", SinkFixture.SEED, SinkFixture.RUN, prefix);
        long firstTimestamp = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        return publish(backends, prefix, updates(prefix, count, new Random(seed)), firstTimestamp, count, Duration.ZERO, () -> {});
    }

    /** A record as the broker acknowledged it: where it went and what it said. */
    record Sent(int partition, long offset, Instant timestamp, IndicatorSnapshot snapshot) {
        String key() {
            return SnapshotStream.key(snapshot);
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
}
