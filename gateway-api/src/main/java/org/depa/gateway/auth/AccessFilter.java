package org.depa.gateway.auth;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.depa.gateway.dashboard.DashboardSessions;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.Problems;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.ParticipantStatus;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every API call by its TLS client certificate (already verified against the
 * organisation CAs by the TLS layer) and authorises it by the operation's {@link Access} rule.
 * Dashboard pages also accept a session cookie, which stands for the certificate that logged in
 * (DashboardSessions) and goes through the same rules.
 */
public class AccessFilter {
    @Inject
    CallerResolver resolver;

    @Inject
    CurrentCaller current;

    @Inject
    DashboardSessions sessions;

    /** Null lets the request through; a problem response refuses it. */
    @ServerRequestFilter
    public Response authorise(ResourceInfo resource, HttpServerRequest request) {
        java.lang.reflect.Method method = resource.getResourceMethod();
        if (method != null && method.isAnnotationPresent(PublicPage.class)) {
            return null;
        }
        X509Certificate certificate = clientCertificate(request);
        boolean page = isDashboardPage(resource);
        if (certificate == null && page) {
            // Dashboard pages only (never the API, so no API call can be forged from a browser): a session cookie
            // stands for the certificate that logged in; the rules below apply to it exactly as to the certificate.
            io.vertx.core.http.Cookie cookie = request.getCookie(DashboardSessions.COOKIE);
            certificate = cookie == null
                    ? null
                    : sessions.session(cookie.getValue())
                            .map(DashboardSessions.Session::certificate)
                            .orElse(null);
        }
        if (certificate == null) {
            return Problems.of(
                    GatewayCode.UNAUTHENTICATED,
                    page
                            ? "log in first: a client certificate, or a login link from 'depa dashboard login'"
                            : "a client certificate is required");
        }
        Access access = method == null ? null : method.getAnnotation(Access.class);
        Caller caller = resolver.resolve(certificate);
        Response refusal = refusal(access, caller);
        if (refusal == null) {
            current.set(caller);
        }
        return refusal;
    }

    /** The refusal of {@code caller} for an operation with rule {@code access}, or null when it may. */
    private Response refusal(Access access, Caller caller) {
        if (access == null) {
            return Problems.of(GatewayCode.NOT_PERMITTED, "this operation is open to no one");
        }
        if (caller.sroOperator()) {
            return access.sro()
                    ? null
                    : Problems.of(GatewayCode.NOT_PERMITTED, "SRO operators may not use this operation");
        }
        Participant p = caller.participant();
        if (p == null) {
            return access.unregistered()
                    ? null
                    : Problems.of(
                            GatewayCode.NOT_REGISTERED, "the client certificate belongs to no registered participant");
        }
        if (!resolver.serves(p.mspId())) {
            return Problems.of(
                    ErrorCode.WRONG_ORGANISATION,
                    "participant '" + p.id() + "' belongs to " + p.mspId() + ", which this gateway does not serve");
        }
        if (p.status() == ParticipantStatus.SUSPENDED) {
            return Problems.of(ErrorCode.PARTICIPANT_SUSPENDED, "participant '" + p.id() + "' is suspended");
        }
        if (p.status() == ParticipantStatus.PENDING && !access.pending()) {
            return Problems.of(ErrorCode.PARTICIPANT_NOT_VERIFIED, "participant '" + p.id() + "' is not verified yet");
        }
        if (!access.participants()) {
            return Problems.of(GatewayCode.NOT_PERMITTED, "participants may not use this operation");
        }
        if (access.roles().length > 0 && Arrays.stream(access.roles()).noneMatch(r -> r == p.role())) {
            return Problems.of(
                    ErrorCode.WRONG_ROLE,
                    "participant '" + p.id() + "' is a " + p.role() + "; this operation needs "
                            + Arrays.toString(access.roles()));
        }
        return null;
    }

    /**
     * The dashboard's pages and their event streams, the only operations a session cookie may
     * authenticate: decided by the resource the request was routed to, never by the raw path
     * (which a dot-segment could make say "/dashboard/../v1/...").
     */
    private static boolean isDashboardPage(ResourceInfo resource) {
        Class<?> type = resource.getResourceClass();
        return type != null && type.getPackageName().equals("org.depa.gateway.dashboard");
    }

    private static X509Certificate clientCertificate(HttpServerRequest request) {
        SSLSession session = request.sslSession();
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
