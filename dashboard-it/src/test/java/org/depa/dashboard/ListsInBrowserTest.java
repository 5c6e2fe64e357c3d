package org.depa.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.dashboard.Sessions.byTestId;
import static org.depa.dashboard.Sessions.present;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 17: the contracts and jobs lists in the browser. Each identity of the COVID scenario sees
 * on /dashboard/contracts and /dashboard/jobs exactly the rows its own API call
 * ({@code GET /v1/contracts}, {@code GET /v1/jobs}) returns, in the same order, each row linking to
 * its page; asking for another party's list shows the ledger's refusal and no row.
 */
class ListsInBrowserTest extends LoggedInBrowsers {

    private static List<String> api(String participant, String path, String idField) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : org.depa.ledger.model.Json.tree(
                        sessions.api(participant).get(path))
                .get("items")) {
            ids.add(item.get(idField).asText());
        }
        return ids;
    }

    private static List<String> rows(Browser b, String prefix) {
        List<String> ids = new ArrayList<>();
        for (WebElement row : b.driver.findElements(By.cssSelector("tr[data-testid^='" + prefix + "']"))) {
            ids.add(row.getAttribute("data-testid").substring(prefix.length()));
        }
        return ids;
    }

    @ParameterizedTest
    @MethodSource("org.depa.dashboard.Scenario#identities")
    void eachIdentitySeesExactlyItsOwnApiList(String participant) throws Exception {
        List<String> contracts = api(participant, "/v1/contracts", "contractId");
        Browser b = sessions.open(participant, "/dashboard/contracts");
        assertThat(present(b, "refusal")).as(participant).isFalse();
        assertThat(rows(b, "contract-row-")).as(participant + " contracts").isEqualTo(contracts);
        if (participant.equals(Scenario.RELAY)) {
            assertThat(contracts)
                    .as("the payment relay is party to no contract")
                    .isEmpty();
            assertThat(present(b, "contracts-none")).isTrue();
        } else {
            assertThat(contracts).as(participant).contains(Scenario.CONTRACT);
            WebElement link = byTestId(b, "contract-row-" + Scenario.CONTRACT).findElement(By.tagName("a"));
            assertThat(link.getAttribute("href")).endsWith("/dashboard/contracts/" + Scenario.CONTRACT);
        }

        List<String> jobs = api(participant, "/v1/jobs", "jobId");
        b = sessions.open(participant, "/dashboard/jobs");
        assertThat(rows(b, "job-row-")).as(participant + " jobs").isEqualTo(jobs);
        if (!participant.equals(Scenario.RELAY)) {
            assertThat(jobs).as(participant).contains(Scenario.JOB);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Scenario.COWIN, Scenario.CCR})
    void anotherPartysListShowsTheRefusalAndNoRow(String participant) throws Exception {
        Browser b = sessions.open(participant, "/dashboard/contracts?party=" + Scenario.ICMR);
        assertThat(Sessions.text(b, "contracts-refusal")).startsWith("NOT_A_PARTY");
        assertThat(rows(b, "contract-row-")).isEmpty();
        b = sessions.open(participant, "/dashboard/jobs?party=" + Scenario.TDC);
        assertThat(Sessions.text(b, "jobs-refusal")).startsWith("NOT_A_PARTY");
        assertThat(rows(b, "job-row-")).isEmpty();
    }
}
