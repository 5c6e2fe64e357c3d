package org.depa.gateway.dashboard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.depa.gateway.api.Calls;
import org.depa.gateway.audit.AuditVerifications;
import org.depa.gateway.audit.VerificationRequest;
import org.depa.gateway.audit.VerificationStatus;
import org.depa.gateway.auth.Access;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;

/**
 * Audit: runs the auditor's verification over a copy of this organisation's ledger (the same
 * service as {@code POST /v1/audit/verifications}), shows it running, then its per-check table,
 * and offers the copy it ran on as the auditor's bundle. The form is trusted only with the session's anti-forgery token, or,
 * for a browser that came with its certificate (no session), when the browser says it came from
 * this site ({@code Sec-Fetch-Site: same-origin}), so another site cannot start one.
 */
@Path("/dashboard/audit/verifications")
@Produces(MediaType.TEXT_HTML)
public class AuditVerificationPage {
    @Inject
    Calls calls;

    @Inject
    Pages pages;

    @Inject
    DashboardSessions sessions;

    @Inject
    AuditVerifications verifications;

    @Inject
    @Location("dashboard/audit-verification.html")
    Template page;

    @POST
    @Access(sro = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response run(
            @CookieParam(DashboardSessions.COOKIE) String cookie,
            @HeaderParam("Sec-Fetch-Site") String fetchSite,
            @FormParam("csrf") String csrf,
            @FormParam("allowDevelopmentRoots") String allowDevelopmentRoots) {
        Optional<DashboardSessions.Session> session = sessions.session(cookie);
        boolean trusted = session.isPresent()
                ? MemoryDashboardSessions.same(csrf, session.get().csrfToken())
                : "same-origin".equals(fetchSite);
        if (!trusted) {
            throw new GatewayException(
                    GatewayCode.FORM_NOT_TRUSTED,
                    "the form's token is missing or not this session's, or the form came from another site");
        }
        String id = verifications.start(
                calls.caller(), new VerificationRequest(null, null, "on".equals(allowDevelopmentRoots)));
        return Response.seeOther(URI.create("/dashboard/audit/verifications/" + id))
                .build();
    }

    /**
     * The verification while it runs (its stage, the check results so far; {@code verification-live.js}
     * re-reads this page until it has finished), then its table, or why it was stopped.
     */
    @GET
    @Path("/{id}")
    @Access(sro = true)
    public TemplateInstance show(@CookieParam(DashboardSessions.COOKIE) String cookie, @PathParam("id") String id) {
        VerificationStatus s = verifications.status(calls.caller(), id).orElseThrow(() -> notFound(id));
        return page.data("frame", pages.frame("audit", "Verification of the ledger", cookie))
                .data("s", s)
                .data("v", s.verification())
                .data("download", "/dashboard/audit/verifications/" + id + "/bundle.zip")
                .data("fileName", AuditVerifications.bundleFileName(id));
    }

    @GET
    @Path("/{id}/bundle.zip")
    @Produces("application/zip")
    @Access(sro = true)
    public Response bundle(@PathParam("id") String id) {
        return verifications.download(calls.caller(), id, () -> notFound(id));
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(
                GatewayCode.VERIFICATION_NOT_FOUND,
                "no verification " + id + " of yours is kept here (each caller's last one is kept); run it again");
    }
}
