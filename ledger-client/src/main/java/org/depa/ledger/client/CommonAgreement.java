package org.depa.ledger.client;

import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.TypedCalls;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.tx.PublishAgreementRequest;

/**
 * The common agreement for code that joins a ledger others use (tests, benchmarks and the demo on
 * the Fabric network). The chaincode keeps one current agreement and every participant must have
 * signed that one to act; publishing a new version therefore suspends everyone who signed the old
 * one (AGREEMENT_NOT_SIGNED) until they sign again. So such code publishes only on a ledger that has
 * no agreement yet and otherwise has its own, new participants sign the agreement in force.
 */
public final class CommonAgreement {
    private CommonAgreement() {}

    /**
     * The agreement in force; when the ledger has none, {@code version} is published as the SRO (a
     * concurrent first publisher of another version wins and is returned).
     */
    public static Agreement currentOrPublish(TypedCalls sro, String version, String textSha256) {
        Agreement current = current(sro);
        if (current != null) {
            return current;
        }
        try {
            return sro.submit(Participants.PUBLISH_AGREEMENT, new PublishAgreementRequest(version, textSha256));
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS && e.code() != ErrorCode.MVCC_READ_CONFLICT) {
                throw e;
            }
            Agreement now = current(sro);
            if (now == null) {
                throw e;
            }
            return now;
        }
    }

    /** The agreement in force, or null when none was published. */
    public static Agreement current(TypedCalls sro) {
        try {
            return sro.evaluate(Participants.GET_AGREEMENT);
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NO_AGREEMENT) {
                return null;
            }
            throw e;
        }
    }
}
