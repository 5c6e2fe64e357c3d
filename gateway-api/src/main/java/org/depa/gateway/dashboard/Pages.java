package org.depa.gateway.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.depa.gateway.api.Calls;
import org.depa.gateway.auth.Caller;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.problem.GatewayException;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.Participant;

/** What the page resources share: the frame, and reading a part of a page that may be refused. */
@ApplicationScoped
class Pages {
    @Inject
    Calls calls;

    @Inject
    GatewayConfig config;

    @Inject
    DashboardSessions sessions;

    /** The frame of a page in {@code section} for the current caller; {@code cookie} is the session cookie, if any. */
    PageFrame frame(String section, String title, String cookie) {
        Caller c = calls.caller();
        String who;
        if (c.sroOperator()) {
            who = "SRO operator (" + config.sroMspId() + ")";
        } else {
            Participant p = c.participant();
            who = p.id() + " (" + p.role() + ", " + p.mspId() + ")";
        }
        String csrf = sessions.session(cookie)
                .map(DashboardSessions.Session::csrfToken)
                .orElse(null);
        return new PageFrame(section, title, who, String.join(", ", config.organisations()), csrf);
    }

    /**
     * One part of a page that the ledger or an operator may refuse on its own (a record not there
     * yet, a progress report only the TDC may see): its value, or the refusal's message in its place.
     */
    static <T> Part<T> part(Supplier<T> read) {
        try {
            return new Part<>(read.get(), null);
        } catch (LedgerRuleException e) {
            return new Part<>(null, e.code() + ": " + e.getMessage());
        } catch (GatewayException e) {
            return new Part<>(null, e.code() + ": " + e.getMessage());
        } catch (LedgerException e) {
            if (e.stage() == LedgerException.Stage.UNAVAILABLE) {
                return new Part<>(null, "the ledger cannot be reached; try again later");
            }
            boolean internal = org.depa.gateway.problem.Problems.status(e.code()) == 500;
            return new Part<>(null, e.code() + ": " + (internal ? "the ledger failed to answer" : e.getMessage()));
        }
    }

    /** A part of a page: its value, or why it is not shown. */
    @io.quarkus.qute.TemplateData
    record Part<T>(T value, String refusal) {
        public boolean shown() {
            return refusal == null;
        }
    }
}
