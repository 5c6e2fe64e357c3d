package org.depa.kms.bridge.service;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.depa.kms.protocol.KmsPaths;
import org.depa.kms.protocol.Problem;
import org.depa.kms.protocol.RefusalCode;
import org.depa.ledger.model.Json;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every answer of the bridge that is not a release or a challenge is still application/problem+json with a
 * reason code: unknown paths (404 NOT_FOUND), other methods (405 METHOD_NOT_ALLOWED), and the HTTP layer's limits,
 * answered by a route ahead of Quarkus's own body-size check (which would send an empty 413): a request line over
 * {@code depa.kms.max-uri-length} is 414 and a declared body over its route's bound is 413, both REQUEST_TOO_LARGE.
 * The bound is {@code depa.kms.max-body-size} (256 KiB) everywhere but on the owner's key import ({@code PUT
 * /v1/admin/keys/...}), whose body carries the start of a ciphertext ({@code depa.kms.admin.max-import-body}, 1.5 MiB;
 * {@code quarkus.http.limits.max-body-size} must not be below it).
 */
@ApplicationScoped
public class BridgeProblems {
    @ConfigProperty(name = "depa.kms.max-uri-length", defaultValue = "4096")
    int maxUriLength;

    @ConfigProperty(name = "depa.kms.max-body-size", defaultValue = "256K")
    MemorySize maxBodySize;

    @ConfigProperty(name = "depa.kms.admin.max-import-body", defaultValue = "1536K")
    MemorySize maxImportBody;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1536K")
    MemorySize httpMaxBody;

    void install(@Observes Router router) {
        router.route().order(-3).handler(this::check);
    }

    void check(RoutingContext rc) {
        String uri = rc.request().uri();
        if (uri != null && uri.length() > maxUriLength) {
            refuse(rc, 414, "the request URI is over " + maxUriLength + " characters");
            return;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                refuse(rc, 400, "the Content-Length header is not a number");
                return;
            }
            long bound = isKeyImport(rc) ? maxImportBody.asLongValue() : maxBodySize.asLongValue();
            if (declared > bound) {
                refuse(rc, 413, "request body over " + bound + " bytes");
                return;
            }
        }
        rc.next();
    }

    private static boolean isKeyImport(RoutingContext rc) {
        String path = rc.normalizedPath();
        return rc.request().method() == io.vertx.core.http.HttpMethod.PUT
                && path != null
                && path.startsWith("/v1/admin/keys/");
    }

    private static void refuse(RoutingContext rc, int status, String detail) {
        Problem p = Problem.of(
                status, status == 400 ? RefusalCode.MALFORMED_REQUEST : RefusalCode.REQUEST_TOO_LARGE, detail);
        rc.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, KmsPaths.PROBLEM_JSON)
                .putHeader("Cache-Control", "no-store")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.canonicalString(p));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        RefusalCode code;
        String detail;
        if (e instanceof NotFoundException) {
            code = RefusalCode.NOT_FOUND;
            detail = "no such endpoint; the bridge serves POST /" + KmsPaths.CHALLENGE + " and POST /"
                    + KmsPaths.RELEASE;
        } else if (e instanceof NotAllowedException) {
            code = RefusalCode.METHOD_NOT_ALLOWED;
            detail = "this method is not served here (the release routes take POST, the owner's v1/admin/keys/{keyId}"
                    + " GET and PUT)";
        } else if (status == 413) {
            code = RefusalCode.REQUEST_TOO_LARGE;
            detail = "request body over " + httpMaxBody.asLongValue() + " bytes";
        } else if (status < 500) {
            code = RefusalCode.MALFORMED_REQUEST;
            detail = "the request was refused (HTTP " + status + ")";
        } else {
            code = RefusalCode.INTERNAL;
            detail = "the bridge failed";
        }
        return ReleaseResource.problem(Problem.of(status, code, detail));
    }
}
