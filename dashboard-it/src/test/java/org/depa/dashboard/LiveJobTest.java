package org.depa.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.dashboard.Sessions.text;

import java.time.Duration;
import org.depa.ledger.model.domain.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A job's page follows the ledger and the clean room while it stays open: the CCR provider moves
 * the live job SUBMITTED, SCHEDULED, RUNNING, FAILED through the gateway, and each status appears
 * on the TDC's page and on its colleague's (the CCR provider's) without a reload (a marker set in
 * the page's window survives every change, which a reload would clear); the epochs the clean room
 * reports (progress.json, served by the operator's job-output service) appear on the TDC's page
 * alone.
 */
class LiveJobTest {
    static Dashboard dashboard;
    static Sessions sessions;

    @BeforeAll
    static void open() throws Exception {
        dashboard = Dashboard.get();
        sessions = new Sessions(dashboard);
    }

    @AfterAll
    static void close() {
        if (sessions != null) {
            sessions.close();
        }
    }

    private static void awaitText(String expected, String testId, Browser... browsers) {
        for (Browser b : browsers) {
            new WebDriverWait(b.driver, Duration.ofSeconds(60))
                    .withMessage("the open page's " + testId + " to show " + expected)
                    .until(d -> text(b, testId).equals(expected));
            assertThat(b.script("return window.__depaNoReload")).isEqualTo("still the same page");
        }
    }

    @Test
    void theStatusAndProgressChangeOnTheOpenPageWithoutAReload() throws Exception {
        String path = "/dashboard/jobs/" + LiveJob.JOB;
        Browser tdc = sessions.open(Scenario.TDC, path);
        Browser colleague = sessions.open(Scenario.CCR, path);
        assertThat(text(tdc, "job-status")).isEqualTo("SUBMITTED");
        tdc.script("window.__depaNoReload = 'still the same page'");
        colleague.script("window.__depaNoReload = 'still the same page'");
        tdc.clearConsole();
        colleague.clearConsole();
        for (JobStatus next : new JobStatus[] {JobStatus.SCHEDULED, JobStatus.RUNNING}) {
            dashboard.liveJob.advance(next);
            awaitText(next.name(), "job-status", tdc, colleague);
        }
        // The clean room's progress after each epoch, as the operator serves it: the TDC's page follows it.
        for (int epoch = 1; epoch <= 3; epoch++) {
            dashboard.liveJob.progress(epoch, 30, 0.9 - epoch * 0.1, 0.05 * epoch);
            awaitText(String.valueOf(epoch), "progress-epoch", tdc);
        }
        assertThat(text(tdc, "progress-epochs")).isEqualTo("30");
        assertThat(text(tdc, "progress-loss")).startsWith("0.6");
        assertThat(Sessions.present(colleague, "progress-epoch")).isFalse();
        dashboard.liveJob.advance(JobStatus.FAILED);
        awaitText("FAILED", "job-status", tdc, colleague);
        assertThat(text(tdc, "job-reason")).contains("stopped by the dashboard test");
        assertThat(tdc.consoleErrors()).isEmpty();
        assertThat(colleague.consoleErrors()).isEmpty();
    }
}
