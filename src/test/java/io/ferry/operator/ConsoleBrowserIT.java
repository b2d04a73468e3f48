package io.ferry.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.record.Targets;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.SandboxCorClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real browser: Debian's Chromium, driven through its chromedriver by Selenium. A run with
 * a created, a rejected and a parked contract shows in the runs list with its counts; its page shows the rejected
 * row's reason; the parked contract is released from the dead-letter page once its client exists, and its run then
 * counts it created. Text from input data is shown as text. A screenshot of the run's page is saved under target/.
 *
 * <p>With CI=true (.ci/run, which installs the packages) the browser must be there; elsewhere, without it, the test
 * is skipped and says why.
 */
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "console-test-token";
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void anOperatorSeesARunItsRejectedRowAndReleasesItsParkedContract() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: .ci/run installs"
                    + " the Debian packages chromium and chromium-driver");
        }
        if (!installed) {
            System.out.println("ConsoleBrowserIT skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is not installed"
                    + " (apt-get install chromium chromium-driver); CI=true makes it required");
        }
        Assumptions.assumeTrue(installed, "Chromium and chromedriver are not installed (Debian packages chromium and"
                + " chromium-driver); with CI=true the test is required");

        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of("ferry.operator.token", TOKEN))) {
            ferry.deliver(Targets.COR_CLIENTS, "clients.csv", "id,name\nCB-C1,Console client\n");
            List<Row> rows = ferry.deliver(Targets.COR_CONTRACTS, "deals.csv", "id,name,client_id,value,currency\n"
                    + "CB-K1,Good deal,CB-C1,10,USD\n"
                    + "\"" + HOSTILE + "\",Bad deal,CB-C1,10,\"" + HOSTILE + "\"\n"
                    + "CB-K2,Waiting deal,CB-LATE,10,USD\n");
            assertThat(rows).extracting(Row::outcome).containsExactly("created", "rejected", "parked");

            WebDriver browser = browser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                browser.get(ferry.operatorUrl() + "/console/");

                // The operator interface needs the token: the page asks for it.
                WebElement token = wait.until(b -> visible(b, By.id("token-input")));
                token.sendKeys(TOKEN);
                browser.findElement(By.cssSelector("#token button")).click();

                wait.until(b -> !b.findElement(By.id("token")).isDisplayed());
                WebElement run = wait.until(b -> b.findElements(By.cssSelector("#runs-table tbody tr")).stream()
                        .filter(row -> row.getText().contains("deals.csv")).findFirst().orElse(null));
                assertThat(run.getText()).contains("cor-contracts", "done", "created 1", "rejected 1", "parked 1");
                assertThat(run.findElements(By.cssSelector(".bar span"))).hasSize(3);

                run.click();
                wait.until(b -> b.findElements(By.cssSelector("#rows-table tbody tr")).size() == 2);
                WebElement rejected = browser.findElement(By.cssSelector("#rows-table tbody tr[data-row='2']"));
                List<WebElement> cells = rejected.findElements(By.tagName("td"));
                assertThat(cells.get(2).getText()).isEqualTo(HOSTILE);
                assertThat(cells.get(3).getText()).isEqualTo("rejected");
                assertThat(cells.get(5).getText()).isEqualTo("currency must be a three-letter ISO 4217 code such as"
                        + " EUR, got '" + HOSTILE + "'");
                assertThat(browser.findElements(By.tagName("img"))).as("input data shown as markup").isEmpty();
                assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
                screenshot(browser, Path.of("target", "console-run.png"));

                // The client arrives in COR behind Ferry's back: nothing releases the contract by itself.
                assertThat(new SandboxCorClient(sandbox).send("POST", "/clients",
                        "{'metadata':{'source':'SALESFORCE'},'id':'CB-LATE','name':'Late client'}")).isEqualTo(200);
                browser.findElement(By.id("nav-deadletter")).click();
                WebElement group = wait.until(b -> b.findElements(By.cssSelector("#deadletter-groups .group")).stream()
                        .filter(g -> g.getText().contains("awaiting cor-client:CB-LATE")).findFirst().orElse(null));
                group.findElement(By.cssSelector("button[data-action='release']")).click();

                browser.findElement(By.id("nav-runs")).click();
                wait.until(b -> b.findElements(By.cssSelector("#runs-table tbody tr")).stream()
                        .anyMatch(row -> row.getText().contains("deals.csv") && row.getText().contains("created 2")
                                && !row.getText().contains("parked")));
                screenshot(browser, Path.of("target", "console-runs.png"));
            } finally {
                browser.quit();
            }
            assertThat(ferry.report("deals.csv")).extracting(Row::outcome).containsExactly("created", "rejected",
                    "parked", "created");
        }
    }

    private static WebElement visible(WebDriver browser, By by) {
        List<WebElement> found = browser.findElements(by);
        return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
    }

    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(WebDriver browser, Path to) throws Exception {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(to.getParent());
        Files.copy(shot, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
