package org.depa.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.dashboard.Sessions.byTestId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every page, as the participant it is for sees it: no JavaScript console error (script errors,
 * failed loads, Content-Security-Policy violations), no horizontal scroll at 1280 and at 390 CSS
 * pixels with its header, title and key section visible, and no serious or critical axe-core
 * violation (WCAG 2.1 A and AA: labels, contrast, names, structure). With
 * {@code -Ddepa.dashboard.screenshots=DIR} (scripts/dashboard-screenshots.sh) it also saves each
 * page (at {@link Screenshots#WIDTH}) and the job page at 390.
 */
class PageQualityTest {
    /** A page: its file name for screenshots, who looks, where, and the element that must show. */
    record Page(String name, String participant, String path, String key) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Page> pages() {
        return Stream.of(
                new Page("consortium", Scenario.AUDITOR, "/dashboard", "participants-table"),
                new Page("datasets", Scenario.TDC, "/dashboard/datasets", "datasets-table"),
                new Page("dataset", Scenario.ICMR, "/dashboard/datasets/icmr-2026", "budget-chart"),
                new Page("contracts", Scenario.TDC, "/dashboard/contracts", "contracts-table"),
                new Page("jobs", Scenario.CCR, "/dashboard/jobs", "jobs-table"),
                new Page("contract", Scenario.TDC, "/dashboard/contracts/" + Scenario.CONTRACT, "signatures"),
                new Page("job", Scenario.TDC, "/dashboard/jobs/" + Scenario.JOB, "job-status"),
                new Page("run", Scenario.TDC, "/dashboard/runs/" + Scenario.RUN, "attestation"),
                new Page(
                        "payments",
                        Scenario.TDC,
                        "/dashboard/payments?contract=" + Scenario.CONTRACT,
                        "payments-table"),
                new Page(
                        "audit",
                        Scenario.AUDITOR,
                        "/dashboard/audit?objectType=contract&id=" + Scenario.CONTRACT,
                        "history-table"),
                new Page("not-logged-in", null, "/dashboard", "how-to-log-in"));
    }

    static Dashboard dashboard;
    static Sessions sessions;
    static Browser anonymous;
    static AxeCheck axe;
    static Path screenshots;

    @BeforeAll
    static void open() throws Exception {
        dashboard = Dashboard.get();
        sessions = new Sessions(dashboard);
        anonymous = dashboard.browser("anonymous");
        axe = AxeCheck.load();
        String dir = System.getProperty("depa.dashboard.screenshots", "");
        screenshots = dir.isBlank() ? null : Files.createDirectories(Path.of(dir));
    }

    @AfterAll
    static void close() {
        if (sessions != null) {
            sessions.close();
        }
        if (anonymous != null) {
            anonymous.close();
        }
    }

    private static Browser show(Page page) throws IOException {
        if (page.participant() == null) {
            anonymous.load(dashboard.gateway.base.resolve(page.path()).toString());
            return anonymous;
        }
        return sessions.open(page.participant(), page.path());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void noConsoleErrors(Page page) throws Exception {
        Browser b = show(page);
        b.clearConsole(); // what earlier pages left
        String url = b.driver.getCurrentUrl();
        b.load(url);
        Thread.sleep(
                4000); // scripts that act after load (the job page's event stream, its progress poll) have had their
        // turn
        List<String> errors = b.consoleErrors();
        if (page.participant() == null) {
            // The refusal page is itself the 401 answer; Chromium logs a document's error status as a console error.
            errors = errors.stream()
                    .filter(e ->
                            !e.equals(url + " - Failed to load resource: the server responded with a status of 401 ()"))
                    .toList();
        }
        assertThat(errors).as(page.name()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void fitsAt1280And390WithItsKeyPartsVisible(Page page) throws Exception {
        Browser b = show(page);
        try {
            for (int width : new int[] {1280, 390}) {
                b.viewport(width, 900, width < 600);
                b.load(b.driver.getCurrentUrl());
                String what = page.name() + " at " + width + " px";
                assertThat(b.scrollsHorizontally())
                        .as(what + ": scrolls sideways")
                        .isFalse();
                for (String part : List.of("header", "nav", "page-title", page.key())) {
                    assertThat(byTestId(b, part).isDisplayed())
                            .as(what + ": " + part + " visible")
                            .isTrue();
                }
                if (screenshots != null
                        && page.participant() != null
                        && (width == 1280 || page.name().equals("job"))) {
                    int shot = width == 1280 ? Screenshots.WIDTH : width;
                    Screenshots.write(
                            screenshots.resolve(page.name() + (width == 1280 ? "" : "-390") + ".png"),
                            b.screenshot(shot, Screenshots.MAX_HEIGHT, width < 600));
                }
            }
        } finally {
            b.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void passesTheAccessibilityCheck(Page page) throws Exception {
        Browser b = show(page);
        assertThat(axe.serious(b)).as(page.name()).isEmpty();
    }
}
