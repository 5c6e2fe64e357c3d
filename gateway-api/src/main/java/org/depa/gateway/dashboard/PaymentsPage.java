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
import java.util.List;
import org.depa.gateway.api.Calls;
import org.depa.gateway.auth.Access;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.PaymentInstruction;

/**
 * Payments: a contract's payment instructions (each receipt creates them), and one instruction
 * with its settlement transaction on the payment chain, block, confirmations, or why the relay
 * cannot pay it yet; with a payment chain configured, the contract's escrow and its payout accounts'
 * balances read from the chain ({@code PaymentChainReader}). Open as the payments API is.
 */
@Path("/dashboard/payments")
@Produces(MediaType.TEXT_HTML)
public class PaymentsPage {
    @Inject
    Calls calls;

    @Inject
    Pages pages;

    @Inject
    org.depa.gateway.chain.PaymentChainReader chain;

    @Inject
    @Location("dashboard/payments.html")
    Template list;

    @Inject
    @Location("dashboard/payment.html")
    Template one;

    @GET
    @Access(sro = true)
    public TemplateInstance list(
            @CookieParam(DashboardSessions.COOKIE) String cookie, @QueryParam("contract") String contract) {
        boolean asked = contract != null && !contract.isBlank();
        return list.data("frame", pages.frame("payments", "Payments", cookie))
                .data("contract", asked ? contract.strip() : null)
                .data(
                        "payments",
                        asked
                                ? Pages.part(() -> calls.ledger().evaluate(Payments.LIST_BY_CONTRACT, contract.strip()))
                                : new Pages.Part<List<PaymentInstruction>>(List.of(), null))
                .data(
                        "balances",
                        asked
                                ? Pages.part(() -> chain.balances(calls.ledger()
                                        .evaluate(org.depa.ledger.model.catalogue.Contracts.GET, contract.strip())))
                                : null);
    }

    @GET
    @Path("/{id}")
    @Access(sro = true)
    public TemplateInstance show(@CookieParam(DashboardSessions.COOKIE) String cookie, @PathParam("id") String id) {
        PaymentInstruction payment = calls.ledger().evaluate(Payments.GET, id); // unknown: the 404 page
        return one.data("frame", pages.frame("payments", "Payment " + id, cookie))
                .data("p", payment);
    }
}
