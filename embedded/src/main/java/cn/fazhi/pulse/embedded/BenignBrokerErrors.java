package cn.fazhi.pulse.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Drops the one ERROR a busy in-process broker logs for something that is not an error: with
 * transactions v2 (Kafka 4), a transactional producer that sends several batches to a partition at
 * once can have a later batch reach the broker before the transaction's first one, and the broker
 * refuses it with a retriable out-of-order-sequence error (KAFKA-18202) that the producer answers by
 * sending it again. Nothing is lost, but the broker logs each refusal at ERROR with a stack trace,
 * hundreds of them in a bulk import, and a person reading that console would rightly take them for
 * a failure. Only that exact refusal is dropped; any other out-of-order sequence still shows.
 *
 * <p>Installed on Logback's context when a broker starts in this JVM; this class is loaded only
 * when Logback is the SLF4J backend (the module's dependency on it is optional).
 */
final class BenignBrokerErrors extends TurboFilter {
    static final String LOGGER = "kafka.server.ReplicaManager";
    static final String RETRIABLE_REFUSAL = "for transactions v2 idempotent producer with no existing state";
    private static final String EXCEPTION = "org.apache.kafka.common.errors.OutOfOrderSequenceException";

    /** Adds the filter to Logback's context, once. Only to be called when Logback is the backend. */
    static void install() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        synchronized (BenignBrokerErrors.class) {
            if (context.getTurboFilterList().stream().noneMatch(BenignBrokerErrors.class::isInstance)) {
                BenignBrokerErrors filter = new BenignBrokerErrors();
                filter.setName("benign-broker-errors");
                filter.start();
                context.addTurboFilter(filter);
            }
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable thrown) {
        boolean benign = thrown != null && LOGGER.equals(logger.getName()) && EXCEPTION.equals(thrown.getClass().getName())
                && thrown.getMessage() != null && thrown.getMessage().contains(RETRIABLE_REFUSAL);
        return benign ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
