package org.depa.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import org.depa.gateway.api.Calls;
import org.depa.gateway.api.JobOutputsProxy;
import org.depa.gateway.auth.Caller;
import org.depa.gateway.problem.Problems;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * A job's progress for its dashboard page, fetched as {@code GET /v1/jobs/{id}/progress} fetches
 * it (JobOutputsProxy) and under the same rule: the job's TDC only, never a colleague of its
 * organisation.
 */
@ApplicationScoped
class JobProgress {
    @Inject
    Calls calls;

    @Inject
    JobOutputsProxy outputs;

    /** The clean room's last report: epoch of epochs, loss, epsilon spent so far. */
    @TemplateData
    record Progress(int epoch, int epochs, String loss, String epsilonSpent, String updated) {}

    /** True when the caller is the job's TDC, the only one who sees its progress. */
    boolean mayRead(TrainingJob job) {
        Caller c = calls.caller();
        return c.registered() && c.id().equals(job.tdcId());
    }

    /** The operator's answer for the job's TDC; 403 NOT_A_PARTY for anyone else. */
    Response response(TrainingJob job) {
        if (!mayRead(job)) {
            return Problems.of(
                    ErrorCode.NOT_A_PARTY, "job '" + job.jobId() + "' is not yours: only its TDC sees its progress");
        }
        return outputs.fetch(job, "progress", MediaType.APPLICATION_JSON_TYPE);
    }

    /** The progress, or why it cannot be shown (not reported yet, the operator unreachable). */
    Pages.Part<Progress> read(TrainingJob job) {
        Response r;
        try {
            r = response(job);
        } catch (org.depa.gateway.problem.GatewayException e) {
            return new Pages.Part<>(null, e.code() + ": " + e.getMessage());
        }
        String body = r.getEntity() instanceof byte[] b
                ? new String(b, StandardCharsets.UTF_8)
                : String.valueOf(r.getEntity());
        JsonNode tree = Json.tree(body);
        if (r.getStatus() != 200) {
            return new Pages.Part<>(
                    null,
                    tree.path("code").asText("HTTP " + r.getStatus()) + ": "
                            + tree.path("detail").asText(""));
        }
        return new Pages.Part<>(
                new Progress(
                        tree.path("epoch").asInt(),
                        tree.path("epochs").asInt(),
                        tree.path("loss").asText(),
                        tree.path("epsilonSpent").asText(),
                        tree.path("updated").asText("")),
                null);
    }
}
