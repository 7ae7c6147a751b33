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
import java.util.List;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The 台账上报 page in a real headless Chromium (skipped where Debian's chromium and
 * chromium-driver are not installed), on the whole pipeline: a clerk checks a ledger with a bad
 * row and sees the row's reason, confirms, sees the receipt and the town's tile move; a file of
 * another town is refused row by row. Screenshots go to target/screenshots.
 */
@ExtendWith(PipelineBackends.class)
class LedgerUploadBrowserIT {
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
        flags.put(ConfigKey.STREAMS_APPLICATION_ID, "ledger-browser-it-" + run);
        flags.put(ConfigKey.SINK_GROUP_ID, "ledger-browser-it-sink-" + run);
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
    void shouldShowABadRowsReasonPublishOnConfirmAndMoveTheTileWhenAClerkUploadsALedgerAndRefuseAnotherTownsFile() throws Exception {
        publish(town(townA, "测试甲镇"), town(townB, "测试乙镇"), mediation(townA, "a1", "SUCCESS"));
        awaitStored(townA, "mediation.accepted", "1.0");
        String today = DAY.format(Instant.now());
        // The clerk's ledger: no 区划代码 column (the clerk's town is the town), two good rows and one with an impossible date.
        Path ledger = Files.writeString(work.resolve("人民调解台账.csv"), "序号,调解编号,当事人,受理日期,纠纷类型,调解结果,结案日期,协议形式,备注\n"
                + "1,L-" + run + "-1,张三," + today + ",邻里,调解成功," + today + ",书面协议,\n"
                + "2,L-" + run + "-2,李四," + today + ",合同,,,,\n"
                + "3,L-" + run + "-3,王五,2024-02-30,邻里,,,,日期写错\n");

        browser.get("http://localhost:" + port + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(wait, clerk, PASSWORD);
        wait.until(d -> tile("mediation.accepted").equals("1"));
        browser.findElement(By.id("ledgers-link")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/ledgers") && d.findElement(By.id("upload-form")).isDisplayed());
        assertThat(browser.findElement(By.id("town-field")).isDisplayed()).as("a clerk's town is fixed").isFalse();
        assertThat(browser.findElement(By.id("template-mediation")).getAttribute("href")).endsWith("/api/ledgers/templates/mediation");

        browser.findElement(By.id("ledger-file")).sendKeys(ledger.toAbsolutePath().toString());
        browser.findElement(By.id("check")).click();
        wait.until(d -> d.findElements(By.cssSelector("#rejected tbody tr")).size() == 1);
        List<WebElement> bad = browser.findElements(By.cssSelector("#rejected tbody tr td"));
        assertThat(bad.get(1).getText()).as("the row as the clerk counts it").isEqualTo("4");
        assertThat(bad.get(2).getText()).isEqualTo("受理日期");
        assertThat(bad.get(3).getText()).as("the reason in Chinese").containsPattern("[\\u4e00-\\u9fff]");
        assertThat(bad.get(4).getText()).isEqualTo("2024-02-30");
        assertThat(browser.findElement(By.id("difference-summary")).getText()).contains("新增 2");
        assertThat(browser.findElement(By.id("columns")).getText()).contains("未读取（个人信息）：当事人");
        screenshot("ledger-upload-check.png");

        browser.findElement(By.id("confirm")).click();
        wait.until(d -> d.findElement(By.id("receipt")).getText().contains("上报编号"));
        assertThat(browser.findElement(By.id("receipt")).getText()).contains("新增 2").contains("拒绝 1 行");
        try {
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> tile("mediation.accepted").equals("3"));
        } catch (RuntimeException e) {
            screenshot("ledger-upload-failed.png");
            throw new AssertionError("receipt: " + browser.findElement(By.id("receipt-panel")).getText(), e);
        }
        screenshot("ledger-upload-receipt.png");
        browser.findElement(By.id("to-dashboard")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.getCurrentUrl().contains("/ledgers") && tile("mediation.accepted").equals("3"));

        // A file of the other town: every row refused with its reason, nothing to confirm.
        Path other = Files.writeString(work.resolve("乙镇台账.csv"), "调解编号,区划代码,受理日期,纠纷类型\n"
                + "B-" + run + "-1," + townB + "," + today + ",邻里\n");
        browser.get("http://localhost:" + port + "/ledgers");
        wait.until(d -> d.findElement(By.id("upload-form")).isDisplayed());
        browser.findElement(By.id("ledger-file")).sendKeys(other.toAbsolutePath().toString());
        browser.findElement(By.id("check")).click();
        wait.until(d -> d.findElements(By.cssSelector("#rejected tbody tr")).size() == 1);
        List<WebElement> refused = browser.findElements(By.cssSelector("#rejected tbody tr td"));
        assertThat(refused.get(3).getText()).contains("区划代码").contains(townA);
        assertThat(refused.get(4).getText()).isEqualTo(townB);
        assertThat(browser.findElement(By.id("confirm")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.id("confirm-hint")).getText()).contains("所有行都被拒绝");
        screenshot("ledger-upload-other-town.png");
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
        HttpClient http = HttpClient.newHttpClient();
        String year = DAY.format(Instant.now()).substring(0, 4);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/indicators?scope=" + town + "&period=" + year))
                            .header("Authorization", "Bearer " + readerToken).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"indicator\":\"" + indicator + "\",\"nameZh\"") && body.contains("\"numerator\":" + numerator)) {
                return;
            }
            assertThat(System.nanoTime()).as("stored " + town + " " + indicator + "=" + numerator + "; last answer " + body).isLessThan(deadline);
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
