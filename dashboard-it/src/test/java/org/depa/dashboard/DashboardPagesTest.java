package org.depa.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.dashboard.Sessions.byTestId;
import static org.depa.dashboard.Sessions.present;
import static org.depa.dashboard.Sessions.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import org.depa.ledger.model.Json;
import org.depa.testkit.GenuineSnpFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Each page, in the browser, shows the COVID scenario as the ledger holds it: the figures on the
 * page are compared with what the same participant reads through the API (not with numbers
 * written into the test), and with what the scenario is known to have done (five signatures, three
 * datasets, three key releases, three settled payments).
 */
class DashboardPagesTest {
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

    private static JsonNode api(String participant, String path) {
        return Json.tree(sessions.api(participant).get(path));
    }

    /** The records of a list answer: the array itself, or the array of a page object. */
    private static JsonNode items(JsonNode answer) {
        if (answer.isArray()) {
            return answer;
        }
        for (JsonNode field : answer) {
            if (field.isArray()) {
                return field;
            }
        }
        throw new AssertionError("no list in " + answer);
    }

    private static BigDecimal number(Browser b, String testId) {
        return new BigDecimal(text(b, testId));
    }

    @Test
    void consortiumListsEveryParticipantWithRoleOrganisationAndStatus() throws Exception {
        Browser b = sessions.open(Scenario.AUDITOR, "/dashboard");
        assertThat(text(b, "caller-name")).startsWith(Scenario.AUDITOR + " ");
        for (JsonNode p : items(api(Scenario.AUDITOR, "/v1/participants"))) {
            String row = text(b, "participant-" + p.get("id").asText());
            assertThat(row)
                    .contains(
                            p.get("name").asText(),
                            p.get("role").asText(),
                            p.get("mspId").asText())
                    .contains(p.get("status").asText());
        }
        assertThat(text(b, "participant-" + Scenario.ICMR))
                .contains("ICMR (lab test results)", "TDP", "ProviderMSP", "VERIFIED");
        assertThat(text(b, "agreement-version"))
                .isEqualTo(api(Scenario.AUDITOR, "/v1/agreement").get("version").asText());
        assertThat(text(b, "sro-msp")).isEqualTo("SROMSP");
        assertThat(text(b, "attestation-roots")).contains("Development switch on");
    }

    @Test
    void aDatasetShowsItsTermsAndTheBudgetTheLedgerHolds() throws Exception {
        Browser b = sessions.open(Scenario.ICMR, "/dashboard/datasets/icmr-2026");
        JsonNode budget = api(Scenario.ICMR, "/v1/datasets/icmr-2026/budget");
        assertThat(number(b, "budget-total"))
                .isEqualByComparingTo(budget.get("totalEpsilon").asText());
        assertThat(number(b, "budget-reserved"))
                .isEqualByComparingTo(budget.get("reservedEpsilon").asText());
        assertThat(number(b, "budget-spent"))
                .isEqualByComparingTo(budget.get("spentEpsilon").asText());
        // The scenario's run spent almost all its 1.5; the live contract reserves 1.5 more.
        assertThat(number(b, "budget-spent")).isPositive().isLessThanOrEqualTo(new BigDecimal("1.5"));
        assertThat(number(b, "budget-reserved")).isEqualByComparingTo("1.5");
        assertThat(number(b, "terms-total-epsilon")).isEqualByComparingTo("10");
        assertThat(text(b, "dataset-owner")).isEqualTo(Scenario.ICMR);
        assertThat(byTestId(b, "chart-spent").getAttribute("points")).isNotBlank();
        // registration, the scenario's reservation and spend, the live contract's reservation
        assertThat(byTestId(b, "budget-history").findElements(By.cssSelector("tbody tr")))
                .hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theDatasetsListHasTheThreeTdpsTables() throws Exception {
        Browser b = sessions.open(Scenario.TDC, "/dashboard/datasets");
        for (String id : List.of("icmr-2026", "cowin-2026", "index-2026")) {
            assertThat(present(b, "dataset-" + id)).as(id).isTrue();
        }
    }

    @Test
    void theContractShowsEveryPartysSignatureItsClausesAndItsTimeline() throws Exception {
        Browser b = sessions.open(Scenario.TDC, "/dashboard/contracts/" + Scenario.CONTRACT);
        JsonNode contract = api(Scenario.TDC, "/v1/contracts/" + Scenario.CONTRACT);
        assertThat(text(b, "contract-status"))
                .isEqualTo(contract.get("status").asText())
                .isEqualTo("COMPLETED");
        int version = contract.get("version").asInt();
        for (String party : List.of(Scenario.ICMR, Scenario.COWIN, Scenario.INDEX, Scenario.TDC, Scenario.CCR)) {
            assertThat(text(b, "signature-" + version + "-" + party))
                    .as(party)
                    .contains("signed")
                    .doesNotContain("not signed");
        }
        for (String dataset : List.of("icmr-2026", "cowin-2026", "index-2026")) {
            assertThat(text(b, "clause-" + dataset)).contains("1.5");
        }
        assertThat(present(b, "contract-timeline")).isTrue();
        assertThat(text(b, "contract-jobs")).contains(Scenario.JOB);
    }

    @Test
    void theJobShowsItsRunAndTheEpsilonItsReceiptSpent() throws Exception {
        Browser b = sessions.open(Scenario.TDC, "/dashboard/jobs/" + Scenario.JOB);
        assertThat(text(b, "job-status")).isEqualTo("COMPLETED");
        assertThat(text(b, "job-tdc")).isEqualTo(Scenario.TDC);
        String run = Scenario.RUN;
        assertThat(present(b, "job-run-" + run)).isTrue();
        JsonNode receipt = api(Scenario.TDC, "/v1/runs/" + run + "/receipt");
        BigDecimal spent = BigDecimal.ZERO;
        for (JsonNode d : receipt.at("/body/datasets")) {
            spent = spent.add(new BigDecimal(d.get("epsilonSpent").asText()));
        }
        assertThat(spent).isPositive();
        assertThat(number(b, "job-epsilon-spent")).isEqualByComparingTo(spent);
    }

    @Test
    void theRunShowsItsAttestationKeyReleasesAndReceipt() throws Exception {
        Browser b = sessions.open(Scenario.TDC, "/dashboard/runs/" + Scenario.RUN + "");
        assertThat(text(b, "run-status")).isEqualTo("COMPLETED");
        assertThat(text(b, "attestation-product")).containsIgnoringCase("milan");
        assertThat(text(b, "attestation-measurement")).isEqualToIgnoringCase(GenuineSnpFixtures.MILAN_MEASUREMENT);
        assertThat(present(b, "attestation-development")).isTrue();
        for (String dataset : List.of("icmr-2026", "cowin-2026", "index-2026")) {
            assertThat(present(b, "key-release-" + dataset)).as(dataset).isTrue();
        }
        assertThat(byTestId(b, "receipt-datasets").findElements(By.cssSelector("tbody tr")))
                .hasSize(3);
    }

    @Test
    void paymentsShowEachInstructionSettledWithItsChainTransaction() throws Exception {
        Browser b = sessions.open(Scenario.TDC, "/dashboard/payments?contract=" + Scenario.CONTRACT);
        List<WebElement> rows = byTestId(b, "payments-table").findElements(By.cssSelector("tbody tr"));
        assertThat(rows).hasSize(3);
        for (WebElement row : rows) {
            assertThat(row.getText()).contains("SETTLED");
            assertThat(row.findElement(By.cssSelector("td.hash")).getAttribute("title"))
                    .matches("0x[0-9a-f]{64}");
        }
        String first = rows.get(0).findElement(By.cssSelector("th a")).getText();
        b.load(dashboard.gateway.base.resolve("/dashboard/payments/" + first).toString());
        JsonNode payment = api(Scenario.TDC, "/v1/payments/" + first);
        assertThat(text(b, "payment-status")).isEqualTo("SETTLED");
        assertThat(byTestId(b, "settlement-tx").getText()
                        + byTestId(b, "settlement-tx").getAttribute("title"))
                .contains(payment.get("externalTxHash").asText());
    }

    @Test
    void theAuditPageShowsTheContractsCommittedHistory() throws Exception {
        Browser b = sessions.open(Scenario.AUDITOR, "/dashboard/audit?objectType=contract&id=" + Scenario.CONTRACT);
        List<WebElement> versions = byTestId(b, "history-table").findElements(By.cssSelector("tbody tr"));
        // proposed, five signatures, activated, completed: at least the proposal, activation and completion
        assertThat(versions).hasSizeGreaterThanOrEqualTo(3);
    }
}
