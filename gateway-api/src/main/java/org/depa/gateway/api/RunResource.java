package org.depa.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import org.depa.gateway.auth.Access;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.FailRunRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.SpecKeyReleaseRequest;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Training runs: the CCR provider starts them and submits receipts, TDPs record key releases. */
@Path("/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "runs")
public class RunResource {
    @Inject
    Calls calls;

    @POST
    @Access(roles = Role.CCR_PROVIDER)
    @RequestBody(content = @Content(schema = @Schema(implementation = StartRunRequest.class)))
    public Response start(String body) {
        StartRunRequest r = Calls.body(body, StartRunRequest.class);
        calls.requireSelf("ccrProviderId", r.ccrProviderId());
        return calls.submit(Runs.START, r);
    }

    @GET
    @Path("/{id}")
    @Access(sro = true)
    public Response get(@PathParam("id") String id) {
        return calls.evaluate(Runs.GET, id);
    }

    @POST
    @Path("/{id}/key-releases")
    @Access(roles = Role.TDP)
    @RequestBody(content = @Content(schema = @Schema(implementation = KeyReleaseRequest.class)))
    public Response recordKeyRelease(@PathParam("id") String id, String body) {
        return calls.submit(
                Runs.RECORD_KEY_RELEASE,
                forRun(id, body, KeyReleaseRequest.class, "tdpId", KeyReleaseRequest::tdpId, KeyReleaseRequest::runId));
    }

    @GET
    @Path("/{id}/key-releases")
    @Access(sro = true)
    public Response keyReleases(@PathParam("id") String id) {
        return calls.evaluate(Runs.KEY_RELEASES, id);
    }

    /** A job's TDC (its bridge, under its own identity) records the release of the sealed spec's key to the run. */
    @POST
    @Path("/{id}/spec-key-releases")
    @Access(roles = Role.TDC)
    @RequestBody(content = @Content(schema = @Schema(implementation = SpecKeyReleaseRequest.class)))
    public Response recordSpecKeyRelease(@PathParam("id") String id, String body) {
        return calls.submit(
                Runs.RECORD_SPEC_KEY_RELEASE,
                forRun(
                        id,
                        body,
                        SpecKeyReleaseRequest.class,
                        "tdcId",
                        SpecKeyReleaseRequest::tdcId,
                        SpecKeyReleaseRequest::runId));
    }

    @GET
    @Path("/{id}/spec-key-releases")
    @Access(sro = true)
    public Response specKeyReleases(@PathParam("id") String id) {
        return calls.evaluate(Runs.SPEC_KEY_RELEASES, id);
    }

    /** The receipt signed by the run's attested key (inside the clean room, never by the gateway). */
    @POST
    @Path("/{id}/receipt")
    @Access(roles = Role.CCR_PROVIDER)
    @RequestBody(content = @Content(schema = @Schema(implementation = SubmitReceiptRequest.class)))
    public Response submitReceipt(@PathParam("id") String id, String body) {
        SubmitReceiptRequest r = Calls.body(body, SubmitReceiptRequest.class);
        calls.requireSelf("ccrProviderId", r.ccrProviderId());
        if (r.body() != null) {
            Calls.samePath("body.runId", id, r.body().runId());
        }
        return calls.submit(Runs.SUBMIT_RECEIPT, r);
    }

    @GET
    @Path("/{id}/receipt")
    @Access(sro = true)
    public Response receipt(@PathParam("id") String id) {
        return calls.evaluate(Runs.GET_RECEIPT, id);
    }

    @POST
    @Path("/{id}/fail")
    @Access(roles = Role.CCR_PROVIDER)
    @RequestBody(content = @Content(schema = @Schema(implementation = FailRunRequest.class)))
    public Response fail(@PathParam("id") String id, String body) {
        return calls.submit(
                Runs.FAIL,
                forRun(
                        id,
                        body,
                        FailRunRequest.class,
                        "ccrProviderId",
                        FailRunRequest::ccrProviderId,
                        FailRunRequest::runId));
    }

    /**
     * The body of a write to run {@code id}, as the ledger gets it: parsed as {@code type}, made by
     * the caller for itself ({@code actorField}), and for the path's run. The body may leave its
     * {@code runId} out (the path's is filled in); one naming another run is refused. The one copy
     * of that rule for every request type with a {@code runId}, rather than a copy constructor each.
     */
    private <T> T forRun(
            String id,
            String body,
            Class<T> type,
            String actorField,
            Function<T, String> actor,
            Function<T, String> runId) {
        T request = Calls.body(body, type);
        calls.requireSelf(actorField, actor.apply(request));
        String run = Calls.samePath("runId", id, runId.apply(request));
        if (run.equals(runId.apply(request))) {
            return request;
        }
        ObjectNode tree = Json.mapper().valueToTree(request);
        tree.put("runId", run);
        try {
            return Json.mapper().treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(type.getSimpleName() + " does not read back with the path's runId", e);
        }
    }
}
