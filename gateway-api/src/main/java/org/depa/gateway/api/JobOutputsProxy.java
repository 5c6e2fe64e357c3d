package org.depa.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;
import org.depa.gateway.problem.Problems;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * Fetches a job's progress and sealed output from its CCR provider's operator, with the token that
 * provider issued to this organisation, once {@link JobResource} has checked that the caller is the
 * job's TDC. The operator checks again that the job's TDC is of this organisation. Its answers come
 * back as problems of this gateway: not there yet is 404, a file that does not match its manifest
 * 502, an operator that cannot be reached or refuses this gateway 503 naming the CCR provider.
 */
@ApplicationScoped
public class JobOutputsProxy {
    /** Largest file passed on: the operator's own limit. */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    @Inject
    GatewayConfig config;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code route} of {@code job} at its provider's operator ("progress", "outputs", "outputs/NAME"). */
    public Response fetch(TrainingJob job, String route, MediaType type) {
        String provider = job.ccrProviderId();
        GatewayConfig.JobOutputSource source = config.jobOutputs().get(provider);
        if (source == null) {
            throw new GatewayException(
                    GatewayCode.JOB_OUTPUTS_UNAVAILABLE,
                    "this gateway is not connected to the operator of CCR provider '" + provider + "'");
        }
        String token;
        try {
            token = Files.readString(source.tokenFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new GatewayException(
                    GatewayCode.JOB_OUTPUTS_UNAVAILABLE,
                    "this gateway's token for CCR provider '" + provider + "' cannot be read");
        }
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(source.url() + "/v1/jobs/" + segment(job.jobId()) + "/" + route))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        HttpResponse<InputStream> r;
        byte[] body;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                body = in.readNBytes((int) MAX_BYTES + 1);
            }
        } catch (IOException e) {
            throw unavailable(provider, source, "cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(provider, source, "did not answer");
        }
        if (body.length > MAX_BYTES) {
            throw new GatewayException(
                    GatewayCode.OUTPUT_CORRUPT, "the operator's answer is over " + MAX_BYTES + " bytes");
        }
        if (r.statusCode() == 200) {
            return Response.ok(body, type).header("Cache-Control", "no-store").build();
        }
        String detail = "CCR provider '" + provider + "': " + message(body, r.statusCode());
        return switch (r.statusCode()) {
            case 404 -> Problems.of(ErrorCode.NOT_FOUND, detail);
            case 502 -> Problems.of(GatewayCode.OUTPUT_CORRUPT, detail);
            case 400 -> Problems.of(ErrorCode.INVALID_ARGUMENT, detail);
                // 401/403: the operator does not accept this organisation's token for the job; 5xx: it is failing.
            default -> throw unavailable(provider, source, "refused this gateway (HTTP " + r.statusCode() + ")");
        };
    }

    /** A path segment: a '/' or space in it cannot change the operator's route. */
    static String segment(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String message(byte[] body, int status) {
        try {
            String m = Json.tree(new String(body, StandardCharsets.UTF_8))
                    .path("message")
                    .asText("");
            return m.isEmpty() ? "HTTP " + status : m.length() > 300 ? m.substring(0, 300) : m;
        } catch (RuntimeException e) {
            return "HTTP " + status;
        }
    }

    private static GatewayException unavailable(String provider, GatewayConfig.JobOutputSource s, String what) {
        return new GatewayException(
                GatewayCode.JOB_OUTPUTS_UNAVAILABLE,
                "the operator of CCR provider '" + provider + "' at " + s.url() + " " + what);
    }
}
