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
 * A job's page follows the ledger while it stays open: the CCR provider moves the live job
 * SUBMITTED, SCHEDULED, RUNNING, FAILED through the gateway, and each status appears on the TDC's
 * page without a reload (a marker set in the page's window survives every change, which a reload
 * would clear). Its colleague's page, open at the same time, follows too.
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

    @Test
    void theStatusChangesOnTheOpenPageWithoutAReload() throws Exception {
        String path = "/dashboard/jobs/" + LiveJob.JOB;
        Browser tdc = sessions.open(Scenario.TDC, path);
        Browser colleague = sessions.open(Scenario.CCR, path);
        assertThat(text(tdc, "job-status")).isEqualTo("SUBMITTED");
        tdc.script("window.__depaNoReload = 'still the same page'");
        colleague.script("window.__depaNoReload = 'still the same page'");
        for (JobStatus next : new JobStatus[] {JobStatus.SCHEDULED, JobStatus.RUNNING, JobStatus.FAILED}) {
            dashboard.liveJob.advance(next);
            for (Browser b : new Browser[] {tdc, colleague}) {
                new WebDriverWait(b.driver, Duration.ofSeconds(20))
                        .withMessage("the open page to show " + next)
                        .until(d -> text(b, "job-status").equals(next.name()));
                assertThat(b.script("return window.__depaNoReload")).isEqualTo("still the same page");
            }
        }
        assertThat(text(tdc, "job-reason")).contains("stopped by the dashboard test");
        assertThat(tdc.consoleErrors()).isEmpty();
        assertThat(colleague.consoleErrors()).isEmpty();
    }
}
