package org.depa.gateway.api;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.depa.gateway.auth.Access;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.CompleteJobRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Training jobs (issue 11): the TDC submits a job over its ACTIVE contracts, bound to the model-spec
 * commitment they carry, and may cancel it before it runs; its CCR provider schedules, starts,
 * fails or completes it; anyone in good standing reads a job
 * (it holds only the commitment, never the spec) and follows its events. Jobs of a contract:
 * {@code GET /v1/contracts/{id}/jobs}.
 */
@Path("/v1/jobs")
@Singleton
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobResource {
    @Inject
    Calls calls;

    @Inject
    EventStreams streams;

    @Inject
    JobOutputsProxy outputs;

    @POST
    @Access(roles = Role.TDC)
    @RequestBody(content = @Content(schema = @Schema(implementation = SubmitJobRequest.class)))
    public Response submit(String body) {
        SubmitJobRequest r = Calls.body(body, SubmitJobRequest.class);
        calls.requireSelf("tdcId", r.tdcId());
        return calls.submit(Jobs.SUBMIT, r);
    }

    /**
     * The jobs the caller is a party to (a party of one of the job's contracts), in id order, a page
     * at a time; {@code party} as for {@code GET /v1/contracts}.
     */
    @GET
    @Access(sro = true)
    public Response list(@BeanParam ListQuery query) {
        return calls.evaluate(Jobs.LIST, Listings.request(calls.caller(), query));
    }

    /** Writes the party index of a job submitted before the index existed; a party of it, or an SRO operator. */
    @POST
    @Path("/{id}/index")
    @Access(sro = true)
    @RequestBody(content = @Content(schema = @Schema(implementation = JobActionRequest.class)))
    public Response index(@PathParam("id") String id, String body) {
        JobActionRequest r = Calls.body(body, JobActionRequest.class);
        if (!(calls.caller().sroOperator() && r.participantId() == null)) {
            calls.requireSelf("participantId", r.participantId());
        }
        return calls.submit(
                Jobs.INDEX,
                new JobActionRequest(Calls.samePath("jobId", id, r.jobId()), r.participantId(), r.reason()));
    }

    @GET
    @Path("/{id}")
    @Access(sro = true)
    public Response get(@PathParam("id") String id) {
        return calls.evaluate(Jobs.GET, id);
    }

    /** The job's TDC withdraws it while SUBMITTED or SCHEDULED; once RUNNING the ledger refuses (409). */
    @POST
    @Path("/{id}/cancel")
    @Access(roles = Role.TDC)
    @RequestBody(content = @Content(schema = @Schema(implementation = JobActionRequest.class)))
    public Response cancel(@PathParam("id") String id, String body) {
        return calls.submit(Jobs.CANCEL, action(id, body));
    }

    /** The job's CCR provider accepts it (SUBMITTED -> SCHEDULED). */
    @POST
    @Path("/{id}/schedule")
    @Access(roles = Role.CCR_PROVIDER)
    @RequestBody(content = @Content(schema = @Schema(implementation = JobActionRequest.class)))
    public Response schedule(@PathParam("id") String id, String body) {
        return calls.submit(Jobs.SCHEDULE, action(id, body));
    }

    /** The job's CCR provider launched its clean room (SCHEDULED -> RUNNING; no cancel after this). */
    @POST
    @Path("/{id}/start")
    @Access(roles = Role.CCR_PROVIDER)
    @RequestBody(content = @Content(schema = @Schema(implementation = JobActionRequest.class)))
    public Response start(@PathParam("id") String id, String body) {
        return calls.submit(Jobs.START, action(id, body));
    }

    /** The job's CCR provider gives up on it, with a reason. */
    @POST
    @Path("/{id}/fail")
    @Access(roles = Role.CCR_PROVIDER)
    @RequestBody(content = @Content(schema = @Schema(implementation = JobActionRequest.class)))
    public Response fail(@PathParam("id") String id, String body) {
        return calls.submit(Jobs.FAIL, action(id, body));
    }

    /** The job's CCR provider names the run that completed each contract (RUNNING -> COMPLETED). */
    @POST
    @Path("/{id}/complete")
    @Access(roles = Role.CCR_PROVIDER)
    @RequestBody(content = @Content(schema = @Schema(implementation = CompleteJobRequest.class)))
    public Response complete(@PathParam("id") String id, String body) {
        CompleteJobRequest r = Calls.body(body, CompleteJobRequest.class);
        calls.requireSelf("ccrProviderId", r.ccrProviderId());
        return calls.submit(
                Jobs.COMPLETE,
                new CompleteJobRequest(Calls.samePath("jobId", id, r.jobId()), r.ccrProviderId(), r.runIds()));
    }

    /**
     * The job's own events (submitted, scheduled, running, completed, failed, cancelled) as
     * server-sent events, each with its block number as id; the stream ends after the job's final
     * event. An unknown job is 404. Bounded like {@code /v1/events} (it takes one of the same slots).
     */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Access(sro = true)
    public void events(
            @PathParam("id") String id,
            @QueryParam("from")
                    @Parameter(
                            description = "first block (default 0)",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
                    String from,
            @QueryParam("limit")
                    @Parameter(
                            description = "stop after this many of the job's events (1..1000000)",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
                    String limit,
            @Context SseEventSink sink,
            @Context Sse sse) {
        long start = Calls.longParam("from", from, 0, Long.MAX_VALUE, 0);
        Integer max = limit == null ? null : (int) Calls.longParam("limit", limit, 1, 1_000_000, 1);
        calls.evaluate(Jobs.GET, id); // an unknown job is 404 now, not a stream that waits for it
        streams.start(calls.client(), start, max, JobEvents.of(id), sink, sse);
    }

    /**
     * The job's progress as its clean room last reported it (epoch of epochs, training loss, epsilon
     * spent so far), fetched from the CCR provider's operator: the job's TDC only.
     */
    @GET
    @Path("/{id}/progress")
    @Access(roles = Role.TDC)
    public Response progress(@PathParam("id") String id) {
        return outputs.fetch(ownJob(id), "progress", MediaType.APPLICATION_JSON_TYPE);
    }

    /**
     * The manifest of the job's sealed output: each file's name, SHA-256 (of the sealed bytes),
     * kind (model or report), run and contract. The job's TDC only.
     */
    @GET
    @Path("/{id}/outputs")
    @Access(roles = Role.TDC)
    public Response outputs(@PathParam("id") String id) {
        return outputs.fetch(ownJob(id), "outputs", MediaType.APPLICATION_JSON_TYPE);
    }

    /** One sealed file of the job's output (sealed to the job's output key, dataset-crypto's OutputSeal), as the manifest lists it. The job's TDC only. */
    @GET
    @Path("/{id}/outputs/{name}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    @Access(roles = Role.TDC)
    public Response outputFile(@PathParam("id") String id, @PathParam("name") String name) {
        TrainingJob job = ownJob(id);
        return outputs.fetch(job, "outputs/" + JobOutputsProxy.segment(name), MediaType.APPLICATION_OCTET_STREAM_TYPE);
    }

    /**
     * The job, when the caller is its TDC. Another participant, a colleague of the TDC's own
     * organisation included, is refused: the output is sealed to the TDC's key, but it is still the
     * TDC's alone to fetch.
     */
    private TrainingJob ownJob(String id) {
        TrainingJob job = calls.ledger().evaluate(Jobs.GET, id);
        if (!job.tdcId().equals(calls.caller().id())) {
            throw new LedgerRuleException(
                    ErrorCode.NOT_A_PARTY,
                    "job '" + id + "' is not yours: only its TDC fetches its progress and output");
        }
        return job;
    }

    /** A job action acting for the caller, with the path's job id. */
    private JobActionRequest action(String id, String body) {
        JobActionRequest r = Calls.body(body, JobActionRequest.class);
        calls.requireSelf("participantId", r.participantId());
        return new JobActionRequest(Calls.samePath("jobId", id, r.jobId()), r.participantId(), r.reason());
    }
}
