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
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.Problems;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.ParticipantStatus;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every API call by its TLS client certificate (already verified against the
 * organisation CAs by the TLS layer) and authorises it by the operation's {@link Access} rule.
 */
public class AccessFilter {
    @Inject
    CallerResolver resolver;

    @Inject
    CurrentCaller current;

    /** Null lets the request through; a problem response refuses it. */
    @ServerRequestFilter
    public Response authorise(ResourceInfo resource, HttpServerRequest request) {
        X509Certificate certificate = clientCertificate(request);
        if (certificate == null) {
            return Problems.of(GatewayCode.UNAUTHENTICATED, "a client certificate is required");
        }
        Access access = resource.getResourceMethod() == null
                ? null
                : resource.getResourceMethod().getAnnotation(Access.class);
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
