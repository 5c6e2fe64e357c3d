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
import org.depa.gateway.auth.Access;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A TDC's output keys: the dedicated EC P-256/P-384 public keys its jobs' results are sealed to
 * (never its signing or TLS key; the ledger refuses those). Only the public key is sent.
 */
@Path("/v1/output-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class OutputKeyResource {
    @Inject
    Calls calls;

    @POST
    @Access(roles = Role.TDC)
    @RequestBody(content = @Content(schema = @Schema(implementation = RegisterOutputKeyRequest.class)))
    public Response register(String body) {
        RegisterOutputKeyRequest r = Calls.body(body, RegisterOutputKeyRequest.class);
        calls.requireSelf("tdcId", r.tdcId());
        return calls.submit(Jobs.REGISTER_OUTPUT_KEY, r);
    }

    @GET
    @Path("/{id}")
    @Access(sro = true)
    public Response get(@PathParam("id") String id) {
        return calls.evaluate(Jobs.GET_OUTPUT_KEY, id);
    }
}
