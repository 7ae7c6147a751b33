package cn.fazhi.pulse.producers;

import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Told once per event when the broker has stored it ({@code failure} null) or when it could not
 * be stored ({@code stored} null). Runs on the producer's I/O thread: keep it short.
 */
@FunctionalInterface
public interface SendCallback {
    void onCompletion(RecordMetadata stored, DeliveryFailedException failure);
}
