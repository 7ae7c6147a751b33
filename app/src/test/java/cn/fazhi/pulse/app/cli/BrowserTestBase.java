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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the browser tests share: the whole pipeline with the web on a free port, a district of its
 * own with two towns, a clerk of the first, the district's supervisor and an administrator who
 * reads the API for the waits, and a headless Chromium (Debian's chromium and chromium-driver;
 * the tests skip themselves where they are not installed). Screenshots go to target/screenshots.
 */
@ExtendWith(PipelineBackends.class)
abstract class BrowserTestBase {
    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.of("Asia/Shanghai"));

    @TempDir
    Path work;

    Pipeline pipeline;
    ChromeDriver browser;
    int port;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    // A district of its own, so that other tests' towns on the shared broker do not show up in its ranking.
    final String district = "1299" + String.format("%02d", Math.abs(run.hashCode()) % 100) + "000000";
    final String townA = district.substring(0, 6) + "101000";
    final String townB = district.substring(0, 6) + "102000";
    static final String PASSWORD = "browser-it-password";
    final String clerk = "clerk-" + townA;
    final String supervisor = "supervisor-" + district;
    String clerkToken;
    String readerToken;

    @BeforeEach
    void startPipelineAndBrowser(Backends backends) throws Exception {
        String prefix = getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver); .ci/run installs them");
        port = freePort();
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA_DIR, work.toString());
        flags.put(ConfigKey.HTTP_PORT, Integer.toString(port));
        flags.put(ConfigKey.STREAMS_APPLICATION_ID, prefix + "-" + run);
        flags.put(ConfigKey.SINK_GROUP_ID, prefix + "-sink-" + run);
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

    void signIn(WebDriverWait wait, String name, String password) {
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

    String tile(String indicator) {
        return browser.findElements(By.cssSelector("[data-indicator='" + indicator + "'] .value")).stream()
                .findFirst().map(e -> e.getText()).orElse("");
    }

    void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    void awaitStored(String town, String indicator, String numerator) throws Exception {
        String year = DAY.format(Instant.now()).substring(0, 4);
        awaitAnswer("/api/indicators?scope=" + town + "&period=" + year,
                body -> body.contains("\"indicator\":\"" + indicator + "\",\"nameZh\"") && body.contains("\"numerator\":" + numerator),
                "stored " + town + " " + indicator + "=" + numerator);
    }

    /** Asks the API, as a reader, until the answer is what is awaited (or two minutes have passed). */
    void awaitAnswer(String pathAndQuery, java.util.function.Predicate<String> done, String what) throws Exception {
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

    void publish(String... events) {
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

    String town(String code, String name) {
        return "{\"type\":\"TownRegistered\",\"event_id\":\"" + run + "-" + code + "\",\"town_code\":\"" + code + "\",\"occurred_at\":\"2020-01-01\","
                + "\"office_id\":\"sfs\",\"name\":\"" + name + "\",\"district\":\"测试区\",\"city\":\"测试市\",\"level\":\"TOWN\"}";
    }

    String mediationAccepted(String town, String id) {
        return DemoIT.mediation(town, run + id, DAY.format(Instant.now()));
    }

    /** Accepted and concluded today: two lines. */
    String mediation(String town, String id, String outcome) {
        return mediationAccepted(town, id) + "\n" + DemoIT.conclusion(town, run + id, DAY.format(Instant.now()), outcome);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
