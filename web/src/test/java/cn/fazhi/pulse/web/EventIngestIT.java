package cn.fazhi.pulse.web;

import static cn.fazhi.pulse.web.WebStack.YLQ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.producers.DeadLetterNotStoredException;
import cn.fazhi.pulse.producers.DeadLetterPublisher;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.web.ingest.EventIngest;
import cn.fazhi.pulse.testkit.PipelineBackends;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /api/events} over HTTP against the real broker: all or nothing, size limits, one error per bad line. */
@ExtendWith(PipelineBackends.class)
class EventIngestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 64 * 1024;
    private static WebStack stack;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        stack = new WebStack(backends, MAX_BYTES);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    private static String mediation(String field, String value) {
        String id = UUID.randomUUID().toString();
        return "{\"type\":\"MediationAccepted\",\"event_id\":\"it-" + id + "\",\"town_code\":\"" + YLQ + "\",\"occurred_at\":\"2023-01-03T10:00:00+08:00\","
                + "\"office_id\":\"ylq-sfs\",\"mediation_id\":\"m-" + id + "\",\"dispute_type\":\"NEIGHBOR\",\"" + field + "\":\"" + value + "\"}";
    }

    private static String good() {
        return mediation("committee_id", "120111101201-twh");
    }

    @Test
    void shouldPublishAndAnswer202WithTheCountWhenEveryLineIsGood() throws Exception {
        long before = stack.eventsOnTopics();

        HttpResponse<String> response = stack.post("/api/events", good() + "\n" + good() + "\n\n" + good() + "\n");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(3);
        assertThat(stack.eventsOnTopics()).isEqualTo(before + 3);
    }

    @Test
    void shouldAcceptOnePrettyPrintedEventWhenTheBodyIsOneObject() throws Exception {
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(good()));

        HttpResponse<String> response = stack.post("/api/events", pretty);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(1);
    }

    @Test
    void shouldPublishNothingAndNameLineFieldAndReasonWhenOneEventAmongGoodOnesIsBad() throws Exception {
        long before = stack.eventsOnTopics();
        long deadLettersBefore = stack.deadLetters();

        HttpResponse<String> response = stack.post("/api/events", good() + "\n" + mediation("dispute_kind", "x") + "\n" + good());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("错误").asText()).contains("均未发布");
        assertThat(body.get("errors")).hasSize(1);
        JsonNode error = body.get("errors").get(0);
        assertThat(error.get("line").asInt()).isEqualTo(2);
        assertThat(error.get("field").asText()).isEqualTo("dispute_kind");
        assertThat(error.get("reasonZh").asText()).isNotBlank();
        assertThat(error.get("reasonEn").asText()).contains("not a field");
        assertThat(stack.eventsOnTopics()).isEqualTo(before);
        assertThat(stack.deadLetters()).as("the refused line, for dq.rejected and a person to read").isEqualTo(deadLettersBefore + 1);
    }

    @Test
    void shouldAnswer400WithOneErrorPerLineWhenSeveralLinesAreBad() throws Exception {
        HttpResponse<String> response = stack.post("/api/events", "not json\n" + good() + "\n{\"type\":\"NoSuchEvent\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("errors")).extracting(e -> e.get("line").asInt() + ":" + e.get("field").asText())
                .containsExactly("1:", "3:type");
    }

    @Test
    void shouldAnswer400WhenTheBodyIsEmpty() throws Exception {
        assertThat(stack.post("/api/events", "  \n").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswer413AndPublishNothingWhenTheRequestIsTooLarge() throws Exception {
        long before = stack.eventsOnTopics();
        StringBuilder body = new StringBuilder();
        while (body.length() <= MAX_BYTES) {
            body.append(good()).append('\n');
        }

        HttpResponse<String> response = stack.post("/api/events", body.toString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).get("错误").asText()).contains("请求过大");
        assertThat(stack.eventsOnTopics()).isEqualTo(before);
    }

    @Test
    void shouldReportTheFailureInsteadOfTheRefusalWhenTheBrokerDoesNotStoreARefusedLine(Backends backends) {
        // Given a refused line larger than the broker stores (1 MiB by default), and a client that may send it
        Map<String, Object> kafka = Map.of("bootstrap.servers", backends.bootstrapServers(), "max.request.size", 8 * 1024 * 1024);
        try (DeadLetterPublisher deadLetters = new DeadLetterPublisher(kafka)) {
            EventIngest ingest = new EventIngest(new EventJsonCodec(), null, deadLetters, 10);
            EventIngest.Checked checked = ingest.check(mediation("note", "x".repeat(2 * 1024 * 1024)));

            // When / Then
            assertThat(checked.accepted()).isFalse();
            assertThatThrownBy(() -> ingest.recordRefused(checked))
                    .isInstanceOf(DeadLetterNotStoredException.class).hasMessageContaining("line 1");
        }
    }
}
