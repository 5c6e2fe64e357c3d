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
 * (MSP) must be that participant's, the submitter's client key the one bound to the participant
 * (not merely any client of its organisation, its admin included), the participant must hold one
 * of the allowed roles, be verified by the SRO (as the SRO's registry records it), not suspended,
 * and have signed the current common agreement.
 */
public final class Guard {
    private Guard() {}

    /** The submitter must be of the SRO's organisation, as the ledger's governance names it. */
    public static void requireSro(DepaContext ctx, String action) {
        Governing.requireSro(ctx, action);
    }

    /** The participant {@code participantId}, checked as the actor of this transaction. */
    public static Participant actor(DepaContext ctx, String participantId, Role... roles) {
        Participant p = ctx.state().get(ObjectType.PARTICIPANT, Participant.class, participantId);
        requireOwnClient(ctx, p);
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

    /** The submitter is the participant's organisation and its bound client identity. */
    public static void requireOwnClient(DepaContext ctx, Participant p) {
        requireSameOrganisation(ctx, p);
        if (p.clientKeySha256() == null || !p.clientKeySha256().equals(ctx.callerClientKeySha256())) {
            throw new LedgerRuleException(
                    ErrorCode.WRONG_CLIENT,
                    "participant '" + p.id() + "' acts only through its own client identity (key "
                            + abbreviate(p.clientKeySha256()) + "); the submitter's client key is "
                            + abbreviate(ctx.callerClientKeySha256()));
        }
    }

    private static String abbreviate(String sha256) {
        return sha256 == null ? "none bound" : sha256.substring(0, 16) + "...";
    }

    /** Verified, not suspended, and signed the current agreement. */
    public static void requireInGoodStanding(DepaContext ctx, Participant p) {
        requireVerified(ctx, p);
        Agreement current = currentAgreement(ctx);
        if (!current.version().equals(p.agreementVersion())) {
            throw new LedgerRuleException(
                    ErrorCode.AGREEMENT_NOT_SIGNED,
                    "participant '" + p.id() + "' has not signed the current common agreement (version "
                            + current.version() + ")");
        }
    }

    /**
     * Verified and not suspended, as the SRO's registry records it: the participant record's own
     * status is shown to readers, but only the registry, which a majority without the SRO cannot
     * write, counts.
     */
    public static void requireVerified(DepaContext ctx, Participant p) {
        String recorded = Governing.entry(ctx, Governing.PARTICIPANTS, p.id())
                .map(e -> e.status())
                .orElse(ParticipantStatus.PENDING.name());
        if (!recorded.equals(p.status().name())) {
            throw new LedgerRuleException(
                    ErrorCode.PARTICIPANT_NOT_VERIFIED,
                    "participant '" + p.id() + "' shows status " + p.status() + " but the SRO recorded " + recorded);
        }
        if (p.status() == ParticipantStatus.SUSPENDED) {
            throw new LedgerRuleException(
                    ErrorCode.PARTICIPANT_SUSPENDED, "participant '" + p.id() + "' is suspended by the SRO");
        }
        if (p.status() != ParticipantStatus.VERIFIED) {
            throw new LedgerRuleException(
                    ErrorCode.PARTICIPANT_NOT_VERIFIED, "participant '" + p.id() + "' is not yet verified by the SRO");
        }
    }

    /** The agreement in force, from the SRO-governed governance record. */
    public static Agreement currentAgreement(DepaContext ctx) {
        return Governing.find(ctx)
                .map(g -> g.agreement())
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
