package org.depa.gateway.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.depa.gateway.auth.Access;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.ListDatasetsRequest;
import org.depa.ledger.model.tx.WithdrawDatasetRequest;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Datasets TDPs offer, their terms and privacy budgets; search with pagination. */
@Path("/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
public class DatasetResource {
    @Inject
    Calls calls;

    @Inject
    SampleProxy samples;

    @POST
    @Access(roles = Role.TDP)
    @RequestBody(content = @Content(schema = @Schema(implementation = DatasetRequest.class)))
    public Response register(String body) {
        DatasetRequest r = Calls.body(body, DatasetRequest.class);
        calls.requireSelf("ownerId", r.ownerId());
        return calls.submit(Datasets.REGISTER, r);
    }

    /** Datasets, optionally of one owner or allowing one purpose; {@code bookmark} continues a search. */
    @GET
    @Access(sro = true)
    public Response search(
            @QueryParam("ownerId") String ownerId,
            @QueryParam("purpose") String purpose,
            @QueryParam("pageSize")
                    @Parameter(
                            description = "1..200 (default 50)",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
                    String pageSize,
            @QueryParam("bookmark") String bookmark) {
        return calls.evaluate(
                Datasets.LIST, new ListDatasetsRequest(ownerId, purpose, Calls.pageSize(pageSize), bookmark));
    }

    @GET
    @Path("/{id}")
    @Access(sro = true)
    public Response get(@PathParam("id") String id) {
        return calls.evaluate(Datasets.GET, id);
    }

    @GET
    @Path("/{id}/budget")
    @Access(sro = true)
    public Response budget(@PathParam("id") String id) {
        return calls.evaluate(Datasets.GET_BUDGET, id);
    }

    /**
     * The dataset's sample, fetched from its TDP's data endpoint for the caller (issue 11: a TDC
     * develops its model on it). Any participant of this gateway's organisation in good standing;
     * the TDP's endpoint logs the access. An endpoint down or not configured: 503 naming the TDP.
     */
    @GET
    @Path("/{id}/sample")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Access
    public Response sample(@PathParam("id") String id) {
        Dataset dataset = calls.ledger().evaluate(Datasets.GET, id);
        return samples.fetch(dataset, calls.caller().id());
    }

    @POST
    @Path("/{id}/withdraw")
    @Access(roles = Role.TDP)
    @RequestBody(content = @Content(schema = @Schema(implementation = WithdrawDatasetRequest.class)))
    public Response withdraw(@PathParam("id") String id, String body) {
        WithdrawDatasetRequest r = Calls.body(body, WithdrawDatasetRequest.class);
        calls.requireSelf("ownerId", r.ownerId());
        return calls.submit(
                Datasets.WITHDRAW,
                new WithdrawDatasetRequest(Calls.samePath("datasetId", id, r.datasetId()), r.ownerId(), r.reason()));
    }
}
