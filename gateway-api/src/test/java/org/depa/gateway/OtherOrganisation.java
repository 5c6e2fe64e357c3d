package org.depa.gateway;

import io.quarkus.arc.Arc;
import org.depa.gateway.Api.Member;
import org.depa.gateway.ledger.LedgerConnections;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.RegisterParticipantRequest;

/**
 * An organisation this gateway does not serve: it registers its participant on the shared ledger
 * through its own connection (as it would through its own gateway), with a certificate the
 * consortium CA issued, so TLS accepts it and only the gateway's organisation rule refuses it.
 */
final class OtherOrganisation {
    static final String MSP = "OtherMSP";

    private OtherOrganisation() {}

    static Member registerOutsider(String id) {
        Member m = Api.certified(id, Role.TDC, MSP, "ca");
        EmbeddedLedger ledger = Arc.container()
                .instance(LedgerConnections.class)
                .get()
                .embedded()
                .orElseThrow();
        try (LedgerClient client =
                ledger.connect(new LedgerIdentity(MSP, m.credentials().certificatePem()))) {
            new TypedLedger(client)
                    .submit(
                            Participants.REGISTER,
                            new RegisterParticipantRequest(
                                    id, Role.TDC, MSP, id, m.credentials().certificatePem()));
        }
        Api.json(Api.sro(), "{}")
                .post("/v1/participants/" + id + "/verify")
                .then()
                .statusCode(200);
        return m;
    }
}
