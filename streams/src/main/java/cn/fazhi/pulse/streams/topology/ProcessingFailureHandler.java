package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an input record a processor throws on (a rule that cannot take an event, a
 * bug): it goes to the dead-letter topic with its raw bytes and the reason, counts in dq.rejected
 * of its town like a record that broke a rule, and the stream goes on. Without this, the event's
 * contribution would be lost with a log line, and a figure would be wrong with nothing to say so.
 *
 * <p>The dead letter is handed back to Kafka Streams (KIP-1034) rather than sent by a producer of
 * our own: the task's producer sends it, so under exactly-once it commits or aborts with the rest
 * of the task's work, and a task rolled back does not leave a dead letter of a record it will
 * process again.
 */
public final class ProcessingFailureHandler implements ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessingFailureHandler.class);

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String node = context.processorNodeId();
        if (context.topic() == null) {
            // A punctuation (or a record it forwarded) failed: what was being passed on sums the
            // changes of many events, with no one record to set aside, and going on would lose or
            // repeat part of them. Failing rolls the task back to its last commit instead.
            LOG.error("passing on waiting changes failed in {} (task {}); the task stops and is rolled back", node, context.taskId(), exception);
            return Response.fail();
        }
        if (Topics.DEAD_LETTERS.name().equals(context.topic()) || IndicatorTopology.REJECTED_SUBJECTS.equals(node)) {
            // Counting a dead letter failed. It is stored on the dead-letter topic already; writing it
            // (or the signal it became) there again would fail again when it is read back, for ever.
            // Or a valid event's fix failed (rejected-subjects runs in entity-state's tasks, so the
            // record is the event itself): it counts in its entity already, as a dead letter it would
            // count as rejected as well.
            if (Topics.DEAD_LETTERS.name().equals(context.topic())) {
                LOG.error("a dead letter ({}-{}@{}) could not be counted in dq.rejected by {}", context.topic(), context.partition(),
                        context.offset(), node, exception);
            } else {
                LOG.error("the event {}-{}@{} could not take the dead letters it fixes out of dq.rejected ({}); they still count",
                        context.topic(), context.partition(), context.offset(), node, exception);
            }
            return Response.resume();
        }
        String reason = (IndicatorTopology.ENTITY_STATE.equals(node) ? "规则处理失败 / a rule failed" : "处理失败 / processing failed")
                + " (" + node + "): " + FailedRecords.describe(exception);
        LOG.warn("set aside {}-{}@{} as a dead letter: {}", context.topic(), context.partition(), context.offset(), reason);
        return Response.resume(List.of(FailedRecords.deadLetter(context.topic(), context.partition(), context.offset(),
                context.timestamp(), context.sourceRawKey(), context.sourceRawValue(), reason)));
    }
}
