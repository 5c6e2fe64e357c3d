package org.depa.gateway.api;

import org.depa.gateway.auth.Caller;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ListByPartyRequest;

/**
 * The ledger request behind {@code GET /v1/contracts} and {@code GET /v1/jobs}: the caller reads
 * as itself. Without {@code party}, a participant lists its own, and the SRO's operators and
 * auditors list every one. The ledger decides who may list what (the catalogue's Contracts.LIST
 * and Jobs.LIST); the gateway only fills in the reader.
 */
public final class Listings {
    private Listings() {}

    /** Whether the request lists every contract or job rather than one party's. */
    public static boolean everyOne(Caller caller, String party) {
        return party == null && (caller.sroOperator() || caller.participant().role() == Role.AUDITOR);
    }

    public static ListByPartyRequest request(Caller caller, ListQuery q) {
        return request(caller, q.party, q.pageSize, q.bookmark);
    }

    public static ListByPartyRequest request(Caller caller, String party, String pageSize, String bookmark) {
        int size = Calls.pageSize(pageSize);
        if (caller.sroOperator()) {
            return new ListByPartyRequest(null, party, size, bookmark);
        }
        String partyId = party != null || caller.participant().role() == Role.AUDITOR ? party : caller.id();
        return new ListByPartyRequest(caller.id(), partyId, size, bookmark);
    }
}
