package org.depa.kms.bridge.service;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.depa.kms.bridge.KeyReleaseService;
import org.depa.kms.bridge.RefusalException;
import org.depa.kms.protocol.KmsPaths;
import org.depa.kms.protocol.Problem;
import org.depa.kms.protocol.RefusalCode;
import org.depa.ledger.model.Json;

/**
 * The two endpoints of {@link KmsPaths}. The body is taken as bytes, decoded as strict UTF-8 (malformed input is
 * refused, never replaced) and read by the service with the ledger's strict JSON, not Jackson's default. A
 * challenge is counted against the caller's network address (see kms-bridge-core's NonceStore).
 */
@Path("/v1")
public class ReleaseResource {
    @Inject
    KeyReleaseService service;

    @POST
    @Path("key-release/challenge")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, KmsPaths.PROBLEM_JSON})
    public Response challenge(byte[] body, @Context HttpServerRequest request) {
        try {
            return json(200, Json.canonicalString(service.challengeJson(utf8(body), source(request))));
        } catch (RefusalException e) {
            return problem(e.problem());
        }
    }

    @POST
    @Path("key-release/release")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, KmsPaths.PROBLEM_JSON})
    public Response release(byte[] body) {
        try {
            return json(200, Json.canonicalString(service.releaseJson(utf8(body))));
        } catch (RefusalException e) {
            return problem(e.problem());
        }
    }

    /** A TDC's bridge releasing its sealed model spec's key (kms-bridge-core SpecKeyReleaseService). */
    @POST
    @Path("spec-key-release/release")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, KmsPaths.PROBLEM_JSON})
    public Response releaseSpec(byte[] body) {
        try {
            return json(200, Json.canonicalString(service.specKeys().releaseJson(utf8(body))));
        } catch (RefusalException e) {
            return problem(e.problem());
        }
    }

    private String utf8(byte[] body) throws RefusalException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body == null ? new byte[0] : body))
                    .toString();
        } catch (CharacterCodingException e) {
            service.auditRefusal(RefusalCode.MALFORMED_REQUEST, "the request body is not valid UTF-8");
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, "the request body is not valid UTF-8");
        }
    }

    private static String source(HttpServerRequest request) {
        return request == null || request.remoteAddress() == null
                ? "unknown"
                : request.remoteAddress().hostAddress();
    }

    private static Response json(int status, String body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .header("Cache-Control", "no-store")
                .build();
    }

    static Response problem(Problem p) {
        return Response.status(p.status())
                .type(KmsPaths.PROBLEM_JSON)
                .entity(Json.canonicalString(p))
                .header("Cache-Control", "no-store")
                .build();
    }
}
