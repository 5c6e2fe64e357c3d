package org.depa.gateway.dashboard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.depa.gateway.api.Calls;
import org.depa.gateway.auth.Access;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.tx.HistoryRequest;

/**
 * Audit: the committed history of any ledger object, as {@code GET /v1/history} gives it, and how
 * to run the auditor's full verification. The full verification (every block, signature,
 * endorsement and the domain replay) runs in the auditor's toolkit over an exported bundle or an
 * embedded ledger's directory; this gateway holds neither a bundle nor the right to read its own
 * ledger directory while it writes it, so the page does not run it (see the README's "Not done").
 */
@Path("/dashboard/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditPage {
    /** The object types a reader may ask the history of (the ledger's key prefixes people look for). */
    static final List<String> TYPES = List.of(
            "contract",
            "dataset",
            "budget",
            "participant",
            "job",
            "run",
            "key-release",
            "receipt",
            "payment",
            "measurement",
            "signature",
            "agreement",
            "governance");

    @Inject
    Calls calls;

    @Inject
    Pages pages;

    @Inject
    @Location("dashboard/audit.html")
    Template page;

    /** One committed version of the object. */
    @TemplateData
    record Version(String at, String txId, boolean deleted, String value) {}

    @GET
    @Access(sro = true)
    public TemplateInstance show(
            @CookieParam(DashboardSessions.COOKIE) String cookie,
            @QueryParam("objectType") String objectType,
            @QueryParam("id") String id) {
        boolean asked = objectType != null && id != null && !id.isBlank();
        return page.data("frame", pages.frame("audit", "Audit", cookie))
                .data("types", TYPES)
                .data("objectType", asked ? objectType : "contract")
                .data("id", asked ? id.strip() : null)
                .data("history", asked ? Pages.part(() -> history(objectType, id.strip())) : null);
    }

    private List<Version> history(String objectType, String id) {
        return calls.ledger().evaluate(Audit.HISTORY, new HistoryRequest(objectType, id)).stream()
                .map(e -> new Version(
                        e.timestamp(), e.txId(), e.deleted(), e.value() == null ? "" : Json.canonicalString(e.value())))
                .toList();
    }
}
