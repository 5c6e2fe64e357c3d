package org.depa.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test browser itself, before any page is judged with it: it is Debian's Chromium through
 * Debian's driver, it reports a page's JavaScript errors, the vendored axe-core finds a missing
 * label and poor contrast, and it trusts the gateway's pinned key but no other certificate.
 */
class HarnessTest {
    @TempDir
    static Path dir;

    static Browser browser;

    @BeforeAll
    static void open() throws Exception {
        String missing = Browser.missing();
        assertThat(missing).as("browser on this machine").isNull();
        // Pinned to a key that is nobody's: every TLS page must then fail.
        String nobody = Base64.getEncoder().encodeToString(new byte[32]);
        browser = Browser.open(nobody, dir.resolve("profile"), dir.resolve("chromedriver.log"));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    static String page(String html) {
        return "data:text/html;base64," + Base64.getEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void itIsDebiansChromiumHeadless() {
        Object agent = browser.script("return navigator.userAgent");
        assertThat(String.valueOf(agent)).contains("HeadlessChrome/156.");
    }

    @Test
    void aScriptErrorOnThePageIsAConsoleError() {
        browser.load(page("<!doctype html><title>t</title><script>undefinedFunction()</script>"));
        List<String> errors = browser.consoleErrors();
        assertThat(errors).anyMatch(e -> e.contains("undefinedFunction is not defined"));
    }

    @Test
    void axeFindsAnUnlabelledFieldAndLightGreyOnWhite() throws Exception {
        browser.load(page("<!doctype html><html lang=en><title>t</title><main><h1>Form</h1>"
                + "<input type=text id=q><p style='color:#ccc;background:#fff'>faint text</p></main></html>"));
        List<AxeCheck.Violation> serious = AxeCheck.load().serious(browser);
        assertThat(serious).extracting(AxeCheck.Violation::id).contains("label", "color-contrast");
    }

    @Test
    void aCleanPagePassesAxe() throws Exception {
        browser.load(page("<!doctype html><html lang=en><title>t</title><main><h1>Form</h1>"
                + "<label for=q>Query</label><input type=text id=q><p>plain text</p></main></html>"));
        assertThat(AxeCheck.load().serious(browser)).isEmpty();
    }

    @Test
    void aServerWhoseKeyIsNotPinnedIsRefused() throws Exception {
        // A TLS server on loopback with a certificate no root vouches for and a key not pinned.
        try (UnpinnedServer server = UnpinnedServer.start(dir)) {
            browser.driver.get(server.url());
            String source = browser.driver.getPageSource();
            assertThat(source).doesNotContain(UnpinnedServer.BODY).containsPattern("ERR_CERT|not private");
        }
    }

    @Test
    void aBrowserPinnedToTheServersKeyLoadsIt() throws Exception {
        try (UnpinnedServer server = UnpinnedServer.start(dir);
                Browser pinned = Browser.open(
                        Tls.spkiPin(server.certificate), dir.resolve("pinned"), dir.resolve("pinned.log"))) {
            pinned.load(server.url());
            assertThat(pinned.driver.getPageSource()).contains(UnpinnedServer.BODY);
        }
    }

    @Test
    void namesOtherThanLoopbackDoNotResolve() {
        assertThatThrownBy(() -> browser.driver.get("https://example.org/"))
                .hasMessageContaining("ERR_NAME_NOT_RESOLVED");
    }
}
