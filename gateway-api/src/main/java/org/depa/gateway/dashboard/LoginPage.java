package org.depa.gateway.dashboard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.depa.gateway.auth.Access;
import org.depa.gateway.auth.PublicPage;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.Problems;

/**
 * Logging in and out. The login link from {@code POST /v1/dashboard/sessions} (made over mutual
 * TLS with the participant's own certificate) is exchanged, once, for a session cookie that is
 * HttpOnly (no script reads it), Secure, SameSite=Strict (no other site's page sends it) and lives
 * no longer than the session. Logging out is a form carrying the session's anti-forgery token.
 */
@Path("/dashboard")
public class LoginPage {
    @Inject
    DashboardSessions sessions;

    @Inject
    GatewayConfig config;

    @Inject
    @Location("dashboard/login.html")
    Template howTo;

    /** Opens the session the link's token stands for and goes to the consortium page (the token leaves the address bar). */
    @GET
    @Path("/login")
    @PublicPage
    @Produces(MediaType.TEXT_HTML)
    public Response login(@QueryParam("token") String token) {
        Optional<DashboardSessions.Session> session = sessions.redeem(token);
        if (session.isEmpty()) {
            return Problems.of(
                    GatewayCode.UNAUTHENTICATED,
                    "this login link is unknown, already used or expired; run 'depa dashboard login' for a new one");
        }
        NewCookie cookie = new NewCookie.Builder(DashboardSessions.COOKIE)
                .value(session.get().cookieValue())
                .path("/")
                .secure(true)
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) config.dashboard().absoluteTimeout().toSeconds())
                .build();
        return Response.seeOther(URI.create("/dashboard")).cookie(cookie).build();
    }

    /** How to log in: the page every refusal for want of a login links to. */
    @GET
    @Path("/how-to-log-in")
    @PublicPage
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance howToLogIn() {
        return howTo.data(
                "frame",
                new PageFrame("login", "How to log in", null, String.join(", ", config.organisations()), null));
    }

    /** Ends the session; the form must carry the session's own token, so another site cannot log anyone out. */
    @POST
    @Path("/logout")
    @Access(sro = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response logout(@CookieParam(DashboardSessions.COOKIE) String cookie, @FormParam("csrf") String csrf) {
        Optional<DashboardSessions.Session> session = sessions.session(cookie);
        if (session.isEmpty()
                || !MemoryDashboardSessions.same(csrf, session.get().csrfToken())) {
            return Problems.of(GatewayCode.FORM_NOT_TRUSTED, "the form's token is missing or not this session's");
        }
        sessions.end(cookie);
        NewCookie gone = new NewCookie.Builder(DashboardSessions.COOKIE)
                .value("")
                .path("/")
                .secure(true)
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(0)
                .build();
        return Response.seeOther(URI.create("/dashboard/how-to-log-in"))
                .cookie(gone)
                .build();
    }
}
