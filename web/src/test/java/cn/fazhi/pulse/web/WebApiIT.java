package cn.fazhi.pulse.web;

import static cn.fazhi.pulse.web.WebStack.TIANJIN;
import static cn.fazhi.pulse.web.WebStack.XIQING;
import static cn.fazhi.pulse.web.WebStack.XK;
import static cn.fazhi.pulse.web.WebStack.YLQ;
import static cn.fazhi.pulse.web.WebStack.count;
import static cn.fazhi.pulse.web.WebStack.rate;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every endpoint of the query API and the live stream, over HTTP, against the real broker and database. */
@ExtendWith(PipelineBackends.class)
class WebApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WebStack stack;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        stack = new WebStack(backends, WebSettings.DEFAULT_MAX_REQUEST_BYTES);
        stack.registerTowns();
        stack.publishAndStore(
                count(YLQ, "2023-01", "mediation.accepted", 4), count(YLQ, "2023-02", "mediation.accepted", 6),
                rate(YLQ, "2023-01", "mediation.success_rate", 3, 4), rate(YLQ, "2023-02", "mediation.success_rate", 6, 6),
                rate(YLQ, "2022-05", "mediation.success_rate", 1, 2), rate(YLQ, "2021-12", "mediation.success_rate", 5, 5),
                count(YLQ, "2023", "mediation.accepted", 10), rate(YLQ, "2023", "mediation.success_rate", 9, 10),
                rate(XK, "2023", "mediation.success_rate", 10, 10),
                // A quarter is as long as a month and sorts among them: no window or trend may take it for one.
                rate(YLQ, "2022-Q4", "mediation.success_rate", 100, 100), count(YLQ, "2023-Q1", "mediation.accepted", 10));
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void shouldListCitiesDistrictsAndTownsWithTheirParentsWhenScopesAreAsked() throws Exception {
        JsonNode scopes = json(stack.get("/api/scopes"), 200);

        assertThat(scopes).extracting(s -> s.get("code").asText() + " " + s.get("level").asText() + " " + s.get("name").asText() + " " + s.get("parentCode").asText())
                .containsExactly(TIANJIN + " CITY 天津市 null", XIQING + " DISTRICT 西青区 " + TIANJIN, YLQ + " TOWN 杨柳青镇 " + XIQING, XK + " TOWN 辛口镇 " + XIQING);
    }

    @Test
    void shouldAnswerTheStoredSnapshotsWhenIndicatorsOfAYearAreAsked() throws Exception {
        JsonNode answer = json(stack.get("/api/indicators?scope=" + YLQ + "&period=2023"), 200);

        assertThat(answer.get("indicators")).extracting(f -> f.get("indicator").asText() + "=" + f.get("numerator").asText() + "/" + f.get("denominator").asText())
                .containsExactly("mediation.accepted=10.0/null", "mediation.success_rate=9.0/10.0");
        assertThat(answer.get("indicators").get(1).get("nameZh").asText()).isEqualTo("调解成功率");
    }

    @Test
    void shouldSumTheMonthsOfTheWindowWhenTheLast12MonthsAreAsked() throws Exception {
        JsonNode answer = json(stack.get("/api/indicators?scope=" + YLQ + "&period=last-12-months&to=2023-03"), 200);

        JsonNode rate = Stream.of(JSON.treeToValue(answer.get("indicators"), JsonNode[].class))
                .filter(f -> f.get("indicator").asText().equals("mediation.success_rate")).findFirst().orElseThrow();
        // 2022-05 (1/2), 2023-01 (3/4) and 2023-02 (6/6); 2021-12 is outside the window.
        assertThat(rate.get("numerator").asDouble()).isEqualTo(10.0);
        assertThat(rate.get("denominator").asDouble()).isEqualTo(12.0);
    }

    @Test
    void shouldNameTheNewestEventAndTheLastMonthWhenFreshnessIsAsked() throws Exception {
        JsonNode freshness = json(stack.get("/api/freshness?scope=" + YLQ), 200);

        assertThat(freshness.get("lastMonth").asText()).isEqualTo("2023-02");
        assertThat(freshness.get("newestEvent").asText()).isEqualTo(WebStack.AS_OF.toString());
    }

    @Test
    void shouldAnswer400NamingTheParameterWhenThePeriodIsMalformed() throws Exception {
        JsonNode error = json(stack.get("/api/indicators?scope=" + YLQ + "&period=2023-13"), 400);

        assertThat(error.get("error").asText()).contains("period");
        assertThat(error.get("错误").asText()).contains("period");
    }

    @Test
    void shouldAnswer404WhenTheScopeIsUnknown() throws Exception {
        JsonNode error = json(stack.get("/api/indicators?scope=999999999999&period=2023"), 404);

        assertThat(error.get("error").asText()).contains("999999999999");
    }

    @Test
    void shouldAnswer400WhenTheScopeIsNotACode() throws Exception {
        assertThat(json(stack.get("/api/indicators?scope=abc&period=2023"), 400).get("错误").asText()).contains("12 位");
    }

    @Test
    void shouldListEveryMonthWithGapsEmptyWhenATrendIsAsked() throws Exception {
        JsonNode trend = json(stack.get("/api/trend?scope=" + YLQ + "&indicator=mediation.success_rate&from=2022-11&to=2023-03"), 200);

        assertThat(trend.get("months")).extracting(m -> m.get("period").asText() + "=" + m.get("value").asText())
                .containsExactly("2022-11=null", "2022-12=null", "2023-01=0.75", "2023-02=1.0", "2023-03=null");
    }

    @Test
    void shouldAnswer404WhenTheIndicatorOfATrendIsUnknown() throws Exception {
        JsonNode error = json(stack.get("/api/trend?scope=" + YLQ + "&indicator=mediation.nonsense&from=2023-01&to=2023-03"), 404);

        assertThat(error.get("error").asText()).contains("mediation.nonsense");
    }

    @Test
    void shouldAnswer400WhenATrendRunsBackwards() throws Exception {
        json(stack.get("/api/trend?scope=" + YLQ + "&indicator=mediation.success_rate&from=2023-05&to=2023-01"), 400);
    }

    @Test
    void shouldRankTheTownsAndMarkTheShortfallsWhenARankingOfADistrictIsAsked() throws Exception {
        JsonNode ranking = json(stack.get("/api/ranking?scope=" + XIQING + "&period=2023&indicator=mediation.success_rate"), 200);

        assertThat(ranking.get("target").asDouble()).isEqualTo(1.0);
        assertThat(ranking.get("towns")).extracting(t -> t.get("rank").asInt() + " " + t.get("name").asText() + " " + t.get("shortfall").asBoolean())
                .containsExactly("1 辛口镇 false", "2 杨柳青镇 true");
    }

    @Test
    void shouldAnswer400WhenARankingOfATownIsAsked() throws Exception {
        json(stack.get("/api/ranking?scope=" + YLQ + "&period=2023&indicator=mediation.success_rate"), 400);
    }

    @Test
    void shouldGenerateTheMarkdownReportWhenATownsYearIsAsked() throws Exception {
        HttpResponse<String> report = stack.get("/api/reports/" + YLQ + "/2023.md");

        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/markdown");
        assertThat(report.body()).contains("杨柳青镇").contains("2023");
    }

    @Test
    void shouldGenerateTheWordReportWhenATownsYearIsAskedAsDocx() throws Exception {
        HttpResponse<byte[]> report = stack.getBytes("/api/reports/" + YLQ + "/2023.docx");

        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Type").orElseThrow()).contains("wordprocessingml");
        try (XWPFDocument document = new XWPFDocument(new ByteArrayInputStream(report.body()))) {
            assertThat(document.getParagraphs()).anySatisfy(p -> assertThat(p.getText()).contains("杨柳青镇").contains("2023"));
        }
    }

    @Test
    void shouldAnswer404WhenAReportOfAYearWithoutFiguresIsAsked() throws Exception {
        assertThat(json(stack.get("/api/reports/" + YLQ + "/2010.md"), 404).get("错误").asText()).contains("2010");
    }

    @Test
    void shouldAnswer404WithAMessageWhenThePathIsUnknown() throws Exception {
        assertThat(json(stack.get("/api/nothing"), 404).get("error").asText()).contains("/api/nothing");
    }

    @Test
    void shouldReportHealthAndPrometheusMetricsWhenAsked() throws Exception {
        assertThat(json(stack.get("/health"), 200).get("status").asText()).isEqualTo("UP");
        HttpResponse<String> metrics = stack.get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("fazhi_events_processed_total ").contains("fazhi_consumer_lag{group=\"web-it-sink\"}")
                .contains("fazhi_sse_clients ");
    }

    @Test
    void shouldAnswer404BeforeStreamingWhenTheStreamsScopeIsUnknown() throws Exception {
        assertThat(stack.get("/api/stream?scope=999999999999").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldDeliverAChangeOfATownToAStreamOfItsDistrictWhenTheSnapshotIsPublished() throws Exception {
        BlockingQueue<String> lines = stream(stack.web, XIQING);

        stack.publish(rate(XK, "2023-03", "mediation.success_rate", 7, 8));

        awaitLine(lines, "event: snapshots");
        String data = lines.poll(5, TimeUnit.SECONDS);
        assertThat(data).startsWith("data: ").contains("\"scope\":\"" + XK + "\"").contains("\"period\":\"2023-03\"").contains("\"value\":0.875");
    }

    @Test
    void shouldServeTheSameFiguresAndTheSameChangesWhenASecondInstanceRuns() throws Exception {
        try (WebApplication second = WebApplication.start(stack.kafkaConfig, stack.database,
                new WebSettings(0, WebSettings.DEFAULT_MAX_REQUEST_BYTES, 1000, "web-it-streams", "web-it-sink"))) {
            String query = "/api/indicators?scope=" + YLQ + "&period=2023";
            assertThat(HttpClient.newHttpClient().send(WebStack.bearer(HttpRequest.newBuilder(WebStack.uri(second, query)), stack.adminToken).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo(stack.get(query).body());
            BlockingQueue<String> first = stream(stack.web, XK);
            BlockingQueue<String> other = stream(second, XK);

            stack.publish(count(XK, "2021-04", "mediation.accepted", 5));

            for (BlockingQueue<String> lines : java.util.List.of(first, other)) {
                awaitLine(lines, "event: snapshots");
                assertThat(lines.poll(5, TimeUnit.SECONDS)).contains("\"period\":\"2021-04\"");
            }
        }
    }

    /** A stream of the given instance, once it has said it is ready. */
    private static BlockingQueue<String> stream(WebApplication instance, String scope) throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient.newHttpClient().sendAsync(WebStack.bearer(HttpRequest.newBuilder(WebStack.uri(instance, "/api/stream?scope=" + scope)), stack.adminToken)
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> response.body().forEach(lines::add));
        awaitLine(lines, "event: ready");
        return lines;
    }

    private static void awaitLine(BlockingQueue<String> lines, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String line;
        do {
            line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(line).as("a line " + expected + " within 10 s").isNotNull();
        } while (!line.equals(expected));
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(response.body());
    }
}
