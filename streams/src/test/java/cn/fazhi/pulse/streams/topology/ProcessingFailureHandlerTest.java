package cn.fazhi.pulse.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Result;
import org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * The cases of a processing failure that no real input of the topology reaches today (a
 * punctuation, a dead letter that cannot be counted), with the context Kafka Streams itself
 * builds; a rule failing on an event is in {@link IndicatorTopologyTest} and IndicatorStreamsIT.
 */
class ProcessingFailureHandlerTest {
    private static final long ARRIVED = 1_609_372_800_000L;
    private final ProcessingFailureHandler handler = new ProcessingFailureHandler();

    @Test
    void shouldFailTheTaskWhenAPunctuationFails() {
        // A punctuation's context has no topic: Kafka Streams builds it so
        ErrorHandlerContext punctuation = context(null, -1, -1, "scope-period-figures", null, null);

        Response response = handler.handleError(punctuation, null, new IllegalStateException("boom"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldFailTheTaskWhenARecordForwardedByAPunctuationFails() {
        ErrorHandlerContext punctuation = context(null, -1, -1, "changes-by-city-repartition-filter", null, null);

        Response response = handler.handleError(punctuation, new Record<>("370323106000|2020-03", "figures", ARRIVED),
                new IllegalStateException("boom"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
    }

    @Test
    void shouldGoOnWithoutWritingItAgainWhenARejectedSubjectCannotBeCounted() {
        ErrorHandlerContext counting = context("topology-harness-" + IndicatorTopology.SUBJECTS_REPARTITION + "-repartition", 0, 7,
                IndicatorTopology.REJECTED_SUBJECTS, "k", "raw");

        Response response = handler.handleError(counting, new Record<>("k", "raw".getBytes(StandardCharsets.UTF_8), ARRIVED),
                new IllegalStateException("boom"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).as("it would loop through the dead-letter topic").isEmpty();
    }

    @Test
    void shouldGoOnWithoutADeadLetterWhenAValidEventCannotFixARejectedSubject() {
        // rejected-subjects runs in entity-state's tasks: a valid event reaches it from its own topic
        ErrorHandlerContext fixing = context(EventTopic.MEDIATIONS.topicName(), 2, 41, IndicatorTopology.REJECTED_SUBJECTS,
                "370323106000|mediation|m-1", "raw event");

        Response response = handler.handleError(fixing, new Record<>("370323106000|mediation|m-1", "signal", ARRIVED),
                new IllegalStateException("boom"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).as("the event counts in its entity already").isEmpty();
    }

    @Test
    void shouldGoOnWithoutWritingItAgainWhenADeadLetterCannotBeCounted() {
        ErrorHandlerContext counting = context(Topics.DEAD_LETTERS.name(), 0, 7, "dead-letter-subject", "k", "raw");

        Response response = handler.handleError(counting, new Record<>("k", "raw".getBytes(StandardCharsets.UTF_8), ARRIVED),
                new IllegalStateException("boom"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).as("it would loop").isEmpty();
    }

    @Test
    void shouldWriteTheRawRecordWithTheTownOfItsKeyWhenAProcessorFailsOnIt() {
        ErrorHandlerContext failing = context(EventTopic.MEDIATIONS.topicName(), 2, 41, IndicatorTopology.ENTITY_STATE,
                "370323106000|mediation|m-1", "raw event");

        Response response = handler.handleError(failing, new Record<>("370323106000|mediation|m-1", "event", ARRIVED),
                new ArithmeticException("Overflow"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        assertThat(dead.timestamp()).as("counted in the month it arrived").isEqualTo(ARRIVED);
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("370323106000|mediation|m-1");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("raw event");
        assertThat(DeadLetter.from(dead.headers())).isEqualTo(new DeadLetter(DeadLetter.Stage.STREAMS,
                EventTopic.MEDIATIONS.topicName(), "2@41", "370323106000",
                "规则处理失败 / a rule failed (entity-state): ArithmeticException: Overflow"));
    }

    @Test
    void shouldLeaveTheTownOutWhenTheKeyDoesNotStartWithOne() {
        ErrorHandlerContext failing = context(EventTopic.MEDIATIONS.topicName(), 0, 3, "validate", "not-a-town|x", "raw");

        Response response = handler.handleError(failing, new Record<>("not-a-town|x", "raw", ARRIVED), new NullPointerException());

        DeadLetter letter = DeadLetter.from(response.deadLetterQueueRecords().get(0).headers());
        assertThat(letter.townCode()).isNull();
        assertThat(letter.reason()).isEqualTo("处理失败 / processing failed (validate): NullPointerException");
    }

    private static ErrorHandlerContext context(String topic, int partition, long offset, String node, String rawKey, String rawValue) {
        return new DefaultErrorHandlerContext(null, topic, partition, offset, new RecordHeaders(), node, new TaskId(0, Math.max(0, partition)),
                ARRIVED, bytes(rawKey), bytes(rawValue));
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
