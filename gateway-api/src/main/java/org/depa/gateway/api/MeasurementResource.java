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
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.PageRequest;
import org.depa.ledger.model.tx.RevokeMeasurementRequest;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Clean-room measurements the SRO certifies. */
@Path("/v1/measurements")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "measurements")
public class MeasurementResource {
    @Inject
    Calls calls;

    @POST
    @Access(participants = false, sro = true)
    @RequestBody(content = @Content(schema = @Schema(implementation = CertifyMeasurementRequest.class)))
    public Response certify(String body) {
        return calls.submit(Measurements.CERTIFY, Calls.body(body, CertifyMeasurementRequest.class));
    }

    @GET
    @Access(sro = true)
    public Response list(
            @QueryParam("pageSize")
                    @Parameter(
                            description = "1..200 (default 50)",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
                    String pageSize,
            @QueryParam("bookmark") String bookmark) {
        return calls.evaluate(Measurements.LIST, new PageRequest(Calls.pageSize(pageSize), bookmark));
    }

    @GET
    @Path("/{measurement}")
    @Access(sro = true)
    public Response get(@PathParam("measurement") String measurement) {
        return calls.evaluate(Measurements.GET, measurement);
    }

    @POST
    @Path("/{measurement}/revoke")
    @Access(participants = false, sro = true)
    @RequestBody(content = @Content(schema = @Schema(implementation = RevokeMeasurementRequest.class)))
    public Response revoke(@PathParam("measurement") String measurement, String body) {
        RevokeMeasurementRequest r = Calls.body(body, RevokeMeasurementRequest.class);
        return calls.submit(
                Measurements.REVOKE,
                new RevokeMeasurementRequest(Calls.samePath("measurement", measurement, r.measurement()), r.reason()));
    }
}
