package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import org.depa.gateway.Api.Member;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the contracts and jobs lists, {@code GET /v1/contracts} and {@code GET /v1/jobs} and
 * the dashboard pages over them. Each caller sees exactly what its own API call lists, which is
 * what it is a party to; asking for another party's list is refused by the ledger, through the
 * API and on the page alike; the SRO lists every one; pages follow the ledger's bookmark.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class DashboardListsTest {
    @BeforeAll
    static void world() throws Exception {
        DashboardWorld.make();
    }

    private static List<String> api(RequestSpecification spec, String path, String idField) {
        Response r = spec.get(path);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath().getList("items." + idField, String.class);
    }

    private static List<String> rows(RequestSpecification spec, String path, String rowPrefix) {
        String page = DashboardPagesTest.html(DashboardWorld.page(spec, path));
        List<String> ids = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<tr data-testid=\"" + rowPrefix + "([^\"]+)\"")
                .matcher(page);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void eachPartysPagesListExactlyWhatItsOwnApiCallLists() {
        for (Member m : List.of(DashboardWorld.tdc, DashboardWorld.tdp, DashboardWorld.ccr, DashboardWorld.colleague)) {
            List<String> contracts = api(m.spec(), "/v1/contracts", "contractId");
            assertThat(rows(m.spec(), "/dashboard/contracts", "contract-row-"))
                    .as(m.id())
                    .isEqualTo(contracts);
            List<String> jobs = api(m.spec(), "/v1/jobs", "jobId");
            assertThat(rows(m.spec(), "/dashboard/jobs", "job-row-")).as(m.id()).isEqualTo(jobs);
            if (m == DashboardWorld.colleague) {
                assertThat(contracts)
                        .as("a colleague of the TDC's organisation is no party")
                        .isEmpty();
                assertThat(jobs).isEmpty();
            } else {
                assertThat(contracts).as(m.id()).contains(DashboardWorld.CONTRACT);
                assertThat(jobs).as(m.id()).contains(DashboardWorld.JOB);
            }
        }
        String page = DashboardPagesTest.html(DashboardWorld.page(DashboardWorld.tdp.spec(), "/dashboard/contracts"));
        assertThat(page)
                .contains("href=\"/dashboard/contracts/" + DashboardWorld.CONTRACT + "\"")
                .contains("href=\"/dashboard/datasets/" + DashboardWorld.DATASET + "\"");
        assertThat(DashboardPagesTest.html(DashboardWorld.page(DashboardWorld.ccr.spec(), "/dashboard/jobs")))
                .contains("href=\"/dashboard/jobs/" + DashboardWorld.JOB + "\"")
                .containsPattern("data-testid=\"job-row-" + DashboardWorld.JOB + "\">[\\s\\S]*?COMPLETED");
    }

    @Test
    void anotherPartysListIsRefusedThroughTheApiAndOnThePage() {
        Response r = DashboardWorld.tdp.spec().get("/v1/contracts?party=db-tdc");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(403);
        assertThat(r.jsonPath().getString("code")).isEqualTo("NOT_A_PARTY");
        String page = DashboardPagesTest.html(
                DashboardWorld.page(DashboardWorld.colleague.spec(), "/dashboard/jobs?party=db-tdc"));
        assertThat(page).contains("data-testid=\"jobs-refusal\">NOT_A_PARTY").doesNotContain("job-row-");
        Response bad = DashboardWorld.colleague.spec().get("/v1/jobs?party=no%20such");
        assertThat(bad.statusCode()).as(bad.asString()).isEqualTo(400);
        assertThat(bad.jsonPath().getString("detail")).contains("partyId");
    }

    @Test
    void theSroListsEveryContractAndPagesFollowTheBookmark() {
        List<String> every = new ArrayList<>();
        String bookmark = "";
        int pages = 0;
        do {
            Response r = Api.sro()
                    .queryParam("pageSize", 1)
                    .queryParam("bookmark", bookmark)
                    .get("/v1/contracts");
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            every.addAll(r.jsonPath().getList("items.contractId", String.class));
            bookmark = r.jsonPath().getString("bookmark");
            pages++;
        } while (!bookmark.isEmpty() && pages < 500);
        assertThat(every)
                .contains(DashboardWorld.CONTRACT)
                .doesNotHaveDuplicates()
                .isSorted();
        assertThat(every).containsAll(api(DashboardWorld.tdc.spec(), "/v1/contracts", "contractId"));
        assertThat(rows(Api.sro(), "/dashboard/contracts", "contract-row-"))
                .as("the first page of 50")
                .isEqualTo(every.subList(0, Math.min(50, every.size())));
        Response bad = Api.sro().get("/v1/contracts?pageSize=0");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.jsonPath().getString("detail")).contains("pageSize");
    }
}
