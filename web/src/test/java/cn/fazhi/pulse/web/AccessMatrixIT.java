package cn.fazhi.pulse.web;

import static cn.fazhi.pulse.web.WebStack.XIQING;
import static cn.fazhi.pulse.web.WebStack.XK;
import static cn.fazhi.pulse.web.WebStack.YLQ;
import static cn.fazhi.pulse.web.WebStack.count;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.store.access.AccessScope;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.store.access.Role;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint × every kind of caller → the expected status, over HTTP against the real broker
 * and database; for every refused write, nothing reached Kafka. The town is 杨柳青镇 (YLQ) of
 * 西青区; the neighbours are 辛口镇 (XK, same district) and 滨海新区 (another district).
 */
@ExtendWith(PipelineBackends.class)
class AccessMatrixIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BINHAI = "120116000000";
    private static WebStack stack;
    private static final Map<Who, String> TOKENS = new EnumMap<>(Who.class);

    enum Who { ANONYMOUS, ADMIN, SUPERVISOR_OF_ANOTHER_DISTRICT, SUPERVISOR_OF_THIS_DISTRICT, CLERK_OF_THIS_TOWN, CLERK_OF_ANOTHER_TOWN,
        SYSTEM_TOKEN, REVOKED_TOKEN, EXPIRED_TOKEN }

    /** An endpoint and the status each caller gets, in the order of {@link Who}. */
    record Endpoint(String method, String path, int... expected) {}

    private static final List<Endpoint> ENDPOINTS = List.of(
            //                                                                      anon admin supO supT clkT clkO sys  rev  exp
            new Endpoint("GET", "/health",                                          200, 200, 200, 200, 200, 200, 200, 200, 200),
            new Endpoint("GET", "/",                                                302, 200, 200, 200, 200, 200, 403, 401, 401),
            new Endpoint("GET", "/ledgers",                                         302, 200, 200, 200, 200, 200, 403, 401, 401),
            new Endpoint("GET", "/login",                                           200, 200, 200, 200, 200, 200, 200, 200, 200),
            new Endpoint("GET", "/app.js",                                          200, 200, 200, 200, 200, 200, 200, 200, 200),
            new Endpoint("GET", "/api/me",                                          401, 200, 200, 200, 200, 200, 200, 401, 401),
            new Endpoint("GET", "/api/scopes",                                      401, 200, 200, 200, 200, 200, 403, 401, 401),
            new Endpoint("GET", "/api/indicators?scope=" + YLQ + "&period=2023",     401, 200, 403, 200, 200, 403, 403, 401, 401),
            new Endpoint("GET", "/api/trend?scope=" + YLQ + "&indicator=mediation.accepted&from=2023-01&to=2023-03",
                                                                                    401, 200, 403, 200, 200, 403, 403, 401, 401),
            new Endpoint("GET", "/api/freshness?scope=" + YLQ,                      401, 200, 403, 200, 200, 403, 403, 401, 401),
            new Endpoint("GET", "/api/evidence?scope=" + YLQ + "&period=2023&indicator=mediation.accepted",
                                                                                    401, 200, 403, 200, 200, 403, 403, 401, 401),
            new Endpoint("GET", "/api/ranking?scope=" + XIQING + "&period=2023&indicator=mediation.accepted",
                                                                                    401, 200, 403, 200, 403, 403, 403, 401, 401),
            new Endpoint("GET", "/api/reports/" + YLQ + "/2023.md",                 401, 200, 403, 200, 200, 403, 403, 401, 401),
            new Endpoint("SSE", "/api/stream?scope=" + YLQ,                         401, 200, 403, 200, 200, 403, 403, 401, 401),
            new Endpoint("POST", "/api/events",                                     401, 202, 403, 403, 202, 403, 202, 401, 401),
            // A dry run: the other town's clerk gets 200 with its row refused as another town's (LedgerUploadIT).
            new Endpoint("UPLOAD", "/api/ledgers",                                  401, 200, 403, 403, 200, 200, 403, 401, 401),
            new Endpoint("GET", "/api/ledgers/templates/mediation",                 401, 200, 403, 403, 200, 200, 403, 401, 401),
            new Endpoint("GET", "/metrics",                                         401, 200, 403, 403, 403, 403, 403, 401, 401));

    @BeforeAll
    static void start(Backends backends) throws Exception {
        stack = new WebStack(backends, WebSettings.DEFAULT_MAX_REQUEST_BYTES);
        stack.registerTowns();
        stack.publishAndStore(count(YLQ, "2023-01", "mediation.accepted", 4), count(YLQ, "2023", "mediation.accepted", 4),
                count(XK, "2023", "mediation.accepted", 2));
        AccountStore accounts = stack.accounts;
        char[] password = "matrix-password".toCharArray();
        TOKENS.put(Who.ADMIN, stack.adminToken);
        TOKENS.put(Who.SUPERVISOR_OF_ANOTHER_DISTRICT, account(accounts, "binhai-sup", Role.SUPERVISOR, BINHAI, password));
        TOKENS.put(Who.SUPERVISOR_OF_THIS_DISTRICT, account(accounts, "xiqing-sup", Role.SUPERVISOR, XIQING, password));
        TOKENS.put(Who.CLERK_OF_THIS_TOWN, account(accounts, "ylq-clerk", Role.CLERK, YLQ, password));
        TOKENS.put(Who.CLERK_OF_ANOTHER_TOWN, account(accounts, "xk-clerk", Role.CLERK, XK, password));
        TOKENS.put(Who.SYSTEM_TOKEN, account(accounts, "xiqing-feed", Role.SYSTEM, XIQING, null));
        TOKENS.put(Who.REVOKED_TOKEN, account(accounts, "ylq-revoked", Role.CLERK, YLQ, password));
        accounts.revokeTokens("ylq-revoked");
        accounts.add("ylq-expired", Role.CLERK, new AccessScope(YLQ), password);
        TOKENS.put(Who.EXPIRED_TOKEN, new AccountStore(stack.database.jdbi(), Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC))
                .createToken("ylq-expired", Duration.ofDays(1)).secret());
    }

    private static String account(AccountStore accounts, String name, Role role, String scope, char[] password) {
        accounts.add(name, role, new AccessScope(scope), password);
        return accounts.createToken(name, Duration.ofDays(1)).secret();
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Who who : Who.values()) {
                cases.add(Arguments.of(endpoint.method() + " " + endpoint.path(), who, endpoint.expected()[who.ordinal()]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("cases")
    void shouldAnswerTheExpectedStatusWhenEachKindOfCallerAsks(String endpoint, Who who, int expected) throws Exception {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1);
        String token = TOKENS.get(who);
        long eventsBefore = method.equals("POST") || method.equals("UPLOAD") ? stack.eventsOnTopics() : 0;

        int status = switch (method) {
            case "GET" -> {
                HttpResponse<String> response = stack.get(path, token);
                if (response.statusCode() >= 400 && path.startsWith("/api/")) {
                    assertThat(JSON.readTree(response.body()).has("错误")).as(response.body()).isTrue();
                }
                yield response.statusCode();
            }
            case "SSE" -> HttpClient.newHttpClient().sendAsync(WebStack.bearer(HttpRequest.newBuilder(stack.uri(path)), token)
                            .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                    .get(20, TimeUnit.SECONDS).statusCode();
            case "UPLOAD" -> {
                byte[] ledger = ("调解编号,区划代码,受理日期,纠纷类型\nmx-" + UUID.randomUUID() + "," + YLQ + ",2023-01-03,邻里\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                HttpResponse<String> response = HttpClient.newHttpClient().send(WebStack.bearer(
                        stack.multipart(path, Map.of("dry_run", "true"), "调解台账.csv", ledger), token).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 400) {
                    assertThat(JSON.readTree(response.body()).has("错误")).as(response.body()).isTrue();
                }
                yield response.statusCode();
            }
            default -> stack.post(path, mediation(YLQ), token).statusCode();
        };

        assertThat(status).as(endpoint + " as " + who).isEqualTo(expected);
        if (method.equals("POST") || method.equals("UPLOAD")) {
            assertThat(stack.eventsOnTopics()).as("events on the topics after " + who + "'s request")
                    .isEqualTo(eventsBefore + (expected == 202 ? 1 : 0));
        }
    }

    static String mediation(String town) {
        String id = UUID.randomUUID().toString();
        return "{\"type\":\"MediationAccepted\",\"event_id\":\"mx-" + id + "\",\"town_code\":\"" + town + "\",\"occurred_at\":\"2023-01-03T10:00:00+08:00\","
                + "\"office_id\":\"ylq-sfs\",\"mediation_id\":\"m-" + id + "\",\"dispute_type\":\"NEIGHBOR\"}";
    }
}
