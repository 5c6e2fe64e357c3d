package org.depa.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's packages, driven through Debian's chromedriver: Selenium is
 * given both paths, so Selenium Manager never runs and nothing is downloaded. Each instance has a
 * fresh profile directory, reaches loopback only (every other host name resolves to nothing) and
 * accepts exactly one TLS key besides the public roots it has none of: the gateway's test
 * certificate, pinned by its SPKI hash (no blanket "ignore certificate errors").
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final List<LogEntry> console = new ArrayList<>();

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Why the browser cannot run here, or null: the tests fail with this rather than download anything. */
    static String missing() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return "Chromium or its driver is missing (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): run scripts/ensure-chromium.sh (Debian's chromium and chromium-driver packages)";
        }
        return null;
    }

    /**
     * @param pinnedSpki the gateway certificate's {@link Tls#spkiPin}
     * @param profile a new, empty directory for this browser's profile
     * @param driverLog where chromedriver writes its log
     */
    static Browser open(String pinnedSpki, Path profile, Path driverLog) throws IOException {
        String why = missing();
        if (why != null) {
            throw new IllegalStateException(why);
        }
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // root in CI: Chromium's sandbox needs an unprivileged user
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=1280,900",
                "--ignore-certificate-errors-spki-list=" + pinnedSpki,
                // Loopback only: no name resolves, so nothing leaves the machine (the gateway is 127.0.0.1).
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-default-apps",
                "--metrics-recording-only",
                "--no-pings",
                "--password-store=basic",
                "--disable-features=Translate,OptimizationHints,MediaRouter");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(driverLog.toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // Generous: on a starved machine (load 25 on 2 cores, as in this session) a page took over 30 s.
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(180));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return new Browser(driver);
    }

    /** Loads {@code url} and waits until the document has loaded. */
    void load(String url) {
        driver.get(url);
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** Emulates a viewport {@code width} CSS pixels wide (a phone at 390: Chromium's windows cannot be that narrow). */
    void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Whether the page is wider than the viewport (a horizontal scroll bar). */
    boolean scrollsHorizontally() {
        Object r = script("return document.documentElement.scrollWidth > window.innerWidth"
                + " || document.body.scrollWidth > window.innerWidth");
        return Boolean.TRUE.equals(r);
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** Forgets every console message so far: {@link #consoleErrors} then reports only later ones. */
    void clearConsole() {
        driver.manage().logs().get(LogType.BROWSER);
        console.clear();
    }

    /**
     * Every console message since {@link #clearConsole} (or the start): the browser's log is drained
     * when read, so what was read is kept here.
     */
    List<LogEntry> console() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return List.copyOf(console);
    }

    /** The console messages at SEVERE: JavaScript errors, failed loads, CSP violations. */
    List<String> consoleErrors() {
        return console().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** The page as PNG, cropped to its content's height (at most {@code maxHeight}) at the current width. */
    byte[] screenshot(int width, int maxHeight, boolean mobile) {
        long height = ((Number) script("return Math.ceil(Math.max(document.documentElement.scrollHeight,"
                        + " document.body.scrollHeight))"))
                .longValue();
        viewport(width, (int) Math.min(Math.max(height, 200), maxHeight), mobile);
        try {
            return driver.getScreenshotAs(OutputType.BYTES);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
