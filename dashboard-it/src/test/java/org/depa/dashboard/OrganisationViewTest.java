package org.depa.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.dashboard.Sessions.byTestId;
import static org.depa.dashboard.Sessions.present;

import java.util.List;
import org.depa.gateway.client.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each participant sees in its browser what it may read through the API, and nothing more: a page
 * is refused exactly when the participant's own API call for the same object is, with the same
 * status; the job's progress is its TDC's alone (not a TDP's of another organisation, not the CCR
 * provider's, a colleague in the TDC's own organisation); a browser without a session sees no
 * data; a login link works once; the session's cookie does not open the API.
 */
class OrganisationViewTest extends LoggedInBrowsers {
    /** A page and the API route that reads the same object. */
    record Twin(String page, String api) {}

    static final List<Twin> TWINS = List.of(
            new Twin("/dashboard/contracts/" + Scenario.CONTRACT, "/v1/contracts/" + Scenario.CONTRACT),
            new Twin("/dashboard/jobs/" + Scenario.JOB, "/v1/jobs/" + Scenario.JOB),
            new Twin("/dashboard/runs/" + Scenario.RUN, "/v1/runs/" + Scenario.RUN),
            new Twin("/dashboard/datasets/icmr-2026", "/v1/datasets/icmr-2026"),
            new Twin("/dashboard/datasets", "/v1/datasets"),
            new Twin("/dashboard", "/v1/participants"));

    /** The API's status for {@code participant} reading {@code path}: 200 or its refusal's. */
    private static int apiStatus(String participant, String path) {
        try {
            sessions.api(participant).get(path);
            return 200;
        } catch (GatewayException e) {
            return e.status();
        }
    }

    @ParameterizedTest
    @MethodSource("org.depa.dashboard.Scenario#identities")
    void aPageIsRefusedExactlyWhenTheApiRefusesTheSameParticipant(String participant) throws Exception {
        for (Twin twin : TWINS) {
            int api = apiStatus(participant, twin.api());
            Browser b = sessions.open(participant, twin.page());
            boolean refused = present(b, "refusal");
            String what = participant + " on " + twin.page() + " (API " + api + ")";
            if (api == 200) {
                assertThat(refused).as(what).isFalse();
            } else {
                assertThat(refused).as(what).isTrue();
                assertThat(byTestId(b, "refusal").getAttribute("data-status"))
                        .as(what)
                        .isEqualTo(String.valueOf(api));
            }
        }
    }

    @Test
    void theJobsProgressIsItsTdcsAlone() throws Exception {
        String page = "/dashboard/jobs/" + Scenario.JOB;
        Browser tdc = sessions.open(Scenario.TDC, page);
        assertThat(present(tdc, "progress-not-yours")).isFalse();
        assertThat(present(tdc, "progress-epoch")).isTrue();
        for (String other : List.of(Scenario.ICMR, Scenario.CCR, Scenario.AUDITOR, Scenario.SRO_OPERATOR)) {
            Browser b = sessions.open(other, page);
            assertThat(present(b, "progress-not-yours")).as(other).isTrue();
            assertThat(present(b, "progress-epoch")).as(other).isFalse();
            assertThat(present(b, "progress-loss")).as(other).isFalse();
            // The data behind the page refuses them too, as the API does.
            b.load(dashboard.gateway.base.resolve(page + "/progress.json").toString());
            assertThat(b.driver.getPageSource())
                    .as(other)
                    .doesNotContain("\"loss\"")
                    .doesNotContain("\"epoch\"");
            assertThat(apiStatus(other, "/v1/jobs/" + Scenario.JOB + "/progress"))
                    .as(other)
                    .isEqualTo(403);
        }
    }

    @Test
    void aBrowserWithoutASessionSeesNoData() throws Exception {
        try (Browser b = dashboard.browser("anonymous")) {
            for (Twin twin : TWINS) {
                b.load(dashboard.gateway.base.resolve(twin.page()).toString());
                assertThat(byTestId(b, "refusal").getAttribute("data-status"))
                        .as(twin.page())
                        .isEqualTo("401");
                assertThat(present(b, "how-to-log-in")).isTrue();
                assertThat(b.driver.getPageSource()).doesNotContain("ICMR (lab test results)");
            }
        }
    }

    @Test
    void aLoginLinkWorksOnceAndForItsParticipantOnly() throws Exception {
        String link = sessions.loginUrl(Scenario.ICMR);
        try (Browser first = dashboard.browser("first");
                Browser second = dashboard.browser("second")) {
            first.load(link);
            first.load(dashboard.gateway.base.resolve("/dashboard").toString());
            assertThat(Sessions.text(first, "caller-name")).startsWith(Scenario.ICMR + " ");
            second.load(link);
            second.load(dashboard.gateway.base.resolve("/dashboard").toString());
            assertThat(byTestId(second, "refusal").getAttribute("data-status")).isEqualTo("401");
        }
    }

    @Test
    void theSessionDoesNotOpenTheApi() throws Exception {
        Browser b = sessions.open(Scenario.TDC, "/dashboard");
        b.load(dashboard
                .gateway
                .base
                .resolve("/v1/contracts/" + Scenario.CONTRACT)
                .toString());
        assertThat(b.driver.getPageSource()).contains("UNAUTHENTICATED").doesNotContain("\"documentSha256\"");
    }
}
