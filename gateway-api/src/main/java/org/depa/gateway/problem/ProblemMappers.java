package org.depa.gateway.problem;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.LedgerRuleException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves the gateway as problem+json; nothing falls through to a default page. */
public final class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response ledger(LedgerException e) {
        return Problems.of(e);
    }

    @ServerExceptionMapper
    public Response rule(LedgerRuleException e) {
        return Problems.of(e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response gateway(GatewayException e) {
        return Problems.of(e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        GatewayCode code;
        if (e instanceof NotFoundException) {
            code = GatewayCode.ROUTE_NOT_FOUND;
        } else if (e instanceof NotAllowedException) {
            code = GatewayCode.METHOD_NOT_ALLOWED;
        } else if (e instanceof NotSupportedException) {
            code = GatewayCode.UNSUPPORTED_MEDIA_TYPE;
        } else if (e instanceof NotAcceptableException) {
            code = GatewayCode.NOT_ACCEPTABLE;
        } else if (e.getResponse().getStatus() == 413) {
            code = GatewayCode.PAYLOAD_TOO_LARGE;
        } else if (e.getResponse().getStatus() < 500) {
            code = GatewayCode.INVALID_PARAMETER;
        } else {
            code = GatewayCode.INTERNAL;
        }
        return Problems.response(e.getResponse().getStatus(), code.name(), e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        // The detail stays in the log: a stack trace may name internals a caller has no business seeing.
        LOG.error("unexpected failure", e);
        return Problems.of(GatewayCode.INTERNAL, "the gateway failed to process the request");
    }
}
