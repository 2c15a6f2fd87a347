package org.rdpdoctor.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver (Selenium Manager never runs, so
 * nothing is downloaded), with a fresh profile, saving screenshots under {@code <build
 * dir>/screenshots/}.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * A name the browser resolves to 127.0.0.1. Unlike 127.0.0.1 it is not a secure context, as an
     * intranet server reached over plain http is not, so pages lack the Clipboard API there.
     */
    static final String PLAIN_HTTP_HOST = "helpdesk.test";

    private static final Duration PAGE_LOAD = Duration.ofSeconds(20);

    /** Each document has a time origin of its own. */
    private static final String PAGE_IDENTITY = "return String(performance.timeOrigin)";

    private final ChromeDriver driver;
    private final Path profile;
    private final String journey;
    private final WebDriverWait wait;

    /** Waits across a page change, while scripts and lookups may fail as the old page unloads. */
    private final FluentWait<WebDriver> navigation;

    private int shots;

    private Browser(ChromeDriver driver, Path profile, String journey) {
        this.driver = driver;
        this.profile = profile;
        this.journey = journey;
        this.wait = new WebDriverWait(driver, PAGE_LOAD);
        this.navigation = new WebDriverWait(driver, PAGE_LOAD).ignoring(WebDriverException.class);
    }

    /**
     * Skips the calling tests when Chromium or chromedriver is missing; with {@code CI=true} fails
     * them instead, so that a CI machine without a browser cannot pass by skipping.
     */
    static void assumeInstalled() {
        List<Path> missing =
                Stream.of(CHROMIUM, CHROMEDRIVER).filter(p -> !Files.isExecutable(p)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String message =
                "browser tests need "
                        + missing
                        + "; install them with: apt-get install chromium chromium-driver";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true, so the browser tests fail rather than skip)");
        }
        Assumptions.abort(message);
    }

    /** A new browser that shows pages {@code width} by {@code height} CSS pixels large. */
    static Browser open(String journey, int width, int height) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = temporaryProfile();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--host-resolver-rules=MAP " + PLAIN_HTTP_HOST + " 127.0.0.1",
                "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
        // Chromium keeps windows at least 500 pixels wide: set the page's viewport instead; below
        // 600 pixels as a phone, which honours the pages' viewport meta tag.
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width",
                        width,
                        "height",
                        height,
                        "deviceScaleFactor",
                        1,
                        "mobile",
                        width < 600));
        return new Browser(driver, profile, journey);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The first element that matches, waiting for it up to the page-load limit. */
    WebElement find(String css) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /**
     * The text of the first element that matches once it holds {@code part}, waiting for it up to
     * the page-load limit: for text a script writes after the page has loaded.
     */
    String textOnceItHolds(String css, String part) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), part));
        return find(css).getText();
    }

    /** Every element that matches now, without waiting. */
    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void get(String url) {
        driver.get(url);
        waitForLoad();
    }

    /** Does something that loads a new page (a click, a key), then waits until it has loaded. */
    void navigate(Runnable action) {
        Object before = driver.executeScript(PAGE_IDENTITY);
        action.run();
        navigation.until(d -> !before.equals(driver.executeScript(PAGE_IDENTITY)));
        waitForLoad();
    }

    /** Runs a script in the page and returns its value. */
    Object script(String js) {
        return driver.executeScript(js);
    }

    /**
     * Saves the whole page, not only the window, as {@code <journey>-<nn>-<step>.png}; {@code nn}
     * counts the journey's screenshots, so the files sort in the order the pages were seen.
     */
    Path screenshot(String step) {
        Path dir = Path.of(System.getProperty("build.dir", "target"), "screenshots");
        Path file = dir.resolve(String.format("%s-%02d-%s.png", journey, ++shots, step));
        Object png =
                driver.executeCdpCommand(
                                "Page.captureScreenshot",
                                Map.of("format", "png", "captureBeyondViewport", true))
                        .get("data");
        try {
            Files.createDirectories(dir);
            Files.write(file, Base64.getDecoder().decode((String) png));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot " + file, e);
        }
        return file;
    }

    /** Console messages of level SEVERE (script errors, refused resources, CSP violations). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private void waitForLoad() {
        navigation.until(
                d -> "complete".equals(driver.executeScript("return document.readyState")));
    }

    private static Path temporaryProfile() {
        try {
            return Files.createTempDirectory("rdp-doctor-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile folder", e);
        }
    }

    private static void deleteTree(Path profile) {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Chromium profile " + profile, e);
        }
    }
}
