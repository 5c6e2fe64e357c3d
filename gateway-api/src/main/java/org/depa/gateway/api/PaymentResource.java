package org.depa.gateway.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.depa.gateway.auth.Access;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.DeferPaymentRequest;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Payment instructions a receipt creates: each shows its chain transaction, block and
 * confirmations once settled, or why the relay cannot pay it yet; only the payment relay records.
 */
@Path("/v1/payments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "payments")
public class PaymentResource {
    @Inject
    Calls calls;

    @GET
    @Path("/{id}")
    @Access(sro = true)
    public Response get(@PathParam("id") String id) {
        return calls.evaluate(Payments.GET, id);
    }

    @POST
    @Path("/{id}/settle")
    @Access(roles = Role.PAYMENT_RELAY)
    @RequestBody(content = @Content(schema = @Schema(implementation = SettlePaymentRequest.class)))
    public Response settle(@PathParam("id") String id, String body) {
        SettlePaymentRequest r = Calls.body(body, SettlePaymentRequest.class);
        calls.requireSelf("participantId", r.participantId());
        return calls.submit(
                Payments.SETTLE,
                new SettlePaymentRequest(
                        Calls.samePath("paymentId", id, r.paymentId()),
                        r.participantId(),
                        r.chainId(),
                        r.externalTxHash(),
                        r.blockNumber(),
                        r.confirmations()));
    }

    /** The relay records why it cannot pay the instruction yet; it shows on {@code GET /v1/payments/{id}}. */
    @POST
    @Path("/{id}/defer")
    @Access(roles = Role.PAYMENT_RELAY)
    @RequestBody(content = @Content(schema = @Schema(implementation = DeferPaymentRequest.class)))
    public Response defer(@PathParam("id") String id, String body) {
        DeferPaymentRequest r = Calls.body(body, DeferPaymentRequest.class);
        calls.requireSelf("participantId", r.participantId());
        return calls.submit(
                Payments.DEFER,
                new DeferPaymentRequest(Calls.samePath("paymentId", id, r.paymentId()), r.participantId(), r.reason()));
    }
}
