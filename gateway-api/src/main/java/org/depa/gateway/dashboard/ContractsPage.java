package org.depa.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.ArrayList;
import java.util.List;
import org.depa.gateway.api.Calls;
import org.depa.gateway.api.Listings;
import org.depa.gateway.auth.Access;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractVersion;
import org.depa.ledger.model.domain.HistoryEntry;
import org.depa.ledger.model.tx.ContractVersionRef;
import org.depa.ledger.model.tx.HistoryRequest;

/**
 * Contracts: one contract's parties and which of them signed each version, its clauses, its
 * status timeline and history, and the runs, jobs and payments under it. The index page lists the
 * contracts the caller is a party to (every contract for the SRO's operators and auditors), as
 * {@code GET /v1/contracts} does, and looks any contract up by its id. Open as the contracts API is:
 * every participant in good standing and the SRO.
 */
@Path("/dashboard/contracts")
@Produces(MediaType.TEXT_HTML)
public class ContractsPage {
    /** Versions shown with their signatures, newest first (each costs a read per party). */
    static final int MAX_VERSIONS = 20;

    @Inject
    Calls calls;

    @Inject
    Pages pages;

    @Inject
    @Location("dashboard/contracts.html")
    Template index;

    @Inject
    @Location("dashboard/contract.html")
    Template one;

    /** One party's signature on one version: signed or not, and when. */
    @TemplateData
    record PartySignature(String party, boolean signed, String signedAt) {}

    /** One version of the terms and its signatures. */
    @TemplateData
    record VersionRow(int version, String proposedAt, String documentSha256, List<PartySignature> signatures) {}

    /** One committed change of the contract record. */
    @TemplateData
    record HistoryRow(String at, String version, String status, String txId) {}

    @GET
    @Access(sro = true)
    public Response index(
            @CookieParam(DashboardSessions.COOKIE) String cookie,
            @QueryParam("id") String id,
            @QueryParam("party") String party,
            @QueryParam("bookmark") String bookmark) {
        if (id != null && !id.isBlank()) {
            return Response.seeOther(
                            UriBuilder.fromPath("/dashboard/contracts/{id}").build(id.strip()))
                    .build();
        }
        return Response.ok(
                        index.data("frame", pages.frame("contracts", "Contracts", cookie))
                                .data("party", party)
                                .data("everyOne", Listings.everyOne(calls.caller(), party))
                                .data(
                                        "list",
                                        Pages.part(() -> ListRows.contracts(
                                                calls.ledger()
                                                        .evaluate(
                                                                Contracts.LIST,
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
    public TemplateInstance show(@CookieParam(DashboardSessions.COOKIE) String cookie, @PathParam("id") String id) {
        TypedLedger ledger = calls.ledger();
        ContractRecord contract = ledger.evaluate(Contracts.GET, id); // unknown: the 404 page
        List<HistoryEntry> history = ledger.evaluate(Audit.HISTORY, new HistoryRequest("contract", id));
        return one.data("frame", pages.frame("contracts", "Contract " + id, cookie))
                .data("contract", contract)
                .data("versions", Pages.part(() -> versions(ledger, contract)))
                .data("timeline", timeline(rows(history)))
                .data("history", rows(history))
                .data("runs", Pages.part(() -> ledger.evaluate(Runs.LIST_BY_CONTRACT, id)))
                .data("jobs", Pages.part(() -> ledger.evaluate(Jobs.LIST_BY_CONTRACT, id)))
                .data("payments", Pages.part(() -> ledger.evaluate(Payments.LIST_BY_CONTRACT, id)));
    }

    /** Every version, newest first, with each party's signature on it (from the signature records' history). */
    private static List<VersionRow> versions(TypedLedger ledger, ContractRecord c) {
        List<VersionRow> rows = new ArrayList<>();
        for (int v = c.version(); v >= Math.max(1, c.version() - MAX_VERSIONS + 1); v--) {
            ContractVersion version = ledger.evaluate(Contracts.GET_VERSION, new ContractVersionRef(c.contractId(), v));
            List<PartySignature> signatures = new ArrayList<>();
            for (String party : c.parties()) {
                List<HistoryEntry> h = ledger.evaluate(
                        Audit.HISTORY,
                        new HistoryRequest("signature", c.contractId() + "/" + versionKey(v) + "/" + party));
                HistoryEntry signed = h.stream()
                        .filter(e -> !e.deleted() && e.value() != null)
                        .findFirst()
                        .orElse(null);
                signatures.add(new PartySignature(
                        party,
                        signed != null,
                        signed == null ? null : signed.value().path("signedAt").asText(null)));
            }
            rows.add(new VersionRow(v, version.proposedAt(), version.documentSha256(), signatures));
        }
        return rows;
    }

    /** The contract record's committed changes as version and status. */
    private static List<HistoryRow> rows(List<HistoryEntry> history) {
        List<HistoryRow> rows = new ArrayList<>();
        for (HistoryEntry e : history) {
            if (e.deleted() || e.value() == null) {
                continue;
            }
            JsonNode v = e.value();
            rows.add(new HistoryRow(
                    e.timestamp(),
                    v.path("version").asText("?"),
                    v.path("status").asText("?"),
                    e.txId()));
        }
        rows.sort(java.util.Comparator.comparing(r -> r.at() == null ? "" : r.at())); // the ledger gives newest first
        return rows;
    }

    private static Timeline timeline(List<HistoryRow> rows) {
        return Timeline.of(rows.stream()
                .map(r -> new Timeline.Event("v" + r.version() + " " + r.status(), r.at(), r.txId()))
                .toList());
    }

    /** The ledger's zero-padded version in a signature's key (ten digits). */
    static String versionKey(int version) {
        String digits = Integer.toString(version);
        return "0".repeat(Math.max(0, 10 - digits.length())) + digits;
    }
}
