package org.depa.gateway.dashboard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.depa.gateway.api.Calls;
import org.depa.gateway.auth.Access;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.tx.PageRequest;

/**
 * The consortium: who the caller is, the participants with their roles and status, the common
 * agreement and the governance record, the organisations, and the ledger's nodes. Open to every
 * participant in good standing and the SRO's operators, as the registry's API is.
 */
@Path("/dashboard")
@Produces(MediaType.TEXT_HTML)
public class ConsortiumPage {
    /** The registry is read page by page up to this many participants; a note says when there are more. */
    static final int MAX_PARTICIPANTS = 2000;

    @Inject
    Calls calls;

    @Inject
    Pages pages;

    @Inject
    NetworkNodes network;

    @Inject
    @Location("dashboard/consortium.html")
    Template page;

    @GET
    @Access(sro = true)
    public TemplateInstance show(@CookieParam(DashboardSessions.COOKIE) String cookie) {
        return page.data("frame", pages.frame("consortium", "Consortium", cookie))
                .data("participants", Pages.part(this::participants))
                .data("agreement", Pages.part(() -> calls.ledger().evaluate(Participants.GET_AGREEMENT, null)))
                .data("governance", Pages.part(() -> calls.ledger().evaluate(Participants.GET_GOVERNANCE, null)))
                .data("nodes", network.nodes());
    }

    private List<Participant> participants() {
        List<Participant> all = new ArrayList<>();
        String bookmark = null;
        do {
            Page<Participant> p = calls.ledger().evaluate(Participants.LIST, new PageRequest(200, bookmark));
            all.addAll(p.items());
            bookmark = p.items().size() < 200 ? null : p.bookmark();
        } while (bookmark != null && !bookmark.isEmpty() && all.size() < MAX_PARTICIPANTS);
        all.sort(Comparator.comparing(Participant::mspId).thenComparing(Participant::id));
        return all;
    }
}
