package org.depa.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import org.depa.gateway.auth.Caller;
import org.depa.gateway.auth.CurrentCaller;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.ledger.LedgerConnections;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Tx;

/**
 * What every resource does: parse the body strictly, check it acts for the caller, call the
 * ledger as the caller's organisation and pass the ledger's canonical JSON back unchanged.
 */
@ApplicationScoped
public class Calls {
    @Inject
    LedgerConnections ledgers;

    @Inject
    CurrentCaller current;

    @Inject
    GatewayConfig config;

    public Caller caller() {
        return current.get();
    }

    /** Parses {@code body} with the ledger's strict JSON (unknown fields, wrong types: 400 naming the field). */
    public static <T> T body(String body, Class<T> type) {
        return Json.read(body, type);
    }

    /** Refuses a request that names someone other than the caller as the acting participant. */
    public void requireSelf(String field, String participantId) {
        Caller c = caller();
        if (!c.registered() || !c.id().equals(participantId)) {
            throw new GatewayException(
                    GatewayCode.NOT_YOUR_IDENTITY,
                    "field '" + field + "' must name the caller" + (c.registered() ? " ('" + c.id() + "')" : ""));
        }
    }

    /** The body's {@code field} when it is absent or equal to the path's value; else 400. */
    public static String samePath(String field, String path, String body) {
        if (body != null && !body.equals(path)) {
            throw new GatewayException(
                    GatewayCode.INVALID_PARAMETER,
                    "field '" + field + "' is '" + body + "' but the path names '" + path + "'");
        }
        return path;
    }

    /** Submits {@code tx} as the caller's organisation; the ledger's canonical JSON goes back unchanged. */
    public <Q> Response submit(Tx<Q, ?> tx, Q request) {
        return json(ledger().submitBytes(tx, Objects.requireNonNull(request, "request")));
    }

    public <Q> Response evaluate(Tx<Q, ?> tx, Q request) {
        return json(ledger().evaluateBytes(tx, request));
    }

    public Response evaluate(Tx<Void, ?> tx) {
        return json(ledger().evaluateBytes(tx, null));
    }

    /** Typed calls as the caller's organisation, for resources that read a result themselves. */
    public TypedLedger ledger() {
        return new TypedLedger(client());
    }

    /**
     * The caller's own ledger connection: its organisation's for SRO operators (the SRO acts as an
     * organisation), the participant's own client identity otherwise, never another participant's.
     */
    public LedgerClient client() {
        Caller c = caller();
        if (c.sroOperator()) {
            return clientOf(config.sroMspId());
        }
        if (!c.registered()) {
            // Unregistered callers only register themselves; that goes through clientOfCaller.
            throw new GatewayException(GatewayCode.NOT_REGISTERED, "the caller is not registered");
        }
        return clientOfCaller(c.participant().mspId());
    }

    /** The ledger identity of the calling certificate as a member of {@code mspId} (registration names the MSP). */
    public LedgerClient clientOfCaller(String mspId) {
        Caller c = caller();
        try {
            return ledgers.forParticipant(mspId, c.certificateSha256(), c.certificatePem())
                    .orElseThrow(() -> new GatewayException(
                            GatewayCode.NOT_PERMITTED, "this gateway does not act for organisation " + mspId));
        } catch (LedgerConnections.ParticipantEnrolmentMissing e) {
            throw new GatewayException(
                    GatewayCode.NOT_PERMITTED,
                    "this gateway holds no ledger identity for the caller: " + e.getMessage());
        }
    }

    /** The organisation's own connection (reads, the SRO's operators). */
    public LedgerClient clientOf(String mspId) {
        return ledgers.forOrganisation(mspId)
                .orElseThrow(() -> new GatewayException(
                        GatewayCode.NOT_PERMITTED, "this gateway does not act for organisation " + mspId));
    }

    public static Response json(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The query parameter {@code pageSize} as given (absent: 50); anything but an integer 1..200 (the ledger's page limit) is 400. */
    public static int pageSize(String pageSize) {
        return (int) longParam("pageSize", pageSize, 1, 200, 50); // the chaincode's MAX_PAGE_SIZE
    }

    /**
     * A numeric query parameter read here rather than by JAX-RS, whose conversion failure is a 404: absent is
     * {@code absent}; not an integer in {@code min..max} is 400 INVALID_PARAMETER naming the parameter.
     */
    public static long longParam(String name, String raw, long min, long max, long absent) {
        if (raw == null) {
            return absent;
        }
        long value;
        try {
            value = Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new GatewayException(
                    GatewayCode.INVALID_PARAMETER,
                    "query parameter '" + name + "' must be an integer " + min + ".." + max);
        }
        if (value < min || value > max) {
            throw new GatewayException(
                    GatewayCode.INVALID_PARAMETER, "query parameter '" + name + "' must be " + min + ".." + max);
        }
        return value;
    }
}
