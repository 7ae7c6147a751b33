package cn.fazhi.pulse.web;

import static cn.fazhi.pulse.web.WebStack.XK;
import static cn.fazhi.pulse.web.WebStack.YLQ;
import static cn.fazhi.pulse.web.WebStack.rate;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.store.access.AccessScope;
import cn.fazhi.pulse.store.access.AuditLog;
import cn.fazhi.pulse.store.access.Role;
import cn.fazhi.pulse.store.access.Submission;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import cn.fazhi.pulse.web.access.AccessGate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sessions, CSRF, the sign-in limit, a clerk's live stream and the audit trail, over HTTP against the real broker and database. */
@ExtendWith(PipelineBackends.class)
class AccessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "ylq-clerk-password";
    private static WebStack stack;
    private static String clerkToken;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(Backends backends) throws Exception {
        stack = new WebStack(backends, WebSettings.DEFAULT_MAX_REQUEST_BYTES);
        stack.registerTowns();
        stack.accounts.add("ylq-clerk", Role.CLERK, new AccessScope(YLQ), PASSWORD.toCharArray());
        stack.accounts.add("xk-clerk", Role.CLERK, new AccessScope(XK), PASSWORD.toCharArray());
        clerkToken = stack.accounts.createToken("ylq-clerk", Duration.ofDays(1)).secret();
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    /** A signed-in browser: its cookies as sent back, and the CSRF token the page would send. */
    record Session(String cookieHeader, String csrfToken, HttpResponse<String> answer) {}

    private Session signIn(String name, String password, String address) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(stack.uri("/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> cookies = response.headers().allValues("Set-Cookie");
        String cookieHeader = String.join("; ", cookies.stream().map(c -> c.substring(0, c.indexOf(';'))).toList());
        String csrf = response.statusCode() == 200 ? JSON.readTree(response.body()).get("csrfToken").asText() : null;
        return new Session(cookieHeader, csrf, response);
    }

    private HttpResponse<String> postWithCookie(Session session, String body, String csrf) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.uri("/api/events")).header("Cookie", session.cookieHeader())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) {
            request.header(AccessGate.CSRF_HEADER, csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldSetAnHttpOnlySameSiteSessionCookieWhenAClerkSignsIn() throws Exception {
        Session session = signIn("ylq-clerk", PASSWORD, null);

        assertThat(session.answer().statusCode()).as(session.answer().body()).isEqualTo(200);
        assertThat(session.answer().headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith(AccessGate.SESSION_COOKIE + "=")
                .containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict"));
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(stack.uri("/api/me")).header("Cookie", session.cookieHeader()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(me.body()).get("role").asText()).isEqualTo("clerk");
    }

    @Test
    void shouldRefuseACookieAuthenticatedPostWhenTheCsrfTokenIsMissingOrWrong() throws Exception {
        Session session = signIn("ylq-clerk", PASSWORD, null);
        long before = stack.eventsOnTopics();

        HttpResponse<String> without = postWithCookie(session, AccessMatrixIT.mediation(YLQ), null);
        HttpResponse<String> wrong = postWithCookie(session, AccessMatrixIT.mediation(YLQ), "not-the-token");

        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(without.body()).get("错误").asText()).contains("CSRF");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(stack.eventsOnTopics()).isEqualTo(before);
        assertThat(postWithCookie(session, AccessMatrixIT.mediation(YLQ), session.csrfToken()).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldRefuseTheRightPasswordWhenTheAccountHasFailedTooOften() throws Exception {
        stack.accounts.add("guessed", Role.CLERK, new AccessScope(YLQ), PASSWORD.toCharArray());
        for (int i = 0; i < 5; i++) {
            assertThat(signIn("guessed", "wrong-password-" + i, null).answer().statusCode()).isEqualTo(401);
        }

        HttpResponse<String> right = signIn("guessed", PASSWORD, null).answer();

        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.headers().firstValue("Retry-After")).isPresent();
        assertThat(right.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void shouldEndTheSessionWhenTheClerkSignsOut() throws Exception {
        Session session = signIn("ylq-clerk", PASSWORD, null);

        HttpResponse<String> out = http.send(HttpRequest.newBuilder(stack.uri("/logout")).header("Cookie", session.cookieHeader())
                .header(AccessGate.CSRF_HEADER, session.csrfToken()).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(stack.uri("/api/me")).header("Cookie", session.cookieHeader()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldDeliverTheClerksTownAndNotTheNeighbourWhenBothChange() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        http.sendAsync(WebStack.bearer(HttpRequest.newBuilder(stack.uri("/api/stream?scope=" + YLQ)), clerkToken)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(lines::add));
        awaitLine(lines, "event: ready");

        stack.publish(rate(XK, "2023-04", "mediation.success_rate", 1, 3), rate(YLQ, "2023-04", "mediation.success_rate", 2, 3),
                rate(XK, "2023-05", "mediation.success_rate", 1, 3));

        List<String> data = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (data.stream().noneMatch(d -> d.contains(YLQ)) && System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith("data: ")) {
                data.add(line);
            }
        }
        // the second neighbour snapshot was published after the clerk's: had it been sent, it would be there by now
        Thread.sleep(1000);
        String line;
        while ((line = lines.poll()) != null) {
            if (line.startsWith("data: ")) {
                data.add(line);
            }
        }
        assertThat(data).anySatisfy(d -> assertThat(d).contains("\"scope\":\"" + YLQ + "\""));
        assertThat(data).noneSatisfy(d -> assertThat(d).contains(XK));
    }

    @Test
    void shouldRecordOneAuditRowPerEventAndCarryTheSubmitterWhenAClerkSubmits() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String first = AccessMatrixIT.mediation(YLQ);
        String second = AccessMatrixIT.mediation(YLQ);
        Map<TopicPartition, Long> ends = ends();

        HttpResponse<String> response = stack.post("/api/events", first + "\n" + second, clerkToken);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<Submission> rows = new AuditLog(stack.database.jdbi()).forTown(YLQ, before).stream()
                .filter(s -> s.accountName().equals("ylq-clerk") && s.outcome().equals(Submission.ACCEPTED)).toList();
        assertThat(rows).extracting(Submission::eventId).contains(id(first), id(second));
        assertThat(rows).allSatisfy(s -> {
            assertThat(s.channel()).isEqualTo("token");
            assertThat(s.sourceAddress()).isNotBlank();
            assertThat(s.tokenId()).isNotNull();
        });
        JsonNode submitter = JSON.readTree(submitterOf(id(first), ends));
        assertThat(submitter.get("account").asText()).isEqualTo("ylq-clerk");
        assertThat(submitter.get("channel").asText()).isEqualTo("token");
    }

    @Test
    void shouldIgnoreAForgedSubmitterAndRecordTheRefusalWhenTheBodyClaimsOne() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String forged = AccessMatrixIT.mediation(YLQ).replace("}", ",\"submitter\":\"someone-else\",\"fazhi.submitter\":\"someone-else\"}");
        long eventsBefore = stack.eventsOnTopics();

        HttpResponse<String> response = stack.post("/api/events", forged, clerkToken);

        assertThat(response.statusCode()).as("not a field of any event: refused like any unknown field").isEqualTo(400);
        assertThat(stack.eventsOnTopics()).isEqualTo(eventsBefore);
        List<Submission> rows = new AuditLog(stack.database.jdbi()).forTown(YLQ, before);
        assertThat(rows).anySatisfy(s -> {
            assertThat(s.accountName()).isEqualTo("ylq-clerk");
            assertThat(s.outcome()).isEqualTo(Submission.REFUSED);
        });
        assertThat(rows).noneSatisfy(s -> assertThat(s.accountName()).isEqualTo("someone-else"));
    }

    @Test
    void shouldRecordTheRefusalWhenAClerkSubmitsForAnotherTown() throws Exception {
        Instant before = Instant.now().minusSeconds(1);

        HttpResponse<String> response = stack.post("/api/events", AccessMatrixIT.mediation(XK), clerkToken);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(new AuditLog(stack.database.jdbi()).forTown(XK, before)).singleElement().satisfies(s -> {
            assertThat(s.accountName()).isEqualTo("ylq-clerk");
            assertThat(s.outcome()).isEqualTo(Submission.REFUSED);
            assertThat(s.reason()).contains("outside the scope");
        });
    }

    private static String id(String event) throws Exception {
        return JSON.readTree(event).get("event_id").asText();
    }

    private static Map<TopicPartition, Long> ends() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(EventTopic.MEDIATIONS.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** The submitter header of the event with this id, read from the mediations topic from the given offsets on. */
    private static String submitterOf(String eventId, Map<TopicPartition, Long> from) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (new String(record.value(), StandardCharsets.UTF_8).contains(eventId)) {
                        Header header = record.headers().lastHeader("fazhi.submitter");
                        assertThat(header).as("the submitter header").isNotNull();
                        return new String(header.value(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        throw new AssertionError("event " + eventId + " not found on the topic");
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(stack.kafkaConfig);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void awaitLine(BlockingQueue<String> lines, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String line;
        do {
            line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(line).as("a line " + expected + " within 10 s").isNotNull();
        } while (!line.equals(expected));
    }
}
