package org.depa.gateway.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.depa.gateway.auth.Access;
import org.depa.gateway.config.GatewayConfig;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The SRO's common agreement, which every participant signs before acting. */
@Path("/v1/agreement")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "agreement")
public class AgreementResource {
    @Inject
    Calls calls;

    @Inject
    GatewayConfig config;

    @GET
    @Access(sro = true, pending = true)
    public Response current() {
        return calls.evaluate(Participants.GET_AGREEMENT);
    }

    @POST
    @Access(participants = false, sro = true)
    @RequestBody(content = @Content(schema = @Schema(implementation = PublishAgreementRequest.class)))
    public Response publish(String body) {
        return calls.submit(Participants.PUBLISH_AGREEMENT, Calls.body(body, PublishAgreementRequest.class));
    }

    /** The exact bytes the caller signs to accept the current agreement; the signature is made client-side. */
    @GET
    @Path("/signing-payload")
    @Access(pending = true)
    public SigningPayload signingPayload() {
        Agreement a = calls.ledger().evaluate(Participants.GET_AGREEMENT);
        byte[] payload = SigningPayloads.agreement(
                new SigningPayloads.Domain(config.channel(), config.chaincode()),
                calls.caller().id(),
                a.version(),
                a.textSha256());
        return new SigningPayload(
                calls.caller().id(),
                a.version(),
                Base64.getEncoder().encodeToString(payload),
                new String(payload, StandardCharsets.UTF_8));
    }

    /** What a participant signs for agreement {@code version}. */
    public record SigningPayload(String participantId, String version, String payloadBase64, String payloadText) {}
}
