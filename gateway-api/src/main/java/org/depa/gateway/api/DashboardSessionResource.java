package org.depa.gateway.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.depa.gateway.auth.Access;
import org.depa.gateway.auth.Caller;
import org.depa.gateway.dashboard.DashboardSessions;
import org.depa.ledger.model.Json;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A login link for the web dashboard, made only over mutual TLS with the caller's own certificate:
 * the session it opens stands for that certificate, under the same access rules as the API.
 */
@Path("/v1/dashboard/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dashboard")
public class DashboardSessionResource {
    @Inject
    Calls calls;

    @Inject
    DashboardSessions sessions;

    /** {@code loginUrl}: open it once, within {@code expiresAt}, to log a browser in as the caller. */
    @POST
    @Access(sro = true)
    public Response create(@Context UriInfo uri) {
        Caller caller = calls.caller();
        DashboardSessions.LoginToken token = sessions.issueLogin(certificate(caller.certificatePem()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "loginUrl",
                uri.getBaseUri()
                        .resolve("/dashboard/login?token=" + token.token())
                        .toString());
        body.put("expiresAt", token.expiresAt().toString());
        body.put("caller", caller.sroOperator() ? "SRO operator" : caller.id());
        return Calls.json(Json.canonicalString(body).getBytes(StandardCharsets.UTF_8));
    }

    private static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalStateException("the caller's verified certificate cannot be read again", e);
        }
    }
}
