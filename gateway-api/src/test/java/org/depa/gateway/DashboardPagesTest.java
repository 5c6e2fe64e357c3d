package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Pattern;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: each dashboard page renders the ledger's real records of the COVID-like world
 * (DashboardWorld) for a participant presenting its certificate: the content, not just a 200;
 * every page carries the strict headers and no inline script or style.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class DashboardPagesTest {
    @BeforeAll
    static void world() throws Exception {
        DashboardWorld.make();
    }

    static String html(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        return r.asString();
    }

    @Test
    void consortiumShowsTheParticipantsAgreementOrganisationsAndNodes() {
        String page = html(DashboardWorld.page(DashboardWorld.tdc.spec(), "/dashboard"));
        assertThat(page)
                .contains("data-testid=\"page-consortium\"")
                .contains("db-tdc (TDC, ConsumerMSP)")
                .contains("data-testid=\"participant-db-tdp\"")
                .contains("data-testid=\"participant-db-ccr\"")
                .contains("data-testid=\"agreement-version\">v1<")
                .contains("embedded ledger node")
                .containsPattern("up, height \\d+ transactions");
        // The participant of an organisation this gateway does not serve is on the shared registry, and shown.
        assertThat(page).contains("data-testid=\"participant-db-outsider\"").contains("OtherMSP");
    }

    @Test
    void aDatasetShowsItsTermsAndItsBudgetOverTime() {
        String page =
                html(DashboardWorld.page(DashboardWorld.tdc.spec(), "/dashboard/datasets/" + DashboardWorld.DATASET));
        assertThat(page)
                .contains("data-testid=\"dataset-owner\">db-tdp<")
                .contains("data-testid=\"terms-total-epsilon\">10<")
                .contains("data-testid=\"budget-spent\">1<")
                .contains("data-testid=\"budget-chart\"")
                .contains("data-testid=\"chart-spent\" points=\"");
        // One row per committed change: registered, reserved at activation, spent by the receipt.
        int rows = countRows(page, "budget-history");
        assertThat(rows).isGreaterThanOrEqualTo(3);
        assertThat(html(DashboardWorld.page(DashboardWorld.tdc.spec(), "/dashboard/datasets")))
                .contains("href=\"/dashboard/datasets/" + DashboardWorld.DATASET + "\"");
    }

    @Test
    void aContractShowsPartiesSignaturesClausesTimelineAndWork() {
        String page =
                html(DashboardWorld.page(DashboardWorld.tdp.spec(), "/dashboard/contracts/" + DashboardWorld.CONTRACT));
        for (String party : List.of("db-tdc", "db-tdp", "db-ccr")) {
            assertThat(page)
                    .containsPattern(Pattern.compile("data-testid=\"signature-1-" + party + "\"><th scope=\"row\">"
                            + party + "</th><td>signed</td>"));
        }
        assertThat(page)
                .contains("data-testid=\"clause-" + DashboardWorld.DATASET + "\"")
                .contains("data-testid=\"contract-timeline\"")
                .contains("v1 DRAFT")
                .contains("v1 ACTIVE")
                .contains("href=\"/dashboard/jobs/" + DashboardWorld.JOB + "\"")
                .contains("href=\"/dashboard/runs/" + DashboardWorld.RUN + "\"");
        Response lookup =
                DashboardWorld.page(DashboardWorld.tdp.spec(), "/dashboard/contracts?id=" + DashboardWorld.CONTRACT);
        assertThat(lookup.statusCode()).isEqualTo(303);
        assertThat(lookup.header("Location")).endsWith("/dashboard/contracts/" + DashboardWorld.CONTRACT);
    }

    @Test
    void theJobsTdcSeesItsProgressAndEpsilonAndTheLiveScript() {
        String page = html(DashboardWorld.page(DashboardWorld.tdc.spec(), "/dashboard/jobs/" + DashboardWorld.JOB));
        assertThat(page)
                .contains("data-testid=\"job-status\" aria-live=\"polite\">COMPLETED<")
                .contains("data-testid=\"progress-epoch\">2<")
                .contains("data-testid=\"progress-epochs\">3<")
                .contains("data-testid=\"job-epsilon-spent\">1<")
                .contains("data-progress-url=\"/dashboard/jobs/" + DashboardWorld.JOB + "/progress.json\"")
                .contains("<script src=\"/dashboard-assets/job-live.js\" defer></script>")
                .contains(
                        "data-event-names=\"JobCancelled JobCompleted JobFailed JobRunning JobScheduled JobSubmitted\"");
        Response progress = DashboardWorld.tdc.spec().get("/dashboard/jobs/" + DashboardWorld.JOB + "/progress.json");
        assertThat(progress.statusCode()).as(progress.asString()).isEqualTo(200);
        assertThat(progress.jsonPath().getInt("epoch")).isEqualTo(2);
        Response status = DashboardWorld.tdc.spec().get("/dashboard/jobs/" + DashboardWorld.JOB + "/status.json");
        assertThat(status.jsonPath().getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void theJobsEventsStreamToThePageAndEndAfterTheLastOne() {
        Response events = DashboardWorld.tdc
                .spec()
                .accept("text/event-stream")
                .get("/dashboard/jobs/" + DashboardWorld.JOB + "/events");
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.asString())
                .contains("event:JobSubmitted")
                .contains("event:JobRunning")
                .contains("event:JobCompleted");
    }

    @Test
    void aRunShowsItsAttestationKeyReleasesAndReceipt() {
        String page = html(DashboardWorld.page(DashboardWorld.ccr.spec(), "/dashboard/runs/" + DashboardWorld.RUN));
        assertThat(page)
                .contains("data-testid=\"attestation-measurement\">" + World.MEASUREMENT + "<")
                .contains("data-testid=\"attestation-tcb\">" + JobOutputsWorld.TCB + "<")
                .containsPattern("data-testid=\"attestation-product\">[A-Za-z]+<")
                .contains("data-testid=\"key-release-" + DashboardWorld.DATASET + "\"")
                .contains("data-testid=\"key-release-timeline\"")
                .contains(DashboardWorld.DATASET + " released by db-tdp")
                .contains("<th scope=\"row\">accuracy</th><td>0.7</td>");
    }

    @Test
    void paymentsListWhatTheLedgerHoldsForTheContract() {
        List<PaymentInstruction> onLedger = List.of(DashboardWorld.tdc
                .spec()
                .get("/v1/contracts/" + DashboardWorld.CONTRACT + "/payments")
                .as(PaymentInstruction[].class));
        String page = html(DashboardWorld.page(
                DashboardWorld.tdc.spec(), "/dashboard/payments?contract=" + DashboardWorld.CONTRACT));
        if (onLedger.isEmpty()) {
            assertThat(page).contains("data-testid=\"payments-none\"");
        }
        for (PaymentInstruction p : onLedger) {
            assertThat(page).contains("data-testid=\"payment-" + p.paymentId() + "\"");
            String one = html(DashboardWorld.page(DashboardWorld.tdc.spec(), "/dashboard/payments/" + p.paymentId()));
            assertThat(one).contains("data-testid=\"payment-status\">" + p.status() + "<");
        }
    }

    @Test
    void auditShowsAnObjectsHistory() {
        String page = html(DashboardWorld.page(
                DashboardWorld.tdc.spec(), "/dashboard/audit?objectType=contract&id=" + DashboardWorld.CONTRACT));
        assertThat(page).contains("data-testid=\"history-table\"").contains("&quot;status&quot;:&quot;ACTIVE&quot;");
        assertThat(countRows(page, "history-table")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void everyPageHasTheStrictHeadersAndNoInlineScriptOrStyle() {
        for (String path : DashboardWorld.pages()) {
            Response r = DashboardWorld.page(DashboardWorld.tdc.spec(), path);
            String page = html(r);
            assertThat(r.header("Content-Security-Policy"))
                    .as(path)
                    .contains("default-src 'none'")
                    .contains("script-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(page)
                    .as(path)
                    .doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                    .doesNotContain(" style=");
            assertThat(page).as(path).doesNotContainPattern("\\son[a-z]+=\"");
            assertThat(page)
                    .as(path)
                    .contains("<main id=\"main\"")
                    .contains("<nav aria-label=")
                    .contains("<h1 ");
        }
    }

    static int countRows(String page, String tableTestId) {
        int start = page.indexOf("data-testid=\"" + tableTestId + "\"");
        assertThat(start).as(tableTestId).isNotNegative();
        String table = page.substring(start, page.indexOf("</table>", start));
        return table.split("<tr").length - 2; // minus the text before the first row and the header row
    }
}
