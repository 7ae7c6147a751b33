package cn.fazhi.pulse.producers;

import org.apache.kafka.common.errors.RetriableException;

/**
 * An event that was valid but that the broker did not acknowledge within the delivery timeout.
 * {@link #retriable()} says whether sending it again later may succeed (the broker was
 * unreachable or busy) or not (the record is too large, the client is not authorised).
 */
public final class DeliveryFailedException extends PublishException {
    private final String eventId;
    private final boolean retriable;

    public DeliveryFailedException(String eventId, Throwable cause) {
        super("事件 " + eventId + " 未能写入 Kafka / event " + eventId + " was not stored: " + cause.getMessage(), cause);
        this.eventId = eventId;
        this.retriable = cause instanceof RetriableException || cause.getCause() instanceof RetriableException;
    }

    public String eventId() {
        return eventId;
    }

    public boolean retriable() {
        return retriable;
    }
}
