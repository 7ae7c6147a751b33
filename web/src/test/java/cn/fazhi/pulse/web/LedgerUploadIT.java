package cn.fazhi.pulse.web;

import static cn.fazhi.pulse.web.WebStack.XK;
import static cn.fazhi.pulse.web.WebStack.YLQ;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.store.access.AccessScope;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.store.access.AuditLog;
import cn.fazhi.pulse.store.access.Role;
import cn.fazhi.pulse.store.access.Submission;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
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

/**
 * {@code POST /api/ledgers} over HTTP on the real broker and database: a dry run answers the
 * difference and the bad rows and publishes nothing (the topics' end offsets unchanged), a
 * confirmation publishes and answers a receipt, a clerk's rows for another town are refused with
 * the reason, and a role that submits no ledgers is refused before anything is read.
 */
@ExtendWith(PipelineBackends.class)
class LedgerUploadIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "调解编号,区划代码,受理日期,纠纷类型,调解结果,结案日期,协议形式\n";
    private static WebStack stack;
    private static String clerk;
    private static String otherClerk;
    private static String supervisor;
    private static String system;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(Backends backends) throws Exception {
        stack = new WebStack(backends, WebSettings.DEFAULT_MAX_REQUEST_BYTES);
        stack.registerTowns();
        AccountStore accounts = stack.accounts;
        char[] password = "upload-password".toCharArray();
        clerk = token(accounts, "ylq-upload", Role.CLERK, YLQ, password);
        otherClerk = token(accounts, "xk-upload", Role.CLERK, XK, password);
        supervisor = token(accounts, "xiqing-upload-sup", Role.SUPERVISOR, WebStack.XIQING, password);
        system = token(accounts, "xiqing-upload-feed", Role.SYSTEM, WebStack.XIQING, null);
    }

    private static String token(AccountStore accounts, String name, Role role, String scope, char[] password) {
        accounts.add(name, role, new AccessScope(scope), password);
        return accounts.createToken(name, Duration.ofDays(1)).secret();
    }

    private static Map<TopicPartition, Long> mediationsEnd() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(EventTopic.MEDIATIONS.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** The submitter headers of the events whose bytes hold {@code marker}, read from the mediations topic from the given offsets on. */
    private static List<String> submittersOf(String marker, Map<TopicPartition, Long> from, int expected) {
        List<String> submitters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (submitters.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (new String(record.value(), StandardCharsets.UTF_8).contains(marker)) {
                        Header header = record.headers().lastHeader("fazhi.submitter");
                        submitters.add(header == null ? "{}" : new String(header.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return submitters;
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(new HashMap<>(stack.kafkaConfig), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void shouldAnswerTheDifferenceAndBadRowsAndPublishNothingWhenItIsADryRun() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        byte[] ledger = (HEADER
                + "dry-" + id + "-1," + YLQ + ",2023-03-05,邻里,调解成功,2023-03-16,书面协议\n"
                + "dry-" + id + "-2,,2023-04-01,合同,,,\n"
                + "dry-" + id + "-3," + YLQ + ",2023-02-30,邻里,,,\n").getBytes(StandardCharsets.UTF_8);
        long events = stack.eventsOnTopics();
        long deadLetters = stack.deadLetters();

        HttpResponse<String> response = upload(clerk, Map.of("dry_run", "true"), "调解台账.csv", ledger);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("dry_run").asBoolean()).isTrue();
        assertThat(answer.path("difference").path("added").asLong()).as(response.body()).isEqualTo(2);
        List<String> added = new ArrayList<>();
        answer.path("difference").path("rows").forEach(r -> {
            if (r.path("change").asText().equals("added")) {
                added.add(r.path("entity_id").asText());
            }
        });
        assertThat(added).containsExactly("dry-" + id + "-1", "dry-" + id + "-2");
        assertThat(answer.path("rejected")).as(response.body()).hasSize(1);
        JsonNode bad = answer.path("rejected").get(0);
        assertThat(bad.path("row").asLong()).isEqualTo(4);
        assertThat(bad.path("column").asText()).isEqualTo("受理日期");
        assertThat(bad.path("cell").asText()).isEqualTo("2023-02-30");
        assertThat(bad.path("reason_zh").asText()).isNotBlank();
        assertThat(bad.path("reason_en").asText()).isNotBlank();
        assertThat(answer.has("receipt")).isFalse();
        assertThat(stack.eventsOnTopics()).as("events on the topics after a dry run").isEqualTo(events);
        assertThat(stack.deadLetters()).as("dead letters after a dry run").isEqualTo(deadLetters);
    }

    @Test
    void shouldPublishAndAnswerAReceiptWhenConfirmedAndNothingWhenTheSameLedgerComesAgain() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        byte[] ledger = (HEADER
                + "ok-" + id + "-1," + YLQ + ",2023-03-05,邻里,调解成功,2023-03-16,书面协议\n"
                + "ok-" + id + "-2,," + "2023-04-01,合同,,,\n"
                + "ok-" + id + "-3," + YLQ + ",2023-02-30,邻里,,,\n").getBytes(StandardCharsets.UTF_8);
        long events = stack.eventsOnTopics();
        long deadLetters = stack.deadLetters();
        Map<TopicPartition, Long> mediationsEnd = mediationsEnd();
        Instant before = Instant.now().minusSeconds(1);

        HttpResponse<String> response = upload(clerk, Map.of(), "调解台账.csv", ledger);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode receipt = JSON.readTree(response.body()).path("receipt");
        // who submitted: in the audit trail, one row per event published and per row refused, and on every event
        List<Submission> audit = new AuditLog(stack.database.jdbi()).forTown(YLQ, before).stream()
                .filter(a -> a.accountName().equals("ylq-upload")).toList();
        assertThat(audit).filteredOn(a -> a.outcome().equals(Submission.ACCEPTED)).hasSize(3)
                .allSatisfy(a -> assertThat(a.eventId()).startsWith("ldg-"))
                .extracting(Submission::eventType).containsOnly("MediationAccepted", "MediationConcluded");
        assertThat(audit).filteredOn(a -> a.outcome().equals(Submission.REFUSED)).singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("第 4 行").contains("受理日期"));
        assertThat(audit).allSatisfy(a -> {
            assertThat(a.channel()).isEqualTo("token");
            assertThat(a.tokenId()).isNotNull();
            assertThat(a.reason()).contains("ledger submission " + receipt.path("submission").asLong());
        });
        List<String> submitters = submittersOf("ok-" + id + "-", mediationsEnd, 3);
        assertThat(submitters).hasSize(3).allSatisfy(h -> {
            JsonNode submitter = JSON.readTree(h);
            assertThat(submitter.path("account").asText()).isEqualTo("ylq-upload");
            assertThat(submitter.path("channel").asText()).isEqualTo("token");
        });
        assertThat(receipt.path("submission").asLong()).as(response.body()).isPositive();
        assertThat(receipt.path("added").asLong()).isEqualTo(2);
        // m-1 accepted and concluded, m-2 accepted
        assertThat(receipt.path("published_events").asLong()).isEqualTo(3);
        assertThat(stack.eventsOnTopics()).isEqualTo(events + 3);
        assertThat(stack.deadLetters()).as("the bad row on the dead-letter topic, for dq.rejected").isEqualTo(deadLetters + 1);

        HttpResponse<String> again = upload(clerk, Map.of(), "调解台账.csv", ledger);

        JsonNode second = JSON.readTree(again.body());
        assertThat(second.path("difference").path("unchanged").asLong()).as(again.body()).isEqualTo(2);
        assertThat(second.path("receipt").path("published_events").asLong()).isZero();
        assertThat(stack.eventsOnTopics()).isEqualTo(events + 3);
    }

    @Test
    void shouldRefuseEveryRowWithTheReasonWhenAClerkSubmitsAnotherTownsRows() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        byte[] ledger = (HEADER + "xk-" + id + "-1," + XK + ",2023-03-05,邻里,调解成功,2023-03-16,书面协议\n").getBytes(StandardCharsets.UTF_8);
        long events = stack.eventsOnTopics();

        HttpResponse<String> response = upload(clerk, Map.of(), "辛口.csv", ledger);

        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("rejected")).as(response.body()).hasSize(1);
        assertThat(answer.path("rejected").get(0).path("reason_zh").asText()).contains("区划代码", YLQ);
        assertThat(answer.path("rejected").get(0).path("cell").asText()).isEqualTo(XK);
        assertThat(answer.path("difference").path("added").asLong()).isZero();
        assertThat(stack.eventsOnTopics()).isEqualTo(events);
    }

    @Test
    void shouldRefuse403WhenAClerkNamesAnotherTownInTheTownField() throws Exception {
        byte[] ledger = (HEADER + "t-1,,2023-03-05,邻里,,,\n").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = upload(otherClerk, Map.of("town", YLQ, "dry_run", "true"), "a.csv", ledger);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("错误").asText()).contains(YLQ);
    }

    @Test
    void shouldRefuse403AndPublishNothingWhenASupervisorOrASystemTokenUploads() throws Exception {
        byte[] ledger = (HEADER + "s-1," + YLQ + ",2023-03-05,邻里,,,\n").getBytes(StandardCharsets.UTF_8);
        long events = stack.eventsOnTopics();

        for (String token : List.of(supervisor, system)) {
            HttpResponse<String> response = upload(token, Map.of(), "a.csv", ledger);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).path("错误").asText()).isNotBlank();
            assertThat(http.send(WebStack.bearer(HttpRequest.newBuilder(stack.uri("/api/ledgers/templates/mediation")), token).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
        }
        assertThat(stack.eventsOnTopics()).isEqualTo(events);
    }

    @Test
    void shouldRefuse400WhenTheFileIsNeitherXlsxNorCsv() throws Exception {
        HttpResponse<String> response = upload(clerk, Map.of("dry_run", "true"), "ledger.exe", "MZ".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("错误").asText()).contains(".xlsx");
    }

    @Test
    void shouldRefuse400NamingTheFileButNotTheServersDirectoryWhenAnXlsxIsNoWorkbook() throws Exception {
        HttpResponse<String> response = upload(clerk, Map.of("dry_run", "true"), "台账.xlsx", "not a workbook".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("错误").asText()).startsWith("台账.xlsx：");
        assertThat(body.path("error").asText()).startsWith("台账.xlsx: ").doesNotContain("fazhi-ledger-");
    }

    @Test
    void shouldRefuse403WhenASignedInClerkPostsWithoutTheCsrfToken() throws Exception {
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(stack.uri("/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ylq-upload\",\"password\":\"upload-password\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookies = String.join("; ", signIn.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).toList());
        String csrf = JSON.readTree(signIn.body()).path("csrfToken").asText();
        byte[] ledger = (HEADER + "c-1,,2023-03-05,邻里,,,\n").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> without = send(multipart(Map.of("dry_run", "true"), "a.csv", ledger).header("Cookie", cookies));
        HttpResponse<String> with = send(multipart(Map.of("dry_run", "true"), "a.csv", ledger).header("Cookie", cookies).header("X-CSRF-Token", csrf));

        assertThat(without.statusCode()).as(without.body()).isEqualTo(403);
        assertThat(with.statusCode()).as(with.body()).isEqualTo(200);
    }

    @Test
    void shouldDownloadTheTemplateWhenAClerkAsksForAKind() throws Exception {
        for (String kind : List.of("mediation", "petition", "case")) {
            HttpResponse<byte[]> response = http.send(WebStack.bearer(HttpRequest.newBuilder(stack.uri("/api/ledgers/templates/" + kind)), clerk).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(new String(response.body(), 0, 2, StandardCharsets.ISO_8859_1)).as("an .xlsx is a zip").isEqualTo("PK");
            assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains("filename*=UTF-8''");
        }
        assertThat(http.send(WebStack.bearer(HttpRequest.newBuilder(stack.uri("/api/ledgers/templates/nonsense")), clerk).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
    }

    HttpResponse<String> upload(String token, Map<String, String> fields, String fileName, byte[] content) throws Exception {
        return send(WebStack.bearer(multipart(fields, fileName, content), token));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder multipart(Map<String, String> fields, String fileName, byte[] content) throws Exception {
        return stack.multipart("/api/ledgers", fields, fileName, content);
    }
}
