package org.depa.gateway.dashboard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.depa.gateway.api.Calls;
import org.depa.gateway.auth.Access;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * A training run: the attestation behind it (the SEV-SNP product, measurement, chip and TCB the
 * ledger verified at the run's start, and under which root), its key releases as a timeline, and
 * its receipt. Open as the runs API is: every participant in good standing and the SRO.
 */
@Path("/dashboard/runs")
@Produces(MediaType.TEXT_HTML)
public class RunsPage {
    @Inject
    Calls calls;

    @Inject
    Pages pages;

    @Inject
    @Location("dashboard/run.html")
    Template one;

    @GET
    @Path("/{id}")
    @Access(sro = true)
    public TemplateInstance show(@CookieParam(DashboardSessions.COOKIE) String cookie, @PathParam("id") String id) {
        TypedLedger ledger = calls.ledger();
        TrainingRun run = ledger.evaluate(Runs.GET, id); // unknown: the 404 page
        Pages.Part<List<KeyReleaseRecord>> releases = Pages.part(() -> ledger.evaluate(Runs.KEY_RELEASES, id));
        Timeline timeline = Timeline.of(
                releases.shown()
                        ? releases.value().stream()
                                .map(k -> new Timeline.Event(
                                        k.datasetId() + " released by " + k.tdpId(), k.releasedAt(), k.txId()))
                                .toList()
                        : List.of());
        return one.data("frame", pages.frame("jobs", "Run " + id, cookie))
                .data("run", run)
                .data("releases", releases)
                .data("timeline", timeline)
                .data("receipt", Pages.part(() -> ledger.evaluate(Runs.GET_RECEIPT, id)));
    }
}
