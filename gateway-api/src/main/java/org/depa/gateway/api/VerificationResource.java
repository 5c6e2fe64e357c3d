package org.depa.gateway.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.depa.gateway.audit.AuditVerifications;
import org.depa.gateway.audit.Verification;
import org.depa.gateway.audit.VerificationRequest;
import org.depa.gateway.auth.Access;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;
import org.depa.ledger.model.Json;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The auditor's verification of this organisation's ledger, run by the gateway (the same checks as
 * {@code depa audit verify}) for auditors, members in good standing and SRO operators, each over a
 * fresh copy; the copy is downloadable in the auditor's bundle format. Only the caller who ran a
 * verification may read it or its bundle (anyone else: 404).
 */
@Path("/v1/audit/verifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class VerificationResource {
    @Inject
    Calls calls;

    @Inject
    AuditVerifications verifications;

    /** Runs a verification and answers its per-check table (201; {@code Location}: the verification). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(sro = true)
    @RequestBody(content = @Content(schema = @Schema(implementation = VerificationRequest.class)))
    public Response run(String body) {
        VerificationRequest request = body == null || body.isBlank()
                ? VerificationRequest.DEFAULTS
                : Calls.body(body, VerificationRequest.class);
        Verification v = verifications.run(calls.caller(), request);
        return Response.created(URI.create("/v1/audit/verifications/" + v.id()))
                .type(MediaType.APPLICATION_JSON)
                .entity(Json.canonicalString(v).getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** The caller's own verification, while the gateway keeps it (each caller's last one). */
    @GET
    @Path("/{id}")
    @Access(sro = true)
    public Response show(@PathParam("id") String id) {
        Verification v = verifications.find(calls.caller(), id).orElseThrow(() -> notFound(id));
        return Calls.json(Json.canonicalString(v).getBytes(StandardCharsets.UTF_8));
    }

    /** The bundle the verification ran on, as a zip: unpacked, {@code depa audit verify DIR} checks it offline. */
    @GET
    @Path("/{id}/bundle")
    @Produces("application/zip")
    @Access(sro = true)
    public Response bundle(@PathParam("id") String id) {
        return verifications.download(calls.caller(), id, () -> notFound(id));
    }

    static GatewayException notFound(String id) {
        return new GatewayException(
                GatewayCode.VERIFICATION_NOT_FOUND,
                "no verification " + id + " of yours is kept here (each caller's last one is kept)");
    }
}
