package cn.fazhi.pulse.producers.ingest;

import cn.fazhi.pulse.producers.DeadLetterPublisher;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.schemas.DeadLetter;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;

/** Where an import sends good rows and refused ones: Kafka, or nowhere for {@code --dry-run}. */
public interface ImportTarget {

    /** Sends a good row's event; {@code failed} is told if the broker does not store it. */
    void publish(SpecificRecord event, Consumer<Throwable> failed);

    /**
     * Puts a refused row on the dead-letter topic, so dq.rejected counts it; {@code failed} is told
     * if the broker does not store it.
     */
    void deadLetter(DeadLetter deadLetter, String text, Consumer<Throwable> failed);

    /** Waits until everything sent is acknowledged. */
    void flush();

    static ImportTarget kafka(EventPublisher events, DeadLetterPublisher deadLetters) {
        return kafka(events, deadLetters, List.of());
    }

    /** Kafka, every event sent with these headers (who submitted it, for the evidence). */
    static ImportTarget kafka(EventPublisher events, DeadLetterPublisher deadLetters, List<Header> eventHeaders) {
        return new ImportTarget() {
            @Override
            public void publish(SpecificRecord event, Consumer<Throwable> failed) {
                events.publish(event, eventHeaders, (stored, failure) -> {
                    if (failure != null) {
                        failed.accept(failure);
                    }
                });
            }

            @Override
            public void deadLetter(DeadLetter deadLetter, String text, Consumer<Throwable> failed) {
                deadLetters.publish(deadLetter, text).whenComplete((stored, failure) -> {
                    if (failure != null) {
                        failed.accept(failure);
                    }
                });
            }

            @Override
            public void flush() {
                events.flush();
                deadLetters.flush();
            }
        };
    }

    /** Validates only: nothing is sent anywhere. */
    static ImportTarget dryRun() {
        return new ImportTarget() {
            @Override
            public void publish(SpecificRecord event, Consumer<Throwable> failed) {}

            @Override
            public void deadLetter(DeadLetter deadLetter, String text, Consumer<Throwable> failed) {}

            @Override
            public void flush() {}
        };
    }
}
