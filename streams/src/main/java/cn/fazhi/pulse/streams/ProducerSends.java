package cn.fazhi.pulse.streams;

import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * The clients of one Kafka Streams instance, as Kafka's default supplier makes them, with producers
 * that count the records they are handed and those the broker has not acknowledged yet.
 *
 * <p>A processor counts its changes as passed on once it has forwarded them, but a forwarded record
 * is then only in its producer's buffer: until the broker has appended it, no end offset counts it,
 * and the offsets committed before it was forwarded look complete. Whoever tells from offsets that
 * everything has been processed must also know that nothing is still on its way.
 */
final class ProducerSends implements KafkaClientSupplier {
    private final AtomicLong handed = new AtomicLong();
    private final AtomicLong unacknowledged = new AtomicLong();

    /** Records handed to the producers so far; it grows with every send, acknowledged or not. */
    long handed() {
        return handed.get();
    }

    /** Records handed to the producers that the broker has neither acknowledged nor refused for good. */
    long unacknowledged() {
        return unacknowledged.get();
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new CountingProducer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private final class CountingProducer extends KafkaProducer<byte[], byte[]> {
        CountingProducer(Map<String, Object> config) {
            super(config, new ByteArraySerializer(), new ByteArraySerializer());
        }

        /** Every send goes through here: {@code send(record)} calls it with no callback. */
        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            // Unacknowledged first: a reader who sees a send in handed() then sees it here until the broker answers.
            unacknowledged.incrementAndGet();
            handed.incrementAndGet();
            AtomicBoolean answered = new AtomicBoolean();
            Runnable settle = () -> {
                if (answered.compareAndSet(false, true)) {
                    unacknowledged.decrementAndGet();
                }
            };
            try {
                return super.send(record, (metadata, exception) -> {
                    try {
                        if (callback != null) {
                            callback.onCompletion(metadata, exception); // Kafka Streams notes a failure before the count drops
                        }
                    } finally {
                        settle.run();
                    }
                });
            } catch (RuntimeException | Error e) {
                settle.run(); // refused before it was buffered: the callback may not run
                throw e;
            }
        }
    }
}
