package cn.fazhi.pulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.runtime.Endpoints;
import cn.fazhi.pulse.runtime.Pipeline;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.access.AccessScope;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.store.access.Role;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver; skipped where
 * they are not installed), on the whole pipeline: a clerk signs in, sees only its town, and a tile
 * follows the event its office submits without a reload; after signing out, the district's
 * supervisor sees the ranking of its towns. Screenshots go to target/screenshots.
 */
@ExtendWith(PipelineBackends.class)
class DashboardBrowserIT {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.of("Asia/Shanghai"));

    @TempDir
    Path work;

    private Pipeline pipeline;
    private ChromeDriver browser;
    private int port;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    // A district of its own, so that other tests' towns on the shared broker do not show up in its ranking.
    private final String district = "1299" + String.format("%02d", Math.abs(run.hashCode()) % 100) + "000000";
    private final String townA = district.substring(0, 6) + "101000";
    private final String townB = district.substring(0, 6) + "102000";
    private static final String PASSWORD = "browser-it-password";
    private final String clerk = "clerk-" + townA;
    private final String supervisor = "supervisor-" + district;
    private String clerkToken;
    private String readerToken;

    @BeforeEach
    void startPipelineAndBrowser(Backends backends) throws Exception {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver); .ci/run installs them");
        port = freePort();
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA_DIR, work.toString());
        flags.put(ConfigKey.HTTP_PORT, Integer.toString(port));
        flags.put(ConfigKey.STREAMS_APPLICATION_ID, "browser-it-" + run);
        flags.put(ConfigKey.SINK_GROUP_ID, "browser-it-sink-" + run);
        FazhiConfig config = FazhiConfig.load(Optional.empty(), Map.of(), flags);
        Endpoints endpoints = new Endpoints(backends.bootstrapServers(),
                new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword()), Map.of());
        pipeline = Pipeline.prepare(endpoints, config).startStreams().startSink();
        pipeline.alsoClosing(WebRuntime.start(endpoints, config));
        AccountStore accounts = new AccountStore(endpoints.database().jdbi());
        accounts.add(clerk, Role.CLERK, new AccessScope(townA), PASSWORD.toCharArray());
        accounts.add(supervisor, Role.SUPERVISOR, new AccessScope(district), PASSWORD.toCharArray());
        accounts.add("browser-it-reader", Role.ADMIN, AccessScope.EVERYTHING, PASSWORD.toCharArray());
        clerkToken = accounts.createToken(clerk, Duration.ofDays(1)).secret();
        readerToken = accounts.createToken("browser-it-reader", Duration.ofDays(1)).secret();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // Without the background-networking flags, Chromium waits on a network it cannot reach here.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,1500", "--lang=zh-CN", "--user-data-dir=" + Files.createTempDirectory(work, "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldShowAClerkOnlyItsTownFollowItsSubmissionAndShowASupervisorTheRankingOfItsTowns() throws Exception {
        publish(town(townA, "测试甲镇"), town(townB, "测试乙镇"), mediation(townA, "a1", "SUCCESS"), mediation(townA, "a2", "FAILED"),
                mediation(townB, "b1", "SUCCESS"));
        awaitStored(townB, "mediation.accepted", "1.0");
        awaitStored(townA, "mediation.accepted", "2.0");

        // An anonymous browser is sent to the sign-in page.
        browser.get("http://localhost:" + port + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.getCurrentUrl().endsWith("/login"));
        screenshot("login.png");
        signIn(wait, clerk, PASSWORD);
        wait.until(d -> tile("mediation.accepted").equals("2") && d.findElement(By.id("live")).getText().contains("实时"));
        assertThat(tile("mediation.success_rate")).isEqualTo("50.0%");
        assertThat(browser.findElement(By.id("who")).getText()).contains(clerk).contains("clerk");
        // Only its town: no neighbour, no "all towns" of the district, no "all districts" of the city.
        assertThat(new Select(browser.findElement(By.id("town"))).getOptions()).extracting(o -> o.getAttribute("value")).containsExactly(townA);
        assertThat(new Select(browser.findElement(By.id("district"))).getOptions()).extracting(o -> o.getAttribute("value")).containsExactly(district);
        screenshot("dashboard-town.png");

        // A tile opens the items behind it: the two mediations, and for the rate the succeeded one apart
        awaitEvidence(townA, "mediation.accepted", 2);
        browser.findElement(By.cssSelector("[data-indicator='mediation.accepted']")).click();
        wait.until(d -> d.findElement(By.id("evidence-panel")).isDisplayed()
                && d.findElements(By.cssSelector("#evidence tbody tr[data-key]")).size() == 2);
        assertThat(browser.findElements(By.cssSelector("#evidence tbody tr[data-key] td:nth-child(3)")))
                .extracting(e -> e.getText()).containsExactlyInAnyOrder(run + "a1", run + "a2");
        assertThat(browser.findElement(By.id("evidence-csv")).getAttribute("href")).contains("format=csv");
        browser.findElement(By.cssSelector("[data-indicator='mediation.success_rate']")).click();
        wait.until(d -> d.findElement(By.id("evidence-title")).getText().contains("调解成功率")
                && d.findElements(By.cssSelector("#evidence tbody tr.in-numerator")).size() == 1
                && d.findElements(By.cssSelector("#evidence tbody tr.rest")).size() == 1);
        browser.findElement(By.cssSelector("#evidence-parts [data-part='numerator']")).click();
        wait.until(d -> d.findElements(By.cssSelector("#evidence tbody tr[data-key]")).size() == 1);
        screenshot("dashboard-evidence.png");

        // The clerk's office submits an event with the clerk's token: the tile moves without a reload.
        HttpResponse<String> submitted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/events"))
                .header("Authorization", "Bearer " + clerkToken).POST(HttpRequest.BodyPublishers.ofString(mediationAccepted(townA, "a3"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> tile("mediation.accepted").equals("3"));
        assertThat(browser.findElement(By.id("ranking-panel")).isDisplayed()).isFalse();

        browser.findElement(By.id("logout")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/login"));
        signIn(wait, supervisor, PASSWORD);
        wait.until(d -> d.findElement(By.id("who")).getText().contains("supervisor"));
        // The supervisor lands on its district, shown as a whole, with the ranking of its towns.
        wait.until(d -> d.findElement(By.id("scope-title")).getText().startsWith("测试区")
                && d.findElement(By.id("ranking-panel")).isDisplayed()
                && d.findElements(By.cssSelector("#ranking tbody tr")).size() == 2);
        assertThat(browser.findElements(By.cssSelector("#ranking tbody tr")))
                .extracting(row -> (row.findElements(By.tagName("td")).get(1).getText() + " " + row.getAttribute("class")).trim())
                .containsExactly("测试乙镇", "测试甲镇 shortfall");
        screenshot("dashboard-district.png");
    }

    private void signIn(WebDriverWait wait, String name, String password) {
        wait.until(d -> d.findElement(By.id("name")).isDisplayed());
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("submit")).click();
        try {
            wait.until(d -> !d.getCurrentUrl().contains("/login"));
        } catch (RuntimeException e) {
            throw new AssertionError("still on " + browser.getCurrentUrl() + " saying: " + browser.findElement(By.id("message")).getText(), e);
        }
    }

    private String tile(String indicator) {
        return browser.findElements(By.cssSelector("[data-indicator='" + indicator + "'] .value")).stream()
                .findFirst().map(e -> e.getText()).orElse("");
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private void awaitStored(String town, String indicator, String numerator) throws Exception {
        String year = DAY.format(Instant.now()).substring(0, 4);
        awaitAnswer("/api/indicators?scope=" + town + "&period=" + year,
                body -> body.contains("\"indicator\":\"" + indicator + "\",\"nameZh\"") && body.contains("\"numerator\":" + numerator),
                "stored " + town + " " + indicator + "=" + numerator);
    }

    private void awaitEvidence(String town, String indicator, int items) throws Exception {
        String year = DAY.format(Instant.now()).substring(0, 4);
        awaitAnswer("/api/evidence?scope=" + town + "&period=" + year + "&indicator=" + indicator,
                body -> body.split("\"in_numerator\"", -1).length - 1 == items, "evidence of " + town + " " + indicator);
    }

    /** Asks the API, as a reader, until the answer is what is awaited (or two minutes have passed). */
    private void awaitAnswer(String pathAndQuery, java.util.function.Predicate<String> done, String what) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                            .header("Authorization", "Bearer " + readerToken).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (done.test(body)) {
                return;
            }
            assertThat(System.nanoTime()).as(what + "; last answer " + body).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private void publish(String... events) {
        EventJsonCodec codec = new EventJsonCodec();
        try (EventPublisher publisher = new EventPublisher(pipeline.endpoints().kafkaConfig())) {
            for (String json : String.join("\n", events).split("\n")) {
                DecodedEvent decoded = codec.decode(json);
                assertThat(decoded).as(json).isInstanceOf(DecodedEvent.Accepted.class);
                publisher.publish(((DecodedEvent.Accepted) decoded).event());
            }
            publisher.flush();
        }
    }

    private String town(String code, String name) {
        return "{\"type\":\"TownRegistered\",\"event_id\":\"" + run + "-" + code + "\",\"town_code\":\"" + code + "\",\"occurred_at\":\"2020-01-01\","
                + "\"office_id\":\"sfs\",\"name\":\"" + name + "\",\"district\":\"测试区\",\"city\":\"测试市\",\"level\":\"TOWN\"}";
    }

    private String mediationAccepted(String town, String id) {
        return DemoIT.mediation(town, run + id, DAY.format(Instant.now()));
    }

    /** Accepted and concluded today: two lines. */
    private String mediation(String town, String id, String outcome) {
        return mediationAccepted(town, id) + "\n" + DemoIT.conclusion(town, run + id, DAY.format(Instant.now()), outcome);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
