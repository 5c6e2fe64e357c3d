package org.depa.gateway.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.depa.gateway.auth.Access;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.tx.HistoryRequest;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The committed history of any ledger object, for auditors and parties alike. */
@Path("/v1/history")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource {
    @Inject
    Calls calls;

    @GET
    @Access(sro = true)
    public Response history(@QueryParam("objectType") String objectType, @QueryParam("id") String id) {
        if (objectType == null || id == null) {
            throw new GatewayException(
                    GatewayCode.INVALID_PARAMETER, "query parameters 'objectType' and 'id' are required");
        }
        return calls.evaluate(Audit.HISTORY, new HistoryRequest(objectType, id));
    }
}
