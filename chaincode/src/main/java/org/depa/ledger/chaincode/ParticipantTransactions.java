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
import org.depa.ledger.model.domain.Governance;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.ParticipantStatus;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** The participant registry and the common agreement, governed by the SRO. */
@Contract(name = "participants", info = @Info(title = "DEPA participants", version = "1"))
public final class ParticipantTransactions extends DepaTransactions {

    /**
     * A participant registers, from its own organisation: itself (its submitting client is bound to
     * it), or its organisation's admin naming the participant's client certificate. The record's
     * key-level policy needs the participant's organisation and the SRO's (with a majority).
     */
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
            String clientKey = r.clientCertificatePem() == null
                    ? ctx.callerClientKeySha256()
                    : ClientKeys.sha256("clientCertificatePem", r.clientCertificatePem());
            Participant p = new Participant(
                    id,
                    r.role(),
                    msp,
                    Fields.text("name", r.name(), 200),
                    r.certificatePem(),
                    key.sha256(),
                    key.algorithm().name(),
                    clientKey,
                    ParticipantStatus.PENDING,
                    null,
                    null,
                    null,
                    ctx.nowText(),
                    ctx.nowText(),
                    ctx.txId());
            ctx.state().putWithPolicy(ObjectType.PARTICIPANT, p, Governing.policy(ctx, msp, ctx.sroMspId()), id);
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
            Governing.record(
                    ctx, Governing.PARTICIPANTS, p.id(), updated.status().name());
            ctx.events().emit(EventType.PARTICIPANT_VERIFIED, ObjectType.PARTICIPANT, p.id(), ctx.sroMspId());
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
            Governing.record(
                    ctx, Governing.PARTICIPANTS, p.id(), updated.status().name());
            ctx.events().emit(EventType.PARTICIPANT_SUSPENDED, ObjectType.PARTICIPANT, p.id(), ctx.sroMspId());
            return updated;
        });
    }

    /** Publishing a new version means every participant must sign again before acting. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String publishAgreement(DepaContext ctx, String json) {
        return TxRunner.run(Participants.PUBLISH_AGREEMENT, json, r -> {
            Governance governance = Governing.requireSro(ctx, "publish the common agreement");
            String version = Fields.id("version", r.version());
            String hash = Fields.sha256Hex("textSha256", r.textSha256());
            if (ctx.state().exists(ObjectType.AGREEMENT, Guard.AgreementKeys.VERSION, version)) {
                throw new LedgerRuleException(
                        ErrorCode.ALREADY_EXISTS, "agreement version '" + version + "' was already published");
            }
            Agreement a = new Agreement(version, hash, ctx.nowText(), ctx.txId());
            byte[] policy = Governing.sroPolicy(ctx);
            ctx.state().putWithPolicy(ObjectType.AGREEMENT, a, policy, Guard.AgreementKeys.VERSION, version);
            ctx.state().putWithPolicy(ObjectType.AGREEMENT, a, policy, Guard.AgreementKeys.CURRENT);
            Governing.update(ctx, governance.withAgreement(a, ctx.nowText(), ctx.txId()));
            ctx.events().emit(EventType.AGREEMENT_PUBLISHED, ObjectType.AGREEMENT, version, ctx.sroMspId());
            return a;
        });
    }

    /** A verified participant signs the current agreement with its registered key. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String signAgreement(DepaContext ctx, String json) {
        return TxRunner.run(Participants.SIGN_AGREEMENT, json, r -> {
            Participant p = ctx.state()
                    .get(ObjectType.PARTICIPANT, Participant.class, Fields.id("participantId", r.participantId()));
            Guard.requireOwnClient(ctx, p);
            Guard.requireVerified(ctx, p);
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

    /**
     * The SRO binds a participant to another client certificate, after verifying the change out of
     * band (a rotated or lost enrolment key). Nobody else can move a participant to another client.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String bindClient(DepaContext ctx, String json) {
        return TxRunner.run(Participants.BIND_CLIENT, json, r -> {
            Guard.requireSro(ctx, "bind a participant to another client identity");
            Participant p = ctx.state()
                    .get(ObjectType.PARTICIPANT, Participant.class, Fields.id("participantId", r.participantId()));
            String clientKey = ClientKeys.sha256("clientCertificatePem", r.clientCertificatePem());
            Fields.text("reason", r.reason(), 500);
            if (clientKey.equals(p.clientKeySha256())) {
                throw new LedgerRuleException(
                        ErrorCode.INVALID_STATE, "participant '" + p.id() + "' is already bound to this client key");
            }
            Participant updated = p.withClient(clientKey, ctx.nowText(), ctx.txId());
            ctx.state().put(ObjectType.PARTICIPANT, updated, p.id());
            ctx.events().emit(EventType.PARTICIPANT_CLIENT_BOUND, ObjectType.PARTICIPANT, p.id(), ctx.sroMspId());
            return updated;
        });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String governance(DepaContext ctx) {
        return TxRunner.run(Participants.GET_GOVERNANCE, () -> Governing.find(ctx)
                .orElseThrow(() -> new LedgerRuleException(
                        ErrorCode.NOT_FOUND, "the ledger is not initialised yet (the SRO's first write does it)")));
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
