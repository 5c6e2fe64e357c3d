package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.domain.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: who may see the dashboard, tried against every page. Without a certificate or a
 * session each page is a 401 page saying how to log in; an unknown CA, an unregistered, suspended
 * or other-organisation certificate gets the API's refusal as a page; a login link works once and
 * only before it expires, a forged one never; a session cookie opens the pages but never the API;
 * logging out needs the session's form token; the job's progress is its TDC's alone, a colleague
 * of its organisation and another organisation's participant included, by certificate or session.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class DashboardAuthTest {
    static Member suspended;
    static Member unregistered;
    static Member foreignCa;

    @BeforeAll
    static void world() throws Exception {
        DashboardWorld.make();
        suspended = Api.onboard("db-suspended", Role.TDC, "ConsumerMSP");
        Api.json(Api.sro(), "{\"reason\":\"test\"}")
                .post("/v1/participants/db-suspended/suspend")
                .then()
                .statusCode(200);
        unregistered = Api.certified("db-nobody", Role.TDC, "ConsumerMSP", "ca");
        foreignCa = Api.certified("db-foreign", Role.TDC, "ConsumerMSP", "foreign");
    }

    static void refusedPage(Response r, int status, String code) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.asString()).contains("data-status=\"" + status + "\"").contains("data-code=\"" + code + "\"");
        assertThat(r.header("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(r.asString())
                .as("nothing of the ledger on a refusal")
                .doesNotContain("db-tdp")
                .doesNotContain("db-c1");
    }

    @Test
    void everyPageRefusesCallersWithoutCertificateOrSession() {
        for (String path : DashboardWorld.pages()) {
            Response r = DashboardWorld.page(Api.anonymous(), path);
            refusedPage(r, 401, "UNAUTHENTICATED");
            assertThat(r.asString()).as(path).contains("data-testid=\"how-to-log-in\"");
        }
        Response help = DashboardWorld.page(Api.anonymous(), "/dashboard/how-to-log-in");
        assertThat(help.statusCode()).isEqualTo(200);
        assertThat(help.asString()).contains("depa dashboard login");
    }

    @Test
    void everyPageRefusesWhomTheApiRefuses() {
        for (String path : DashboardWorld.pages()) {
            refusedPage(DashboardWorld.page(unregistered.spec(), path), 403, "NOT_REGISTERED");
            refusedPage(DashboardWorld.page(suspended.spec(), path), 403, "PARTICIPANT_SUSPENDED");
            refusedPage(DashboardWorld.page(DashboardWorld.outsider.spec(), path), 403, "WRONG_ORGANISATION");
            // A certificate of a CA the gateway does not trust is refused in the handshake or sent without one.
            Response foreign;
            try {
                foreign = DashboardWorld.page(foreignCa.spec(), path);
            } catch (RuntimeException handshake) {
                continue;
            }
            refusedPage(foreign, 401, "UNAUTHENTICATED");
        }
    }

    @Test
    void theProgressIsTheJobsTdcsAloneWhoeverElseLooks() {
        String job = "/dashboard/jobs/" + DashboardWorld.JOB;
        for (RequestSpecification other : new RequestSpecification[] {
            DashboardWorld.colleague.spec(), DashboardWorld.tdp.spec(), DashboardWorld.ccr.spec(), Api.sro()
        }) {
            String page = DashboardWorld.page(other, job)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(page)
                    .contains("data-testid=\"progress-not-yours\"")
                    .doesNotContain("data-testid=\"progress-epoch\"");
            assertThat(page).doesNotContain("data-progress-url");
        }
        Response colleague = DashboardWorld.colleague.spec().get(job + "/progress.json");
        assertThat(colleague.statusCode()).isEqualTo(403);
        assertThat(colleague.jsonPath().getString("code")).isEqualTo("NOT_A_PARTY");
        assertThat(DashboardWorld.tdp
                        .spec()
                        .get(job + "/progress.json")
                        .jsonPath()
                        .getString("code"))
                .isEqualTo("WRONG_ROLE");
        // The same through a session: the colleague's session is the colleague.
        String cookie = login(DashboardWorld.colleague.spec());
        String page =
                withSession(cookie).get(job).then().statusCode(200).extract().asString();
        assertThat(page).contains("db-tdc-colleague (TDC, ConsumerMSP)").contains("data-testid=\"progress-not-yours\"");
        assertThat(withSession(cookie).get(job + "/progress.json").statusCode()).isEqualTo(403);
    }

    @Test
    void aLoginLinkOpensOneSessionOnceThatSeesThePagesButNotTheApi() {
        Response made = DashboardWorld.tdc.spec().post("/v1/dashboard/sessions");
        assertThat(made.statusCode()).as(made.asString()).isEqualTo(200);
        String url = made.jsonPath().getString("loginUrl");
        assertThat(made.jsonPath().getString("caller")).isEqualTo("db-tdc");
        String path = URI.create(url).getRawPath() + "?" + URI.create(url).getRawQuery();

        Response opened = DashboardWorld.page(Api.anonymous(), path);
        assertThat(opened.statusCode()).as(opened.asString()).isEqualTo(303);
        assertThat(opened.header("Location")).endsWith("/dashboard");
        String setCookie = opened.header("Set-Cookie");
        assertThat(setCookie)
                .startsWith("__Host-depa-dashboard=")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("Secure")
                .containsIgnoringCase("SameSite=Strict")
                .contains("Path=/");
        String cookie = opened.getCookie("__Host-depa-dashboard");

        for (String page : DashboardWorld.pages()) {
            Response r = withSession(cookie).get(page);
            assertThat(r.statusCode()).as(page + ": " + r.asString()).isEqualTo(200);
        }
        assertThat(withSession(cookie).get("/dashboard").asString()).contains("db-tdc (TDC, ConsumerMSP)");
        // The cookie is no key to the API, which only takes certificates.
        Response api =
                Api.anonymous().cookie("__Host-depa-dashboard", cookie).get("/v1/contracts/" + DashboardWorld.CONTRACT);
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(Api.anonymous()
                        .cookie("__Host-depa-dashboard", cookie)
                        .get("/dashboard/../v1/contracts/" + DashboardWorld.CONTRACT)
                        .statusCode())
                .isIn(401, 404);

        refusedPage(DashboardWorld.page(Api.anonymous(), path), 401, "UNAUTHENTICATED"); // used once already
        refusedPage(
                DashboardWorld.page(Api.anonymous(), "/dashboard/login?token=forged-token-value"),
                401,
                "UNAUTHENTICATED");
        refusedPage(DashboardWorld.page(Api.anonymous(), "/dashboard/login"), 401, "UNAUTHENTICATED");
        refusedPage(
                DashboardWorld.page(Api.anonymous().cookie("__Host-depa-dashboard", "forged"), "/dashboard"),
                401,
                "UNAUTHENTICATED");
    }

    @Test
    void loggingOutNeedsTheSessionsFormTokenAndEndsTheSession() {
        String cookie = login(DashboardWorld.tdc.spec());
        String page = withSession(cookie).get("/dashboard").asString();
        String csrf = page.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        assertThat(csrf).hasSizeGreaterThan(20).doesNotContain("<");

        Response forged = withSession(cookie).formParam("csrf", "not-the-token").post("/dashboard/logout");
        refusedPage(forged, 403, "FORM_NOT_TRUSTED");
        Response none = withSession(cookie)
                .contentType("application/x-www-form-urlencoded")
                .post("/dashboard/logout");
        refusedPage(none, 403, "FORM_NOT_TRUSTED");
        assertThat(withSession(cookie).get("/dashboard").statusCode())
                .as("still logged in")
                .isEqualTo(200);

        Response out = withSession(cookie).formParam("csrf", csrf).post("/dashboard/logout");
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
        refusedPage(DashboardWorld.page(withSession(cookie), "/dashboard"), 401, "UNAUTHENTICATED");
    }

    @Test
    void onlyConsortiumMembersGetALoginLink() {
        assertThat(Api.anonymous().post("/v1/dashboard/sessions").statusCode()).isEqualTo(401);
        assertThat(unregistered.spec().post("/v1/dashboard/sessions").jsonPath().getString("code"))
                .isEqualTo("NOT_REGISTERED");
        assertThat(suspended.spec().post("/v1/dashboard/sessions").jsonPath().getString("code"))
                .isEqualTo("PARTICIPANT_SUSPENDED");
        assertThat(DashboardWorld.outsider
                        .spec()
                        .post("/v1/dashboard/sessions")
                        .jsonPath()
                        .getString("code"))
                .isEqualTo("WRONG_ORGANISATION");
        assertThat(Api.sro().post("/v1/dashboard/sessions").jsonPath().getString("caller"))
                .isEqualTo("SRO operator");
    }

    @Test
    void depaDashboardLoginPrintsALinkThatLogsInOnce() {
        java.nio.file.Path cert = Api.pki().resolve("db-tdc-cert.pem");
        java.nio.file.Path key = Api.pki().resolve("db-tdc-key.pem");
        org.depa.testkit.PemText.write(cert, DashboardWorld.tdc.credentials().certificatePem());
        org.depa.testkit.PemText.writeSecret(
                key, DashboardWorld.tdc.credentials().privateKeyPem());
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = org.depa.cli.api.DashboardCommand.execute(
                new java.io.PrintWriter(out),
                new java.io.PrintWriter(err),
                "login",
                "--gateway",
                Api.base(),
                "--ca",
                Api.pki().resolve("ca.pem").toString(),
                "--cert",
                cert.toString(),
                "--key",
                key.toString());
        assertThat(exit).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\\R");
        assertThat(lines[0]).startsWith("Dashboard login for db-tdc: open this link once, before ");
        URI url = URI.create(lines[lines.length - 1]);
        assertThat(url.getPath()).isEqualTo("/dashboard/login");
        String path = url.getRawPath() + "?" + url.getRawQuery();
        assertThat(DashboardWorld.page(Api.anonymous(), path).statusCode()).isEqualTo(303);
        refusedPage(DashboardWorld.page(Api.anonymous(), path), 401, "UNAUTHENTICATED");

        java.io.StringWriter none = new java.io.StringWriter();
        int refused = org.depa.cli.api.DashboardCommand.execute(
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(none),
                "login",
                "--gateway",
                Api.base(),
                "--ca",
                Api.pki().resolve("ca.pem").toString());
        assertThat(refused).as(none.toString()).isNotZero();
    }

    /** A session of the certificate {@code spec} presents: its cookie value. */
    static String login(RequestSpecification spec) {
        URI url = URI.create(spec.post("/v1/dashboard/sessions")
                .then()
                .statusCode(200)
                .extract()
                .path("loginUrl"));
        Response opened = DashboardWorld.page(Api.anonymous(), url.getRawPath() + "?" + url.getRawQuery());
        assertThat(opened.statusCode()).isEqualTo(303);
        return opened.getCookie("__Host-depa-dashboard");
    }

    static RequestSpecification withSession(String cookie) {
        return Api.anonymous().redirects().follow(false).cookie("__Host-depa-dashboard", cookie);
    }
}
