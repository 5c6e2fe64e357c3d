package org.depa.ledger.chaincode;

import java.util.Base64;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.crypto.PublicKeyInfo;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.ParticipantStatus;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** The participant registry and the common agreement, governed by the SRO. */
@Contract(name = "participants", info = @Info(title = "DEPA participants", version = "1"))
public final class ParticipantTransactions extends DepaTransactions {

    /** A participant registers itself: the submitter's MSP must be the one it names. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String register(DepaContext ctx, String json) {
        return TxRunner.run(Participants.REGISTER, json, r -> {
            String id = Fields.id("id", r.id());
            Fields.required("role", r.role());
            String msp = Fields.mspId("mspId", r.mspId());
            if (!msp.equals(ctx.callerMsp())) {
                throw new LedgerRuleException(
                        ErrorCode.WRONG_ORGANISATION,
                        "a participant of " + msp
                                + " must be registered by its own organisation; the submitter is from "
                                + ctx.callerMsp());
            }
            PublicKeyInfo key = KeyCache.certificate("certificatePem", r.certificatePem());
            requireValidNow(ctx, key, id);
            if (ctx.state().exists(ObjectType.PARTICIPANT, id)) {
                throw new LedgerRuleException(
                        ErrorCode.ALREADY_EXISTS, "participant '" + id + "' is already registered");
            }
            Participant p = new Participant(
                    id,
                    r.role(),
                    msp,
                    Fields.text("name", r.name(), 200),
                    r.certificatePem(),
                    key.sha256(),
                    key.algorithm().name(),
                    ParticipantStatus.PENDING,
                    null,
                    null,
                    null,
                    ctx.nowText(),
                    ctx.nowText(),
                    ctx.txId());
            ctx.state().put(ObjectType.PARTICIPANT, p, id);
            ctx.events().emit(EventType.PARTICIPANT_REGISTERED, ObjectType.PARTICIPANT, id, id);
            return p;
        });
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String verify(DepaContext ctx, String json) {
        return TxRunner.run(Participants.VERIFY, json, r -> {
            Guard.requireSro(ctx, "verify participants");
            Participant p = ctx.state()
                    .get(ObjectType.PARTICIPANT, Participant.class, Fields.id("participantId", r.participantId()));
            if (p.status() == ParticipantStatus.VERIFIED) {
                throw new LedgerRuleException(
                        ErrorCode.INVALID_STATE, "participant '" + p.id() + "' is already verified");
            }
            Participant updated =
                    withStatus(ctx, p, ParticipantStatus.VERIFIED, Fields.optionalText("reason", r.reason(), 500));
            ctx.state().put(ObjectType.PARTICIPANT, updated, p.id());
            ctx.events()
                    .emit(
                            EventType.PARTICIPANT_VERIFIED,
                            ObjectType.PARTICIPANT,
                            p.id(),
                            ctx.settings().sroMspId());
            return updated;
        });
    }

    /** Suspension takes effect at once: the participant can no longer act, and contracts awaiting its signature cannot activate. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String suspend(DepaContext ctx, String json) {
        return TxRunner.run(Participants.SUSPEND, json, r -> {
            Guard.requireSro(ctx, "suspend participants");
            Participant p = ctx.state()
                    .get(ObjectType.PARTICIPANT, Participant.class, Fields.id("participantId", r.participantId()));
            if (p.status() == ParticipantStatus.SUSPENDED) {
                throw new LedgerRuleException(
                        ErrorCode.INVALID_STATE, "participant '" + p.id() + "' is already suspended");
            }
            Participant updated =
                    withStatus(ctx, p, ParticipantStatus.SUSPENDED, Fields.text("reason", r.reason(), 500));
            ctx.state().put(ObjectType.PARTICIPANT, updated, p.id());
            ctx.events()
                    .emit(
                            EventType.PARTICIPANT_SUSPENDED,
                            ObjectType.PARTICIPANT,
                            p.id(),
                            ctx.settings().sroMspId());
            return updated;
        });
    }

    /** Publishing a new version means every participant must sign again before acting. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String publishAgreement(DepaContext ctx, String json) {
        return TxRunner.run(Participants.PUBLISH_AGREEMENT, json, r -> {
            Guard.requireSro(ctx, "publish the common agreement");
            String version = Fields.id("version", r.version());
            String hash = Fields.sha256Hex("textSha256", r.textSha256());
            if (ctx.state().exists(ObjectType.AGREEMENT, Guard.AgreementKeys.VERSION, version)) {
                throw new LedgerRuleException(
                        ErrorCode.ALREADY_EXISTS, "agreement version '" + version + "' was already published");
            }
            Agreement a = new Agreement(version, hash, ctx.nowText(), ctx.txId());
            ctx.state().put(ObjectType.AGREEMENT, a, Guard.AgreementKeys.VERSION, version);
            ctx.state().put(ObjectType.AGREEMENT, a, Guard.AgreementKeys.CURRENT);
            ctx.events()
                    .emit(
                            EventType.AGREEMENT_PUBLISHED,
                            ObjectType.AGREEMENT,
                            version,
                            ctx.settings().sroMspId());
            return a;
        });
    }

    /** A verified participant signs the current agreement with its registered key. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String signAgreement(DepaContext ctx, String json) {
        return TxRunner.run(Participants.SIGN_AGREEMENT, json, r -> {
            Participant p = ctx.state()
                    .get(ObjectType.PARTICIPANT, Participant.class, Fields.id("participantId", r.participantId()));
            Guard.requireSameOrganisation(ctx, p);
            Guard.requireVerified(p);
            Agreement current = Guard.currentAgreement(ctx);
            String version = Fields.id("version", r.version());
            if (!current.version().equals(version)) {
                throw new LedgerRuleException(
                        ErrorCode.STALE_VERSION,
                        "agreement version '" + version + "' is not the current one ('" + current.version() + "')");
            }
            if (version.equals(p.agreementVersion())) {
                throw new LedgerRuleException(
                        ErrorCode.ALREADY_SIGNED, "participant '" + p.id() + "' already signed agreement " + version);
            }
            byte[] signature = Fields.base64("signature", r.signature(), 512);
            PublicKeyInfo key = KeyCache.certificate("certificatePem", p.certificatePem());
            requireValidNow(ctx, key, p.id());
            SignatureVerifier.verify(
                    key,
                    SigningPayloads.agreement(ctx.signingDomain(), p.id(), version, current.textSha256()),
                    signature);
            Participant updated =
                    p.withAgreement(version, Base64.getEncoder().encodeToString(signature), ctx.nowText(), ctx.txId());
            ctx.state().put(ObjectType.PARTICIPANT, updated, p.id());
            ctx.events().emit(EventType.AGREEMENT_SIGNED, ObjectType.PARTICIPANT, p.id(), p.id());
            return updated;
        });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(DepaContext ctx, String participantId) {
        return TxRunner.run(Participants.GET, participantId, id -> ctx.state()
                .get(ObjectType.PARTICIPANT, Participant.class, Fields.id("participantId", id)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String list(DepaContext ctx, String json) {
        return TxRunner.run(Participants.LIST, json, r -> {
            return ctx.state().page(ObjectType.PARTICIPANT, r.pageSize(), r.bookmark(), ids -> ctx.state()
                    .get(ObjectType.PARTICIPANT, Participant.class, ids.get(0)));
        });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getAgreement(DepaContext ctx) {
        return TxRunner.run(Participants.GET_AGREEMENT, () -> Guard.currentAgreement(ctx));
    }

    static void requireValidNow(DepaContext ctx, PublicKeyInfo key, String participantId) {
        if (!key.validAt(ctx.now())) {
            throw new LedgerRuleException(
                    ErrorCode.CERTIFICATE_NOT_VALID_NOW,
                    "the certificate of participant '" + participantId + "' is not valid at " + ctx.nowText()
                            + " (valid " + key.notBefore() + " to " + key.notAfter() + ")");
        }
    }

    private static Participant withStatus(DepaContext ctx, Participant p, ParticipantStatus status, String reason) {
        return p.withStatus(status, reason, ctx.nowText(), ctx.txId());
    }
}
