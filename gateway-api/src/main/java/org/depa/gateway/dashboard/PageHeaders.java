package org.depa.gateway.dashboard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.problem.Problems;
import org.depa.ledger.model.Json;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every dashboard answer: a strict Content-Security-Policy (scripts, styles and connections from
 * this origin only, no inline script or style, no framing, forms post only here), no caching of
 * private pages, no referrer (a login link never leaks), and a refusal shown as a page for people
 * instead of the API's problem document (same status, same code and message).
 */
public class PageHeaders {
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Inject
    GatewayConfig config;

    @Inject
    @Location("dashboard/refused.html")
    Template refused;

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!(path.equals("/dashboard") || path.startsWith("/dashboard/"))) {
            return;
        }
        var h = response.getHeaders();
        h.putSingle("Content-Security-Policy", POLICY);
        h.putSingle("X-Frame-Options", "DENY");
        h.putSingle("Cache-Control", "no-store");
        h.putSingle("Pragma", "no-cache");
        h.putSingle("X-Content-Type-Options", "nosniff");
        h.putSingle("Referrer-Policy", "no-referrer");
        h.putSingle("Cross-Origin-Opener-Policy", "same-origin");
        MediaType type = response.getMediaType();
        boolean problem = type != null && Problems.MEDIA_TYPE.equals(type.getType() + "/" + type.getSubtype());
        if (problem && response.getEntity() instanceof String document && wantsPage(path)) {
            response.setEntity(page(response.getStatus(), document), null, MediaType.TEXT_HTML_TYPE);
        }
    }

    /** The JSON and event-stream parts of the dashboard keep the problem document their scripts read. */
    private static boolean wantsPage(String path) {
        return !(path.endsWith(".json") || path.endsWith("/events"));
    }

    private String page(int status, String document) {
        String code = "";
        String detail = "";
        try {
            var tree = Json.tree(document);
            code = tree.path("code").asText("");
            detail = tree.path("detail").asText("");
        } catch (RuntimeException unreadable) {
            // keep the page generic
        }
        String title =
                switch (status) {
                    case 401 -> "Log in to see this page";
                    case 403 -> "This is not yours to see";
                    case 404 -> "Not found";
                    case 503 -> "Not available right now";
                    default -> status >= 500 ? "Something went wrong" : "This request cannot be answered";
                };
        PageFrame frame = new PageFrame("refused", title, null, String.join(", ", config.organisations()), null);
        return refused.data("frame", frame)
                .data("status", status)
                .data("code", code)
                .data("detail", detail)
                .data("login", status == 401)
                .render();
    }
}
