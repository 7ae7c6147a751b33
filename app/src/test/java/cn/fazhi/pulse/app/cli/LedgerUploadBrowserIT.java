package cn.fazhi.pulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The 台账上报 page in a real headless Chromium (skipped where Debian's chromium and
 * chromium-driver are not installed), on the whole pipeline: a clerk checks a ledger with a bad
 * row and sees the row's reason, confirms, sees the receipt and the town's tile move; a file of
 * another town is refused row by row. Screenshots go to target/screenshots.
 */
class LedgerUploadBrowserIT extends BrowserTestBase {
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
        // … and the data-quality panel lists the bad row to fix: file, row, reason, never a personal-data cell
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.findElement(By.id("dq-fix")).isDisplayed()
                && d.findElement(By.id("dq-fix-rows")).getText().contains("人民调解台账.csv"));
        String toFix = browser.findElement(By.id("dq-fix-rows")).getText();
        assertThat(toFix).contains("row 4").contains("受理日期").doesNotContain("王五");

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
}
