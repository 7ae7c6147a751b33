package cn.fazhi.pulse.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BenignBrokerErrorsTest {
    private final Logger replicaManager = (Logger) LoggerFactory.getLogger(BenignBrokerErrors.LOGGER);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        logged.start();
        replicaManager.addAppender(logged);
        replicaManager.setAdditive(false); // the errors logged here are made up: keep them off the console
        QuietLogging.quietBroker();
    }

    @AfterEach
    void release() {
        replicaManager.detachAppender(logged);
        replicaManager.setAdditive(true);
    }

    @Test
    void shouldDropTheRetriableRefusalOfTransactionsV2() {
        // When the broker refuses a batch that overtook its transaction's first one
        replicaManager.error("Error processing append operation on partition fazhi.evidence-2", new OutOfOrderSequenceException(
                "Invalid sequence number for producer 1 at offset 168895 in partition fazhi.evidence-2: 67 (incoming seq. number). "
                        + "Expected sequence 0 for transactions v2 idempotent producer with no existing state."));

        // Then nothing reaches the console
        assertThat(logged.list).isEmpty();
    }

    @Test
    void shouldKeepEveryOtherError() {
        // When the same logger reports a real gap in the sequence, and another error
        replicaManager.error("Error processing append operation on partition p-0", new OutOfOrderSequenceException(
                "Out of order sequence number for producer 1674 at offset 548171 in partition p-0: 51 (incoming seq. number), "
                        + "49 (current end sequence number)"));
        replicaManager.error("Error processing append operation on partition p-0", new IllegalStateException("disk full"));

        // Then both show, installing twice changed nothing
        QuietLogging.quietBroker();
        assertThat(logged.list).hasSize(2);
        assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList())
                .filteredOn(BenignBrokerErrors.class::isInstance).hasSize(1);
    }
}
