package cn.fazhi.pulse.producers;

import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.Topics;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Refused input whose dead letter the broker did not store: the refusal would count nowhere
 * ({@code dq.rejected}) and no one could read it on the dead-letter topic, so the import or the
 * request that refused it must say so. {@link #retriable()} says whether trying again later may
 * succeed (the broker was unreachable) or not (the record is too large, the client not authorised).
 */
public final class DeadLetterNotStoredException extends PublishException {
    private final transient DeadLetter deadLetter;
    private final boolean retriable;

    public DeadLetterNotStoredException(DeadLetter deadLetter, Throwable cause) {
        super("退回的数据未能写入死信主题 " + Topics.DEAD_LETTERS.name() + "（" + deadLetter.source() + " " + deadLetter.position()
                + "）/ refused input was not stored on " + Topics.DEAD_LETTERS.name() + " (" + deadLetter.source() + ", "
                + deadLetter.position() + "): " + cause.getMessage(), cause);
        this.deadLetter = deadLetter;
        this.retriable = cause instanceof RetriableException || cause.getCause() instanceof RetriableException;
    }

    /** The dead letter that was not stored. */
    public DeadLetter deadLetter() {
        return deadLetter;
    }

    public boolean retriable() {
        return retriable;
    }
}
