package cn.fazhi.pulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver; skipped where
 * they are not installed), on the whole pipeline: a clerk signs in, sees only its town, and a tile
 * follows the event its office submits without a reload; after signing out, the district's
 * supervisor sees the ranking of its towns. Screenshots go to target/screenshots.
 */
class DashboardBrowserIT extends BrowserTestBase {
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
        assertThat(browser.findElement(By.id("evidence-figure")).getText()).contains("共 2 项").contains("✓");
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

    private void awaitEvidence(String town, String indicator, int items) throws Exception {
        String year = DAY.format(Instant.now()).substring(0, 4);
        awaitAnswer("/api/evidence?scope=" + town + "&period=" + year + "&indicator=" + indicator,
                body -> body.split("\"in_numerator\"", -1).length - 1 == items, "evidence of " + town + " " + indicator);
    }
}
