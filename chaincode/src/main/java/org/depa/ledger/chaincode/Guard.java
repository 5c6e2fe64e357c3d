package org.depa.ledger.chaincode;

import java.util.Arrays;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.ParticipantStatus;
import org.depa.ledger.model.domain.Role;

/**
 * Who may do what. Every write names the participant it acts for; the submitter's organisation
 * (MSP) must be that participant's, the participant must hold one of the allowed roles, be
 * verified by the SRO, not suspended, and have signed the current common agreement.
 */
public final class Guard {
    private Guard() {}

    public static void requireSro(DepaContext ctx, String action) {
        if (!ctx.callerIsSro()) {
            throw new LedgerRuleException(
                    ErrorCode.NOT_SRO,
                    "only the SRO organisation (" + ctx.settings().sroMspId() + ") may " + action
                            + "; the submitter is from " + ctx.callerMsp());
        }
    }

    /** The participant {@code participantId}, checked as the actor of this transaction. */
    public static Participant actor(DepaContext ctx, String participantId, Role... roles) {
        Participant p = ctx.state().get(ObjectType.PARTICIPANT, Participant.class, participantId);
        requireSameOrganisation(ctx, p);
        if (roles.length > 0 && Arrays.stream(roles).noneMatch(r -> r == p.role())) {
            throw new LedgerRuleException(
                    ErrorCode.WRONG_ROLE,
                    "participant '" + p.id() + "' is a " + p.role() + "; this needs " + Arrays.toString(roles));
        }
        requireInGoodStanding(ctx, p);
        return p;
    }

    public static void requireSameOrganisation(DepaContext ctx, Participant p) {
        if (!p.mspId().equals(ctx.callerMsp())) {
            throw new LedgerRuleException(
                    ErrorCode.WRONG_ORGANISATION,
                    "participant '" + p.id() + "' belongs to " + p.mspId() + "; the submitter is from "
                            + ctx.callerMsp());
        }
    }

    /** Verified, not suspended, and signed the current agreement. */
    public static void requireInGoodStanding(DepaContext ctx, Participant p) {
        requireVerified(p);
        Agreement current = currentAgreement(ctx);
        if (!current.version().equals(p.agreementVersion())) {
            throw new LedgerRuleException(
                    ErrorCode.AGREEMENT_NOT_SIGNED,
                    "participant '" + p.id() + "' has not signed the current common agreement (version "
                            + current.version() + ")");
        }
    }

    public static void requireVerified(Participant p) {
        if (p.status() == ParticipantStatus.SUSPENDED) {
            throw new LedgerRuleException(
                    ErrorCode.PARTICIPANT_SUSPENDED, "participant '" + p.id() + "' is suspended by the SRO");
        }
        if (p.status() != ParticipantStatus.VERIFIED) {
            throw new LedgerRuleException(
                    ErrorCode.PARTICIPANT_NOT_VERIFIED, "participant '" + p.id() + "' is not yet verified by the SRO");
        }
    }

    public static Agreement currentAgreement(DepaContext ctx) {
        return ctx.state()
                .find(ObjectType.AGREEMENT, Agreement.class, AgreementKeys.CURRENT)
                .orElseThrow(() -> new LedgerRuleException(
                        ErrorCode.NO_AGREEMENT, "the SRO has not published a common agreement yet"));
    }

    /** Key parts of the agreement objects. */
    public static final class AgreementKeys {
        public static final String CURRENT = "current";
        public static final String VERSION = "version";

        private AgreementKeys() {}
    }
}
