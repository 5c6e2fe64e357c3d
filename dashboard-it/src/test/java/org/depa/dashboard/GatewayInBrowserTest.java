package org.depa.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.depa.ledger.model.domain.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared setup itself: the scenario's gateway answers the test browser over TLS with the
 * pinned key, and the live job exists, SUBMITTED by the TDC on an ACTIVE second contract.
 */
class GatewayInBrowserTest {
    static Dashboard dashboard;
    static Browser browser;

    @BeforeAll
    static void open() throws Exception {
        dashboard = Dashboard.get();
        browser = dashboard.browser("gateway");
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theBrowserReachesTheGatewayOverItsPinnedKey() {
        browser.load(dashboard.gateway.base.resolve("/q/health/ready").toString());
        assertThat(browser.driver.getPageSource()).contains("\"status\"").contains("UP");
    }

    @Test
    void theLiveJobWaitsOnItsActiveContract() {
        assertThat(dashboard.liveJob.current().status())
                .isIn(JobStatus.SUBMITTED, JobStatus.SCHEDULED, JobStatus.RUNNING, JobStatus.FAILED);
        assertThat(dashboard.liveJob.current().contractIds()).containsExactly(LiveJob.CONTRACT);
    }
}
