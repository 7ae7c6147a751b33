package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.Database;

import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.serde.ValueSerdes;
import cn.fazhi.pulse.sink.internal.SqlErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop: reads snapshots and town reference data, decodes them into a {@link SinkBatch},
 * and has {@link SnapshotWriter} store each batch together with its offsets — in the background
 * ({@link WriteInFlight}), while the loop reads the next batch. Offsets live in the database, so a
 * crash at any point resumes exactly, and every rebalance seeks to them. A write that fails goes to
 * {@link BatchRecovery}: while the database is away the loop pauses its consumer and retries; a
 * record that can never be stored goes to the dead-letter topic ({@link DeadLetterSender}) and the
 * loop goes on; anything else stops the sink with a {@link PermanentSinkException} that says what
 * to check.
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
    private final Retry retry;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong snapshotsWritten = new AtomicLong();
    private final AtomicLong recordsRead = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile Map<TopicPartition, Long> storedThrough = Map.of();
    private volatile RuntimeException failure;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile DeadLetterSender deadLetters;

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
        this.retry = new Retry(settings.backoff(), failure -> SqlErrors.toSinkException(failure, databaseUrl));
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig());
             DeadLetterSender deadLetters = new DeadLetterSender(kafkaConfig, values.serializer())) {
            consumer = kafka;
            this.deadLetters = deadLetters;
            // One try at a batch: its undecodable records set aside first, then its rows and offsets.
            BatchWrite attempt = batch -> {
                deadLetters.send(batch.rejected());
                writer.write(batch);
            };
            BatchRecovery recovery = new BatchRecovery(attempt, retry,
                    new RefusedRecordSearch(writer::write, deadLetters::sendRefused, databaseUrl));
            kafka.subscribe(TOPICS, new ResumeFromDatabase(kafka));
            while (running) {
                SinkBatch next = poll(kafka); // meanwhile, the batch before it is being written
                finishWriteInFlight(kafka, recovery);
                if (!next.isEmpty()) {
                    caughtUp = false;
                    inFlight.start(next, attempt::write);
                } else {
                    caughtUp = isCaughtUp(kafka);
                }
            }
            // close(): the batch that was being written and the one read meanwhile are both stored
            finishWriteInFlight(kafka, recovery);
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
            LOG.info("sink stopped after {} snapshots ({} dead letters)", snapshotsWritten.get(), deadLettered());
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
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
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

    /** Records set aside on the dead-letter topic so far. */
    public long deadLettered() {
        DeadLetterSender sender = deadLetters;
        return sender == null ? 0 : sender.sent();
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
                batch.reject(rejected(record, "不是指标快照或镇街登记 / neither a snapshot nor a town registration: " + value.getSchema().getFullName()));
            }
        } catch (RuntimeException e) {
            batch.reject(rejected(record, "无法解码 / cannot decode: " + e.getMessage()));
        }
    }

    private static SinkBatch.Rejected rejected(ConsumerRecord<String, byte[]> record, String reason) {
        return new SinkBatch.Rejected(record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason);
    }

    /** The batch written in the background, if any: counted once stored, else stored here. */
    private void finishWriteInFlight(KafkaConsumer<String, byte[]> kafka, BatchRecovery recovery) {
        inFlight.finish().ifPresent(write -> {
            if (write.stored()) {
                snapshotsWritten.addAndGet(write.batch().history().size());
            } else {
                int[] waits = {0};
                long stored = recovery.store(write.batch(), write.failure(), (failures, wait, why) -> {
                    waits[0] = failures;
                    waitPaused(kafka, failures, wait, why);
                });
                snapshotsWritten.addAndGet(stored);
                kafka.resume(kafka.paused());
                if (waits[0] > 0) {
                    LOG.info("database {} is back; batch written after {} attempts", databaseUrl, waits[0] + 1);
                }
            }
        });
    }

    /**
     * Waits out a database that is away with the consumer paused: it keeps polling, so that it
     * stays in the group, but reads nothing more until the batch in hand is stored. Gives up once
     * asked to stop (after a few tries), leaving the batch to be read again on restart.
     */
    private void waitPaused(KafkaConsumer<String, byte[]> kafka, int failures, Duration wait, RetriableSinkException failure) {
        kafka.pause(kafka.assignment());
        LOG.warn("waiting for database {} (attempt {}, next in {} ms): {}", databaseUrl, failures, wait.toMillis(),
                SqlErrors.rootMessage(failure));
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            kafka.poll(Duration.ofMillis(Math.min(100, wait.toMillis())));
        }
        if (!running && failures > 3) {
            throw new RetriableSinkException("stopped while the database " + databaseUrl
                    + " was unreachable; the batch will be read again on restart", failure);
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

        /** Where to resume, waiting while the database is away (sleeping: a rebalance callback cannot poll). */
        private Map<TopicPartition, Long> storedOffsetsWaitingForDatabase() {
            return retry.run(writer::storedOffsets, (failures, wait, failure) -> {
                if (!running) {
                    throw failure;
                }
                LOG.warn("waiting for database {} to read where to resume: {}", databaseUrl, SqlErrors.rootMessage(failure));
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new RetriableSinkException("interrupted while waiting for the database", interrupted);
                }
            });
        }
    }
}
