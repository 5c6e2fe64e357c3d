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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.depa.gateway.api.Calls;
import org.depa.gateway.auth.Access;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.tx.HistoryRequest;
import org.depa.ledger.model.tx.ListDatasetsRequest;

/**
 * Datasets: the list (a page of 50, with the ledger's bookmark for the next), and one dataset's
 * terms, schema and privacy budget with its chart over time. Open as the datasets API is: to every
 * participant in good standing and the SRO's operators.
 */
@Path("/dashboard/datasets")
@Produces(MediaType.TEXT_HTML)
public class DatasetsPage {
    @Inject
    Calls calls;

    @Inject
    Pages pages;

    @Inject
    @Location("dashboard/datasets.html")
    Template list;

    @Inject
    @Location("dashboard/dataset.html")
    Template one;

    @GET
    @Access(sro = true)
    public TemplateInstance list(
            @CookieParam(DashboardSessions.COOKIE) String cookie, @QueryParam("bookmark") String bookmark) {
        return list.data("frame", pages.frame("datasets", "Datasets", cookie))
                .data("datasets", Pages.part(() -> calls.ledger()
                        .evaluate(Datasets.LIST, new ListDatasetsRequest(null, null, 50, bookmark))));
    }

    @GET
    @Path("/{id}")
    @Access(sro = true)
    public TemplateInstance show(@CookieParam(DashboardSessions.COOKIE) String cookie, @PathParam("id") String id) {
        Dataset dataset = calls.ledger().evaluate(Datasets.GET, id); // unknown: the 404 page
        return one.data("frame", pages.frame("datasets", "Dataset " + id, cookie))
                .data("dataset", dataset)
                .data("budget", Pages.part(() -> calls.ledger().evaluate(Datasets.GET_BUDGET, id)))
                .data(
                        "chart",
                        Pages.part(() -> BudgetChart.of(
                                calls.ledger().evaluate(Audit.HISTORY, new HistoryRequest("budget", id)))));
    }
}
