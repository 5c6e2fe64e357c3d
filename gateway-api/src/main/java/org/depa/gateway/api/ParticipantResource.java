package org.depa.gateway.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.depa.gateway.auth.Access;
import org.depa.gateway.auth.Caller;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.tx.PageRequest;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.depa.ledger.model.tx.RegisterParticipantRequest;
import org.depa.ledger.model.tx.SignAgreementRequest;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The participant registry: self-registration, SRO verification and suspension, reads. */
@Path("/v1/participants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "participants")
public class ParticipantResource {
    @Inject
    Calls calls;

    /**
     * A participant registers itself with the certificate it calls with; the SRO verifies it later.
     * The ledger binds it to the caller's own ledger identity, through which all its writes go.
     */
    @POST
    @Access(unregistered = true)
    @RequestBody(content = @Content(schema = @Schema(implementation = RegisterParticipantRequest.class)))
    public Response register(String body) {
        RegisterParticipantRequest r = Calls.body(body, RegisterParticipantRequest.class);
        Caller caller = calls.caller();
        if (r.certificatePem() == null
                || !Pem.certificate("certificatePem", r.certificatePem())
                        .sha256()
                        .equalsIgnoreCase(caller.certificateSha256())) {
            throw new GatewayException(
                    GatewayCode.NOT_YOUR_IDENTITY,
                    "field 'certificatePem' must be the client certificate of the caller");
        }
        if (r.clientCertificatePem() != null) {
            throw new GatewayException(
                    GatewayCode.NOT_YOUR_IDENTITY,
                    "field 'clientCertificatePem' must be absent: the gateway binds the caller's own ledger identity");
        }
        if (r.mspId() == null) {
            throw new GatewayException(GatewayCode.INVALID_PARAMETER, "field 'mspId' is required");
        }
        // Submitted through the caller's own ledger identity, which the chaincode binds to the participant.
        return Calls.json(new TypedLedger(calls.clientOfCaller(r.mspId())).submitBytes(Participants.REGISTER, r));
    }

    @GET
    @Access(sro = true)
    public Response list(
            @QueryParam("pageSize")
                    @Parameter(
                            description = "1..200 (default 50)",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
                    String pageSize,
            @QueryParam("bookmark") String bookmark) {
        return calls.evaluate(Participants.LIST, new PageRequest(Calls.pageSize(pageSize), bookmark));
    }

    /** The caller's own registry entry: also for participants the SRO has not verified yet. */
    @GET
    @Path("/me")
    @Access(pending = true)
    public Response me() {
        return calls.evaluate(Participants.GET, calls.caller().id());
    }

    @GET
    @Path("/{id}")
    @Access(sro = true)
    public Response get(@PathParam("id") String id) {
        return calls.evaluate(Participants.GET, id);
    }

    @POST
    @Path("/{id}/verify")
    @Access(participants = false, sro = true)
    @RequestBody(content = @Content(schema = @Schema(implementation = ParticipantStatusRequest.class)))
    public Response verify(@PathParam("id") String id, String body) {
        ParticipantStatusRequest r = optionalBody(body);
        return calls.submit(
                Participants.VERIFY,
                new ParticipantStatusRequest(Calls.samePath("participantId", id, r.participantId()), r.reason()));
    }

    @POST
    @Path("/{id}/suspend")
    @Access(participants = false, sro = true)
    @RequestBody(content = @Content(schema = @Schema(implementation = ParticipantStatusRequest.class)))
    public Response suspend(@PathParam("id") String id, String body) {
        ParticipantStatusRequest r = Calls.body(body, ParticipantStatusRequest.class);
        return calls.submit(
                Participants.SUSPEND,
                new ParticipantStatusRequest(Calls.samePath("participantId", id, r.participantId()), r.reason()));
    }

    /** The participant's signature over the current common agreement, made with its own key. */
    @POST
    @Path("/{id}/agreement-signature")
    @Access(pending = true)
    @RequestBody(content = @Content(schema = @Schema(implementation = SignAgreementRequest.class)))
    public Response signAgreement(@PathParam("id") String id, String body) {
        SignAgreementRequest r = Calls.body(body, SignAgreementRequest.class);
        String participant = Calls.samePath("participantId", id, r.participantId());
        calls.requireSelf("participantId", participant);
        return calls.submit(
                Participants.SIGN_AGREEMENT, new SignAgreementRequest(participant, r.version(), r.signature()));
    }

    private static ParticipantStatusRequest optionalBody(String body) {
        return body == null || body.isBlank()
                ? new ParticipantStatusRequest(null, null)
                : Calls.body(body, ParticipantStatusRequest.class);
    }
}
