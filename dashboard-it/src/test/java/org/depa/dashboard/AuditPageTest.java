package org.depa.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.dashboard.Sessions.byTestId;
import static org.depa.dashboard.Sessions.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.depa.audit.embedded.EmbeddedAudit;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 17: the auditor, in its browser, runs the verification from the audit page over the
 * scenario's ledger and gets the per-check table; the bundle downloads through the browser and
 * the auditor's own code verifies it offline with the same head; the result page has no console
 * error, fits at 1280 and 390 px and passes axe.
 */
class AuditPageTest {
    static Dashboard dashboard;
    static Sessions sessions;
    static AxeCheck axe;
    static Browser auditor;
    static String resultUrl;
    /** What the page showed while the verification ran (the chain held), and whether it was still the same page after. */
    static String runningState;

    static String runningStage;
    static boolean gateReached;
    static Object markerAfter;

    @BeforeAll
    static void run() throws Exception {
        dashboard = Dashboard.get();
        sessions = new Sessions(dashboard);
        axe = AxeCheck.load();
        auditor = sessions.open(Scenario.AUDITOR, "/dashboard/audit");
        auditor.clearConsole();
        // The scenario's ledger trusts the emulator's root (the demo's development switch): accept it, flagged.
        byTestId(auditor, "audit-verify-dev-roots").click();
        // The chain answers late while held: the verification is then seen running on its page.
        dashboard.gate.hold();
        try {
            byTestId(auditor, "audit-verify-submit").click();
            new WebDriverWait(auditor.driver, Duration.ofSeconds(30))
                    .until(d -> !d.findElements(By.cssSelector("[data-testid='verification-running']"))
                            .isEmpty());
            runningState = byTestId(auditor, "verification-live").getAttribute("data-state");
            runningStage = text(auditor, "verification-stage");
            auditor.script("window.__depaNoReload = 'still the same page'");
            gateReached = dashboard.gate.awaitRequest(ChainGate.MAX_HOLD);
        } finally {
            dashboard.gate.release();
        }
        new WebDriverWait(auditor.driver, Duration.ofMinutes(3))
                .until(d -> !d.findElements(By.cssSelector("[data-testid='checks-table']"))
                        .isEmpty());
        markerAfter = auditor.script("return window.__depaNoReload");
        // With -Ddepa.dashboard.screenshots=DIR (scripts/dashboard-screenshots.sh): the result page for the README.
        String shots = System.getProperty("depa.dashboard.screenshots", "");
        if (!shots.isBlank()) {
            Screenshots.write(
                    Files.createDirectories(Path.of(shots)).resolve("audit-verification.png"),
                    auditor.screenshot(Screenshots.WIDTH, Screenshots.MAX_HEIGHT, false));
        }
        resultUrl = auditor.driver.getCurrentUrl();
    }

    @AfterAll
    static void close() {
        if (sessions != null) {
            sessions.close();
        }
    }

    /**
     * Issue 17: the verification runs in the background and its page follows it. While the chain is
     * held, the page shows it RUNNING with its stage; when it has finished, the table replaces the
     * progress in the same page (a marker set in the page's window survives: no reload).
     */
    @Test
    void theRunningVerificationShowsItsProgressAndTheTableArrivesWithoutAReload() {
        assertThat(runningState).isEqualTo("RUNNING");
        assertThat(runningStage).isIn("copying the ledger", "connecting to the payment chain", "running the checks");
        assertThat(gateReached).as("the verification asked the held chain").isTrue();
        assertThat(markerAfter).isEqualTo("still the same page");
        assertThat(byTestId(auditor, "verification-live").getAttribute("data-state"))
                .isEqualTo("DONE");
        assertThat(auditor.consoleErrors()).isEmpty();
    }

    /**
     * A SKIP row says why: with no genesis hash and no head given, the auditor skips pinning them and
     * the row says so, naming the hash it found (the one the page lists to pin); every SKIP row has a reason.
     */
    @Test
    void eachSkippedCheckSaysWhy() {
        List<WebElement> skipped =
                auditor.driver.findElements(By.cssSelector("tr[data-testid^='check-'][data-verdict='SKIP']"));
        assertThat(skipped).isNotEmpty();
        for (WebElement row : skipped) {
            String id = row.getAttribute("data-testid");
            assertThat(row.findElements(By.cssSelector("[data-testid='" + id + "-skip-reasons'] li")))
                    .as(id + " says why it was skipped")
                    .isNotEmpty();
        }
        String anchors = text(auditor, "verification-anchors");
        String trust = text(auditor, "check-embedded.trust-anchor-skip-reasons");
        assertThat(trust).startsWith("no --genesis-hash given; the first line hashes to ");
        String genesis = trust.replaceAll(".*hashes to ([0-9a-f]{64}).*", "$1");
        assertThat(anchors).contains(genesis);
        assertThat(text(auditor, "check-embedded.head-skip-reasons"))
                .startsWith("no --expect-head given; the head is ");
    }

    /**
     * Every check of the ledger passes; the settlement check runs against the gateway's payment
     * chain, a fresh anvil node on which the scenario's settlements never happened (the demo's node
     * stopped with the demo), so it fails naming each missing transaction, and so the verdict is FAIL.
     */
    @Test
    void theTableShowsEveryCheckAndOnlyTheSettlementsOnAnotherChainFail() {
        assertThat(resultUrl).contains("/dashboard/audit/verifications/");
        List<WebElement> rows = auditor.driver.findElements(By.cssSelector("tr[data-testid^='check-'][data-verdict]"));
        assertThat(rows).hasSizeGreaterThan(15);
        for (WebElement row : rows) {
            if (!row.getAttribute("data-testid").equals("check-domain.payment.chain-settlement")) {
                assertThat(row.getAttribute("data-verdict")).as(row.getText()).isNotEqualTo("FAIL");
            }
        }
        for (String check : List.of(
                "embedded.line.signature",
                "domain.contract.signature",
                "domain.run.attestation",
                "domain.key-release",
                "domain.receipt.signature",
                "domain.payment")) {
            WebElement row = byTestId(auditor, "check-" + check);
            assertThat(row.getAttribute("data-verdict")).as(check).isEqualTo("PASS");
        }
        assertThat(byTestId(auditor, "check-domain.payment.chain-settlement").getAttribute("data-verdict"))
                .isEqualTo("FAIL");
        assertThat(text(auditor, "check-domain.payment.chain-settlement-details"))
                .contains("the chain has no transaction 0x");
        assertThat(text(auditor, "verification-verdict")).isEqualTo("FAIL");
        assertThat(text(auditor, "verification-chain")).contains("checked against the payment chain at");
        assertThat(auditor.consoleErrors()).isEmpty();
    }

    @Test
    void theBundleDownloadsAndVerifiesOfflineToTheSameHead() throws Exception {
        Path downloads = Files.createDirectories(dashboard.work.resolve("downloads"));
        auditor.driver.executeCdpCommand(
                "Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString(), "eventsEnabled", false));
        WebElement link = byTestId(auditor, "bundle-download");
        String fileName = link.getAttribute("download");
        link.click();
        Path zip = downloads.resolve(fileName);
        Instant deadline = Instant.now().plusSeconds(120);
        while (!(Files.isRegularFile(zip) && !Files.exists(downloads.resolve(fileName + ".crdownload")))) {
            assertThat(Instant.now()).as("downloaded " + zip).isBefore(deadline);
            Thread.sleep(200);
        }
        Path dir = unzip(zip, dashboard.work.resolve("download-" + System.nanoTime()));
        Path report = dashboard.work.resolve("offline-report-" + System.nanoTime());
        String head;
        long failed;
        try (AuditReport r = new AuditReport(report, dir.toString());
                PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)) {
            EmbeddedAudit.run(
                    dir, new EmbeddedAudit.Options(null, null, false, true, "depa", "depa"), r, quiet, List.of());
            failed = r.count(Status.FAIL);
            head = r.anchors().get("head");
        }
        assertThat(failed).isZero();
        auditor.load(resultUrl);
        assertThat(text(auditor, "verification-anchors")).contains(head);
    }

    @Test
    void theResultPageFitsAt1280And390AndPassesAxe() throws Exception {
        auditor.load(resultUrl);
        try {
            for (int width : new int[] {1280, 390}) {
                auditor.viewport(width, 900, width < 600);
                auditor.load(resultUrl);
                assertThat(auditor.scrollsHorizontally())
                        .as("scrolls sideways at " + width)
                        .isFalse();
                assertThat(axe.serious(auditor)).as("axe at " + width).isEmpty();
            }
        } finally {
            auditor.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
        auditor.load(dashboard.gateway.base.resolve("/dashboard/audit").toString());
        assertThat(axe.serious(auditor)).as("the audit page with its form").isEmpty();
        assertThat(auditor.consoleErrors()).isEmpty();
    }

    private static Path unzip(Path zip, Path into) throws IOException {
        Path root = null;
        try (InputStream f = Files.newInputStream(zip);
                ZipInputStream in = new ZipInputStream(f)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                assertThat(target.startsWith(into)).as(e.getName()).isTrue();
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
                root = target.getParent();
            }
        }
        return root;
    }
}
