package org.depa.gateway.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.depa.gateway.auth.Access;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.ContractVersionRef;
import org.depa.ledger.model.tx.HistoryRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Contracts: a TDC proposes and amends, every party signs the canonical payload with its own key
 * (client-side), a party activates or revokes; anyone in good standing reads.
 */
@Path("/v1/contracts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "contracts")
public class ContractResource {
    @Inject
    Calls calls;

    @POST
    @Access(roles = Role.TDC)
    @RequestBody(content = @Content(schema = @Schema(implementation = ContractProposal.class)))
    public Response propose(String body) {
        ContractProposal p = Calls.body(body, ContractProposal.class);
        calls.requireSelf("tdcId", p.tdcId());
        return calls.submit(Contracts.PROPOSE, p);
    }

    /** A new version of the terms; every signature must be given again. */
    @PUT
    @Path("/{id}")
    @Access(roles = Role.TDC)
    @RequestBody(content = @Content(schema = @Schema(implementation = ContractProposal.class)))
    public Response amend(@PathParam("id") String id, String body) {
        ContractProposal p = Calls.body(body, ContractProposal.class);
        Calls.samePath("contractId", id, p.contractId());
        if (p.contractId() == null) {
            throw new org.depa.gateway.problem.GatewayException(
                    org.depa.gateway.problem.GatewayCode.INVALID_PARAMETER, "field 'contractId' is required");
        }
        calls.requireSelf("tdcId", p.tdcId());
        return calls.submit(Contracts.AMEND, p);
    }

    /**
     * The contracts the caller is a party to, in id order, a page at a time ({@code bookmark}
     * continues). {@code party} names whose: only the caller itself, except for SRO operators and
     * auditors, who also list every contract by leaving it out.
     */
    @GET
    @Access(sro = true)
    public Response list(@BeanParam ListQuery query) {
        return calls.evaluate(Contracts.LIST, Listings.request(calls.caller(), query));
    }

    /**
     * Writes the party index of a contract proposed before the index existed, so that its parties'
     * lists show it; a party of the contract, or an SRO operator without naming one.
     */
    @POST
    @Path("/{id}/index")
    @Access(sro = true)
    @RequestBody(content = @Content(schema = @Schema(implementation = ContractActionRequest.class)))
    public Response index(@PathParam("id") String id, String body) {
        return calls.submit(Contracts.INDEX, action(id, body));
    }

    @GET
    @Path("/{id}")
    @Access(sro = true)
    public Response get(@PathParam("id") String id) {
        return calls.evaluate(Contracts.GET, id);
    }

    @GET
    @Path("/{id}/versions/{version}")
    @Access(sro = true)
    public Response version(@PathParam("id") String id, @PathParam("version") int version) {
        return calls.evaluate(Contracts.GET_VERSION, new ContractVersionRef(id, version));
    }

    /** The canonical bytes of the current version: the client signs them locally and posts the signature. */
    @GET
    @Path("/{id}/signing-payload")
    @Access(sro = true)
    public Response signingPayload(@PathParam("id") String id) {
        return calls.evaluate(Contracts.SIGNING_PAYLOAD, id);
    }

    @GET
    @Path("/{id}/signatures")
    @Access(sro = true)
    public Response signatures(@PathParam("id") String id) {
        return calls.evaluate(Contracts.SIGNATURES, id);
    }

    /** A signature the party made over the signing payload with its own key; the chaincode verifies it. */
    @POST
    @Path("/{id}/signatures")
    @Access
    @RequestBody(content = @Content(schema = @Schema(implementation = SignContractRequest.class)))
    public Response sign(@PathParam("id") String id, String body) {
        SignContractRequest r = Calls.body(body, SignContractRequest.class);
        calls.requireSelf("participantId", r.participantId());
        return calls.submit(
                Contracts.SIGN,
                new SignContractRequest(
                        Calls.samePath("contractId", id, r.contractId()),
                        r.version(),
                        r.participantId(),
                        r.signature()));
    }

    @POST
    @Path("/{id}/activate")
    @Access
    @RequestBody(content = @Content(schema = @Schema(implementation = ContractActionRequest.class)))
    public Response activate(@PathParam("id") String id, String body) {
        return calls.submit(Contracts.ACTIVATE, action(id, body));
    }

    /** A party revokes as its revocation terms allow; an SRO operator revokes without naming a party. */
    @POST
    @Path("/{id}/revoke")
    @Access(sro = true)
    @RequestBody(content = @Content(schema = @Schema(implementation = ContractActionRequest.class)))
    public Response revoke(@PathParam("id") String id, String body) {
        return calls.submit(Contracts.REVOKE, action(id, body));
    }

    /** Every committed version of the contract record, oldest first. */
    @GET
    @Path("/{id}/history")
    @Access(sro = true)
    public Response history(@PathParam("id") String id) {
        return calls.evaluate(Audit.HISTORY, new HistoryRequest("contract", id));
    }

    @GET
    @Path("/{id}/runs")
    @Access(sro = true)
    public Response runs(@PathParam("id") String id) {
        return calls.evaluate(Runs.LIST_BY_CONTRACT, id);
    }

    /** The training jobs that name the contract, any status. */
    @GET
    @Path("/{id}/jobs")
    @Access(sro = true)
    public Response jobs(@PathParam("id") String id) {
        return calls.evaluate(Jobs.LIST_BY_CONTRACT, id);
    }

    @GET
    @Path("/{id}/payments")
    @Access(sro = true)
    public Response payments(@PathParam("id") String id) {
        return calls.evaluate(Payments.LIST_BY_CONTRACT, id);
    }

    private ContractActionRequest action(String id, String body) {
        ContractActionRequest r = Calls.body(body, ContractActionRequest.class);
        if (!(calls.caller().sroOperator() && r.participantId() == null)) {
            calls.requireSelf("participantId", r.participantId());
        }
        return new ContractActionRequest(
                Calls.samePath("contractId", id, r.contractId()), r.participantId(), r.reason());
    }
}
