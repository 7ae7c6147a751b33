package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.Database;

import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.DeadLetters;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.serde.ValueSerdes;
import org.apache.kafka.common.serialization.Serde;
import cn.fazhi.pulse.sink.internal.SqlErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop: reads snapshots and town reference data, hands them to {@link SinkBatch}, and has
 * {@link SnapshotWriter} store each batch together with its offsets — in the background
 * ({@link WriteInFlight}), while the loop reads the next batch. Offsets live in the database, so a
 * crash at any point resumes exactly; while the database is away the loop pauses and retries;
 * a record that can never be stored goes to the dead-letter topic and the loop goes on.
 */
public final class IndicatorSink implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndicatorSink.class);
    private static final List<String> TOPICS = List.of(Topics.INDICATORS.name(), EventTopic.TOWNS.topicName(), Topics.EVIDENCE.name());

    private final Map<String, Object> kafkaConfig;
    private final SnapshotWriter writer;
    private final WriteInFlight inFlight = new WriteInFlight();
    private final SinkSettings settings;
    private final String databaseUrl;
    private final Serde<SpecificRecord> values;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong snapshotsWritten = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong recordsRead = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile Map<TopicPartition, Long> storedThrough = Map.of();
    private volatile RuntimeException failure;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /**
     * @param kafkaConfig client settings shared by the sink's consumer and dead-letter producer
     *     (at least {@code bootstrap.servers})
     */
    public IndicatorSink(Map<String, Object> kafkaConfig, Database database, SinkSettings settings) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.values = ValueSerdes.fromConfig(kafkaConfig);
        this.writer = new SnapshotWriter(database.jdbi(), settings.connections());
        this.settings = settings;
        this.databaseUrl = database.jdbcUrl();
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig());
             KafkaProducer<String, byte[]> deadLetters = new KafkaProducer<>(producerConfig())) {
            consumer = kafka;
            kafka.subscribe(TOPICS, new ResumeFromDatabase(kafka));
            while (running) {
                SinkBatch next = poll(kafka); // meanwhile, the batch before it is being written
                finishWriteInFlight(kafka, deadLetters);
                if (!next.isEmpty()) {
                    caughtUp = false;
                    inFlight.start(next, batch -> attempt(deadLetters, batch));
                } else {
                    caughtUp = isCaughtUp(kafka);
                }
            }
            // close(): the batch that was being written and the one read meanwhile are both stored
            finishWriteInFlight(kafka, deadLetters);
        } catch (WakeupException e) {
            // close() while idle or waiting out an outage: nothing read is left unwritten but what
            // the database could not take, which the next start reads again
        } catch (RuntimeException e) {
            // The consumer wraps what the rebalance listener throws ("User rebalance callback throws
            // an error"); the operator needs the sink's own message, which says what to check.
            RuntimeException reason = e.getCause() instanceof SinkException own ? own : e;
            failure = reason;
            LOG.error("the sink stopped: {}", reason.getMessage());
            throw reason;
        } finally {
            inFlight.close();
            writer.close();
            stopped.countDown();
            LOG.info("sink stopped after {} snapshots ({} dead letters)", snapshotsWritten.get(), deadLettered.get());
        }
    }

    /**
     * Asks the loop to stop and waits until it has: it first stores the batch being written and the
     * one it was reading meanwhile (unless the database is away), so that when it returns the
     * offsets in the database cover every record read.
     */
    @Override
    public void close() throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        stopped.await();
    }

    /** True when the last poll found nothing and every assigned partition was read to its end. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Per assigned partition, the offset before which every record is stored, as of the last time
     * the sink found nothing more to read. Unlike the offsets in the database (the last stored
     * record's, plus one), these count the transaction markers after it: compare them with the
     * partitions' end offsets to tell that everything published so far is stored.
     */
    public Map<TopicPartition, Long> storedThrough() {
        return storedThrough;
    }

    /** Why the sink stopped on its own, if it did. */
    public java.util.Optional<RuntimeException> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    public long snapshotsWritten() {
        return snapshotsWritten.get();
    }

    /**
     * Records read from the topics, stored or not yet: after close(), every one of them is stored,
     * unless the database was away.
     */
    public long recordsRead() {
        return recordsRead.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    private SinkBatch poll(KafkaConsumer<String, byte[]> kafka) {
        SinkBatch batch = new SinkBatch();
        long deadline = System.nanoTime() + settings.linger().toNanos();
        do {
            ConsumerRecords<String, byte[]> records;
            try {
                records = kafka.poll(settings.linger());
            } catch (WakeupException e) {
                if (running) {
                    throw e;
                }
                break; // asked to stop: what was read so far is written before the loop ends
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                add(batch, record);
            }
            if (records.isEmpty()) {
                break;
            }
        } while (running && batch.size() < settings.batchSize() && System.nanoTime() < deadline);
        return batch;
    }

    private void add(SinkBatch batch, ConsumerRecord<String, byte[]> record) {
        recordsRead.incrementAndGet();
        batch.consumed(record.topic(), record.partition(), record.offset());
        if (record.value() == null) {
            return; // a tombstone: compaction markers carry nothing to store
        }
        try {
            SpecificRecord value = values.deserializer().deserialize(record.topic(), record.value());
            if (value instanceof IndicatorSnapshot snapshot) {
                batch.addSnapshot(new SinkBatch.Entry(snapshot, record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                        record.key(), record.value()));
            } else if (value instanceof EntityEvidence evidence) {
                batch.addEvidence(new SinkBatch.EvidenceEntry(record.key(), evidence, record.partition(), record.offset(),
                        Instant.ofEpochMilli(record.timestamp())));
            } else if (value instanceof TownRegistered town) {
                batch.addTown(town);
            } else {
                batch.reject(record, "不是指标快照或镇街登记 / neither a snapshot nor a town registration: " + value.getSchema().getFullName());
            }
        } catch (RuntimeException e) {
            batch.reject(record, "无法解码 / cannot decode: " + e.getMessage());
        }
    }

    /** The batch written in the background, if any: counted once stored, else stored here. */
    private void finishWriteInFlight(KafkaConsumer<String, byte[]> kafka, KafkaProducer<String, byte[]> deadLetters) {
        inFlight.finish().ifPresent(write -> {
            if (write.stored()) {
                snapshotsWritten.addAndGet(write.batch().history().size());
            } else {
                recover(kafka, deadLetters, write.batch(), write.failure());
            }
        });
    }

    /** One try at storing a batch: its refused records set aside first, then its rows and offsets. */
    private void attempt(KafkaProducer<String, byte[]> deadLetters, SinkBatch batch) {
        sendDeadLetters(deadLetters, batch.rejected());
        writer.write(batch);
    }

    /**
     * A batch whose write failed, stored by the loop itself before it goes on: the database waited
     * for (the consumer paused, the batch read meanwhile held), a refused record isolated, or the
     * sink stopped on an error no wait will fix.
     */
    private void recover(KafkaConsumer<String, byte[]> kafka, KafkaProducer<String, byte[]> deadLetters, SinkBatch batch,
                         RuntimeException firstFailure) {
        Duration backoff = Duration.ofMillis(200);
        RuntimeException failure = firstFailure;
        for (int failed = 1; ; failed++) {
            switch (SqlErrors.classify(failure)) {
                case FATAL -> throw new SinkException(fatalMessage(failure), false, failure);
                case BAD_RECORD -> {
                    writeIsolatingRefused(deadLetters, batch);
                    kafka.resume(kafka.paused());
                    return;
                }
                case RETRIABLE -> {
                    kafka.pause(kafka.assignment());
                    LOG.warn("waiting for database {} (attempt {}, next in {} ms): {}", databaseUrl, failed, backoff.toMillis(), rootMessage(failure));
                    sleepPolling(kafka, backoff);
                    backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
                }
            }
            if (!running && failed > 3) {
                throw new SinkException("stopped while the database " + databaseUrl + " was unreachable; the batch will be read again on restart", true, failure);
            }
            try {
                attempt(deadLetters, batch);
                snapshotsWritten.addAndGet(batch.history().size());
                kafka.resume(kafka.paused());
                LOG.info("database {} is back; batch written after {} attempts", databaseUrl, failed + 1);
                return;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }

    /**
     * A batch with a record the database refuses: the towns alone, then the snapshots in halves,
     * and halves of each half that fails, down to the records refused, which are set aside.
     */
    private void writeIsolatingRefused(KafkaProducer<String, byte[]> deadLetters, SinkBatch batch) {
        try {
            writer.write(batch.townsOnly());
        } catch (RuntimeException e) {
            requireRefusal(e);
            throw new SinkException("the database refused town reference data: " + rootMessage(e), false, e);
        }
        for (SinkBatch half : batch.halves()) {
            writeOrHalve(deadLetters, half);
        }
        writer.write(batch.offsetsOnly()); // past the tombstones and undecodable records too
    }

    private void writeOrHalve(KafkaProducer<String, byte[]> deadLetters, SinkBatch part) {
        try {
            writer.write(part);
            snapshotsWritten.addAndGet(part.history().size());
        } catch (RuntimeException e) {
            requireRefusal(e);
            if (part.history().size() == 1) {
                setAside(deadLetters, part.history().get(0), e);
                writer.write(part.offsetsOnly());
            } else {
                for (SinkBatch half : part.halves()) {
                    writeOrHalve(deadLetters, half);
                }
            }
        }
    }

    /** Taking a batch apart helps only while the database refuses records: any other failure ends it. */
    private static void requireRefusal(RuntimeException e) {
        if (SqlErrors.classify(e) != SqlErrors.Kind.BAD_RECORD) {
            throw new SinkException("database failed while isolating a bad record: " + rootMessage(e), true, e);
        }
    }

    /** A snapshot the database refuses on its own goes to the dead-letter topic as it was read. */
    private void setAside(KafkaProducer<String, byte[]> deadLetters, SinkBatch.Entry entry, RuntimeException refusal) {
        // The record's own bytes: encoding the snapshot again can fail for the very value refused.
        byte[] value = entry.recordValue() != null
                ? entry.recordValue()
                : values.serializer().serialize(Topics.INDICATORS.name(), entry.snapshot());
        String key = entry.recordKey() != null ? entry.recordKey() : entry.key();
        // Mutable: sendDeadLetters clears what it has sent.
        sendDeadLetters(deadLetters, new ArrayList<>(List.of(new SinkBatch.Rejected(Topics.INDICATORS.name(), entry.partition(),
                entry.offset(), key, value, "数据库拒绝写入 / the database refused it: " + rootMessage(refusal)))));
    }

    private void sendDeadLetters(KafkaProducer<String, byte[]> producer, Collection<SinkBatch.Rejected> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        List<java.util.concurrent.Future<?>> sends = new java.util.ArrayList<>();
        for (SinkBatch.Rejected r : rejected) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEAD_LETTERS.name(), r.key(), r.value());
            DeadLetters.add(record.headers(), DeadLetters.REASON, r.reason());
            DeadLetters.add(record.headers(), DeadLetters.STAGE, "sink");
            DeadLetters.add(record.headers(), DeadLetters.SOURCE, r.topic());
            DeadLetters.add(record.headers(), DeadLetters.POSITION, r.partition() + "@" + r.offset());
            String scope = r.key() == null ? null : r.key().split("\\|", 2)[0];
            DeadLetters.add(record.headers(), DeadLetters.TOWN, scope != null && scope.matches("\\d{12}") ? scope : null);
            sends.add(producer.send(record));
            LOG.warn("set aside {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), r.reason());
        }
        producer.flush();
        // The dead letters must be stored before the offsets that skip their records are: a failed
        // send fails the batch, which is then read and tried again.
        for (java.util.concurrent.Future<?> send : sends) {
            try {
                send.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SinkException("interrupted while storing dead letters", true, e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new SinkException("cannot store a dead letter on " + Topics.DEAD_LETTERS.name() + ": " + e.getCause().getMessage(), true, e);
            }
        }
        deadLettered.addAndGet(rejected.size());
        rejected.clear();
    }

    private void sleepPolling(KafkaConsumer<String, byte[]> kafka, Duration backoff) {
        long until = System.nanoTime() + backoff.toNanos();
        while (System.nanoTime() < until) {
            kafka.poll(Duration.ofMillis(Math.min(100, backoff.toMillis()))); // paused: keeps group membership alive
        }
    }

    /** Called with nothing in flight: every record before the positions is stored. */
    private boolean isCaughtUp(KafkaConsumer<String, byte[]> kafka) {
        Set<TopicPartition> assigned = kafka.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> positions = new HashMap<>();
        assigned.forEach(tp -> positions.put(tp, kafka.position(tp)));
        storedThrough = Map.copyOf(positions);
        Map<TopicPartition, Long> ends = kafka.endOffsets(assigned);
        return assigned.stream().allMatch(tp -> positions.get(tp) >= ends.get(tp));
    }

    private String fatalMessage(RuntimeException e) {
        String state = SqlErrors.sqlState(e);
        String hint = state != null && state.startsWith("28")
                ? "check the database user and password"
                : state != null && state.startsWith("42")
                ? "the database schema is not the one this release expects; run the migrations"
                : "check the database URL";
        return "cannot write to " + databaseUrl + " (SQLSTATE " + state + "): " + rootMessage(e) + " — " + hint;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batchSize());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** On every assignment, continue from the offsets the database holds, not the group's. */
    private final class ResumeFromDatabase implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> kafka;

        ResumeFromDatabase(KafkaConsumer<String, byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            inFlight.awaitEnd(); // its offsets, if it commits, are where to resume
            Map<TopicPartition, Long> stored = storedOffsetsWaitingForDatabase();
            for (TopicPartition tp : partitions) {
                Long next = stored.get(tp);
                if (next != null) {
                    kafka.seek(tp, next);
                } else {
                    kafka.seekToBeginning(List.of(tp));
                }
            }
        }

        /** The next owner resumes from the database: let the batch in flight reach it first. */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            inFlight.awaitEnd();
        }

        private Map<TopicPartition, Long> storedOffsetsWaitingForDatabase() {
            Duration backoff = Duration.ofMillis(200);
            while (true) {
                try {
                    return writer.storedOffsets();
                } catch (RuntimeException e) {
                    if (SqlErrors.classify(e) == SqlErrors.Kind.FATAL || !running) {
                        throw new SinkException(fatalMessage(e), false, e);
                    }
                    LOG.warn("waiting for database {} to read where to resume: {}", databaseUrl, rootMessage(e));
                    try {
                        Thread.sleep(backoff.toMillis());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new SinkException("interrupted while waiting for the database", true, interrupted);
                    }
                    backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
                }
            }
        }
    }
}
