package org.depa.gateway.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.depa.gateway.config.GatewayConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP layer's limits answered as problem+json, not Vert.x's empty 413/414: a route ahead of Quarkus's own
 * body-size check (order -2) refuses a request line over {@code depa.gateway.max-uri-length} with 414
 * URI_TOO_LONG and a declared body over {@code quarkus.http.limits.max-body-size} with 413 PAYLOAD_TOO_LARGE
 * (a chunked body over the limit is stopped while read and mapped by {@link ProblemMappers}). Vert.x itself still
 * answers an empty 414 to a request line over {@code quarkus.http.limits.max-initial-line-length} (64 KiB here),
 * which never reaches a route.
 */
@ApplicationScoped
public class HttpLimits {
    static final int ORDER = -3;

    @Inject
    GatewayConfig config;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext rc) {
        int maxUriLength = config.maxUriLength();
        String uri = rc.request().uri();
        if (uri != null && uri.length() > maxUriLength) {
            refuse(
                    rc,
                    GatewayCode.URI_TOO_LONG,
                    "the request URI is " + uri.length() + " characters; at most " + maxUriLength + " are accepted");
            return;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                refuse(rc, GatewayCode.INVALID_PARAMETER, "the Content-Length header is not a number");
                return;
            }
            if (declared > maxBodySize.asLongValue()) {
                refuse(
                        rc,
                        GatewayCode.PAYLOAD_TOO_LARGE,
                        "the request body is " + declared + " bytes; at most " + maxBodySize.asLongValue()
                                + " are accepted");
                return;
            }
        }
        rc.next();
    }

    private static void refuse(RoutingContext rc, GatewayCode code, String detail) {
        rc.response()
                .setStatusCode(code.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Problems.document(code.status(), code.name(), detail, null));
    }
}
