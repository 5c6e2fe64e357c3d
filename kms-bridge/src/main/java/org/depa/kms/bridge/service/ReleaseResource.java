package org.depa.kms.bridge.service;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.depa.kms.bridge.KeyReleaseService;
import org.depa.kms.bridge.RefusalException;
import org.depa.kms.protocol.KmsPaths;
import org.depa.kms.protocol.Problem;
import org.depa.ledger.model.Json;

/**
 * The two endpoints of {@link KmsPaths}. The body is taken as a string and read by the service with the ledger's strict
 * JSON, not Jackson's default.
 */
@Path("/v1/key-release")
public class ReleaseResource {
    @Inject
    KeyReleaseService service;

    @POST
    @Path("challenge")
    @Produces(MediaType.APPLICATION_JSON)
    public Response challenge() {
        try {
            return json(200, Json.canonicalString(service.challenge()));
        } catch (RefusalException e) {
            return problem(e.problem());
        }
    }

    @POST
    @Path("release")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, KmsPaths.PROBLEM_JSON})
    public Response release(String body) {
        try {
            return json(200, Json.canonicalString(service.releaseJson(body)));
        } catch (RefusalException e) {
            return problem(e.problem());
        }
    }

    private static Response json(int status, String body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .header("Cache-Control", "no-store")
                .build();
    }

    private static Response problem(Problem p) {
        return Response.status(p.status())
                .type(KmsPaths.PROBLEM_JSON)
                .entity(Json.canonicalString(p))
                .header("Cache-Control", "no-store")
                .build();
    }
}
