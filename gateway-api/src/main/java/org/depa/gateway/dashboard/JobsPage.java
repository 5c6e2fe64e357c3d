package org.depa.gateway.dashboard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayList;
import java.util.List;
import org.depa.gateway.api.Calls;
import org.depa.gateway.api.EventStreams;
import org.depa.gateway.api.JobEvents;
import org.depa.gateway.api.Listings;
import org.depa.gateway.auth.Access;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.domain.HistoryEntry;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.HistoryRequest;

/**
 * A training job: its status, kept live by a small script following the job's server-sent events
 * (job-live.js), its status timeline, its runs with the epsilon each spent, and, for the job's TDC
 * only, its progress from the CCR provider's operator. Reads are open as the jobs API is; the
 * progress follows the API's rule (JobProgress): a colleague of the TDC's own organisation does
 * not see it. The index page lists the jobs the caller is a party to (every job for the SRO's
 * operators and auditors), as {@code GET /v1/jobs} does, and looks any job up by its id.
 */
@Path("/dashboard/jobs")
@Singleton
public class JobsPage {
    @Inject
    Calls calls;

    @Inject
    Pages pages;

    @Inject
    JobProgress progress;

    @Inject
    EventStreams streams;

    @Inject
    @Location("dashboard/jobs.html")
    Template index;

    @Inject
    @Location("dashboard/job.html")
    Template one;

    /** One committed change of the job record. */
    @TemplateData
    record HistoryRow(String at, String status, String by, String txId) {}

    @GET
    @Access(sro = true)
    @Produces(MediaType.TEXT_HTML)
    public Response index(
            @CookieParam(DashboardSessions.COOKIE) String cookie,
            @QueryParam("id") String id,
            @QueryParam("party") String party,
            @QueryParam("bookmark") String bookmark) {
        if (id != null && !id.isBlank()) {
            return Response.seeOther(UriBuilder.fromPath("/dashboard/jobs/{id}").build(id.strip()))
                    .build();
        }
        return Response.ok(
                        index.data("frame", pages.frame("jobs", "Jobs and runs", cookie))
                                .data("party", party)
                                .data("everyOne", Listings.everyOne(calls.caller(), party))
                                .data(
                                        "list",
                                        Pages.part(() -> ListRows.jobs(
                                                calls.ledger()
                                                        .evaluate(
                                                                Jobs.LIST,
                                                                Listings.request(
                                                                        calls.caller(),
                                                                        party,
                                                                        Integer.toString(ListRows.PAGE_SIZE),
                                                                        bookmark)),
                                                party)))
                                .render(),
                        MediaType.TEXT_HTML_TYPE)
                .build();
    }

    @GET
    @Path("/{id}")
    @Access(sro = true)
    @Produces(MediaType.TEXT_HTML)
    public String show(@CookieParam(DashboardSessions.COOKIE) String cookie, @PathParam("id") String id) {
        TypedLedger ledger = calls.ledger();
        TrainingJob job = ledger.evaluate(Jobs.GET, id); // unknown: the 404 page
        List<HistoryRow> history = rows(ledger.evaluate(Audit.HISTORY, new HistoryRequest("job", id)));
        boolean tdc = progress.mayRead(job);
        return one.data("frame", pages.frame("jobs", "Job " + id, cookie))
                .data("job", job)
                .data("history", history)
                .data(
                        "timeline",
                        Timeline.of(history.stream()
                                .map(h -> new Timeline.Event(h.status(), h.at(), h.txId()))
                                .toList()))
                .data("runs", Pages.part(() -> RunFigures.ofJob(ledger, job)))
                .data("tdc", tdc)
                .data("eventNames", JobEvents.names())
                .data("finalEvents", JobEvents.finalNames())
                .data("progress", tdc ? progress.read(job) : null)
                .render();
    }

    /** The job as the ledger has it now, as JSON: what the page's script reads after each event. */
    @GET
    @Path("/{id}/status.json")
    @Access(sro = true)
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@PathParam("id") String id) {
        return calls.evaluate(Jobs.GET, id);
    }

    /** The job's progress from its CCR provider's operator, as JSON: the job's TDC only. */
    @GET
    @Path("/{id}/progress.json")
    @Access(roles = Role.TDC)
    @Produces(MediaType.APPLICATION_JSON)
    public Response progress(@PathParam("id") String id) {
        Response r = progress.response(calls.ledger().evaluate(Jobs.GET, id));
        // Nothing reported yet (404) or the operator out of reach (503) is a state the page shows, not a failed
        // request: answered as such, so a browser polling it logs no error each time. Refusals stay refusals.
        if (r.getStatus() == 404 || r.getStatus() == 503) {
            String detail = r.getStatus() == 404
                    ? "the clean room has reported no progress yet"
                    : "the CCR provider's operator cannot be reached now";
            return Response.ok(java.util.Map.of("shown", false, "status", r.getStatus(), "detail", detail))
                    .type(MediaType.APPLICATION_JSON)
                    .build();
        }
        return r;
    }

    /** The job's own events as they are committed (the API's {@code /v1/jobs/{id}/events}, for the page's script). */
    @GET
    @Path("/{id}/events")
    @Access(sro = true)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        calls.evaluate(Jobs.GET, id); // an unknown job is 404 now, not a stream that waits for it
        streams.start(calls.client(), 0, null, JobEvents.of(id), sink, sse);
    }

    private static List<HistoryRow> rows(List<HistoryEntry> history) {
        List<HistoryRow> rows = new ArrayList<>();
        for (HistoryEntry e : history) {
            if (!e.deleted() && e.value() != null) {
                rows.add(new HistoryRow(
                        e.timestamp(),
                        e.value().path("status").asText("?"),
                        e.value().path("updatedBy").asText(""),
                        e.txId()));
            }
        }
        rows.sort(java.util.Comparator.comparing(r -> r.at() == null ? "" : r.at())); // the ledger gives newest first
        return rows;
    }
}
