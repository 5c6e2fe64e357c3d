package org.depa.ledger.chaincode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.crypto.PublicKeyInfo;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.ContractVersion;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.DatasetStatus;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.Reservation;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SigningRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * Multi-party contracts: propose, amend, sign, activate (reserving privacy budget), revoke, expire.
 * A contract is valid only when every party signed its current version; signatures live under
 * their own keys (contract, version, party) so parties sign concurrently without conflicting, and
 * an amendment voids them by moving to a new version.
 */
@Contract(name = "contracts", info = @Info(title = "DEPA contracts", version = "1"))
public final class ContractTransactions extends DepaTransactions {

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String propose(DepaContext ctx, String json) {
        return TxRunner.run(Contracts.PROPOSE, json, request -> {
            ContractProposal p = Requests.proposal(request);
            Guard.actor(ctx, p.tdcId(), Role.TDC);
            if (ctx.state().exists(ObjectType.CONTRACT, p.contractId())) {
                throw new LedgerRuleException(
                        ErrorCode.ALREADY_EXISTS, "contract '" + p.contractId() + "' already exists");
            }
            ContractTerms terms = ContractRules.buildTerms(ctx, p);
            ContractRecord c = ContractRecord.draft(
                    p.contractId(),
                    1,
                    ContractRules.documentSha256(terms),
                    terms,
                    ContractRules.parties(terms),
                    ctx.nowText(),
                    ctx.nowText(),
                    ctx.txId());
            putVersion(ctx, c, List.of());
            ctx.events().emit(EventType.CONTRACT_PROPOSED, ObjectType.CONTRACT, c.contractId(), p.tdcId());
            return c;
        });
    }

    /** Replaces the terms of a DRAFT; the version goes up and every earlier signature stops counting. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String amend(DepaContext ctx, String json) {
        return TxRunner.run(Contracts.AMEND, json, request -> {
            ContractProposal p = Requests.proposal(request);
            Guard.actor(ctx, p.tdcId(), Role.TDC);
            ContractRecord old = ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, p.contractId());
            if (!old.terms().tdcId().equals(p.tdcId())) {
                throw new LedgerRuleException(
                        ErrorCode.NOT_A_PARTY,
                        "only the proposing TDC '" + old.terms().tdcId() + "' may amend contract '" + old.contractId()
                                + "'");
            }
            if (old.status() != ContractStatus.DRAFT) {
                throw new LedgerRuleException(
                        ErrorCode.INVALID_STATE,
                        "contract '" + old.contractId() + "' is " + old.status() + "; only a DRAFT can be amended");
            }
            ContractTerms terms = ContractRules.buildTerms(ctx, p);
            ContractRecord c = ContractRecord.draft(
                    old.contractId(),
                    old.version() + 1,
                    ContractRules.documentSha256(terms),
                    terms,
                    ContractRules.parties(terms),
                    old.createdAt(),
                    ctx.nowText(),
                    ctx.txId());
            putVersion(ctx, c, old.parties());
            ctx.events().emit(EventType.CONTRACT_AMENDED, ObjectType.CONTRACT, c.contractId(), p.tdcId());
            return c;
        });
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String sign(DepaContext ctx, String json) {
        return TxRunner.run(Contracts.SIGN, json, r -> {
            ContractRecord c =
                    ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, Fields.id("contractId", r.contractId()));
            int version = Fields.intInRange("version", r.version(), 1, Integer.MAX_VALUE);
            String participantId = Fields.id("participantId", r.participantId());
            byte[] signature = Fields.base64("signature", r.signature(), 512);
            ContractRules.requireParty(c, participantId);
            Participant p = Guard.actor(ctx, participantId);
            if (c.status() != ContractStatus.DRAFT) {
                throw new LedgerRuleException(
                        ErrorCode.INVALID_STATE,
                        "contract '" + c.contractId() + "' is " + c.status() + "; only a DRAFT can be signed");
            }
            if (version != c.version()) {
                throw new LedgerRuleException(
                        ErrorCode.STALE_VERSION,
                        "contract '" + c.contractId() + "' is at version " + c.version()
                                + "; the signature is for version " + version);
            }
            String sigHash = Hashes.sha256Hex(signature);
            if (ctx.state().exists(ObjectType.SIGNATURE_SEEN, sigHash)) {
                throw new LedgerRuleException(
                        ErrorCode.SIGNATURE_REPLAYED, "this signature was already submitted once");
            }
            if (ctx.state().exists(ObjectType.SIGNATURE, c.contractId(), versionKey(version), participantId)) {
                throw new LedgerRuleException(
                        ErrorCode.ALREADY_SIGNED,
                        "participant '" + participantId + "' already signed version " + version);
            }
            PublicKeyInfo key = KeyCache.certificate("certificatePem", p.certificatePem());
            ParticipantTransactions.requireValidNow(ctx, key, participantId);
            SignatureVerifier.verify(key, payload(ctx, c), signature);
            ContractSignature s = new ContractSignature(
                    c.contractId(),
                    version,
                    participantId,
                    key.algorithm().name(),
                    Base64.getEncoder().encodeToString(signature),
                    sigHash,
                    ctx.nowText(),
                    ctx.txId());
            ctx.state().put(ObjectType.SIGNATURE, s, c.contractId(), versionKey(version), participantId);
            ctx.state().putIndex(ObjectType.SIGNATURE_SEEN, sigHash);
            ctx.events().emit(EventType.CONTRACT_SIGNED, ObjectType.CONTRACT, c.contractId(), participantId);
            return s;
        });
    }

    /**
     * DRAFT -> ACTIVE once every party signed the current version and is still in good standing;
     * reserves each dataset's epsilon, refusing the whole activation if any budget is short.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String activate(DepaContext ctx, String json) {
        return TxRunner.run(Contracts.ACTIVATE, json, r -> {
            ContractRecord c =
                    ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, Fields.id("contractId", r.contractId()));
            String actor = Fields.id("participantId", r.participantId());
            ContractRules.requireParty(c, actor);
            Participant actorRecord = Guard.actor(ctx, actor);
            if (c.status() != ContractStatus.DRAFT) {
                throw new LedgerRuleException(
                        ErrorCode.INVALID_STATE,
                        "contract '" + c.contractId() + "' is " + c.status() + "; only a DRAFT can be activated");
            }
            if (!ctx.now().isBefore(Instant.parse(c.terms().validUntil()))) {
                throw new LedgerRuleException(
                        ErrorCode.CONTRACT_EXPIRED,
                        "contract '" + c.contractId() + "' expired at "
                                + c.terms().validUntil());
            }
            Set<String> signed = new TreeSet<>();
            for (ContractSignature s : ctx.state()
                    .all(ObjectType.SIGNATURE, ContractSignature.class, c.contractId(), versionKey(c.version()))) {
                signed.add(s.participantId());
            }
            List<String> missing = new ArrayList<>();
            for (String party : c.parties()) {
                if (!signed.contains(party)) {
                    missing.add(party);
                }
            }
            if (!missing.isEmpty()) {
                throw new LedgerRuleException(
                        ErrorCode.SIGNATURES_MISSING,
                        "contract '" + c.contractId() + "' version " + c.version() + " still needs the signatures of "
                                + missing);
            }
            for (String party : c.parties()) {
                // The actor's record was read above: reading it again is one more round trip to the peer
                // for the same committed value (a transaction reads committed state only).
                Participant p = party.equals(actor)
                        ? actorRecord
                        : ctx.state().get(ObjectType.PARTICIPANT, Participant.class, party);
                Guard.requireInGoodStanding(ctx, p);
            }
            for (DatasetClause clause : c.terms().datasets()) {
                Dataset d = ctx.state().get(ObjectType.DATASET, Dataset.class, clause.datasetId());
                if (d.status() != DatasetStatus.AVAILABLE) {
                    throw new LedgerRuleException(
                            ErrorCode.DATASET_UNAVAILABLE, "dataset '" + d.id() + "' is " + d.status());
                }
            }
            for (String m : c.terms().allowedMeasurements()) {
                MeasurementTransactions.requireCertified(ctx, m);
            }
            List<Reservation> reservations = Budgets.reserve(ctx, c);
            ContractRecord active =
                    ContractRules.withStatus(ctx, c, ContractStatus.ACTIVE, reservations, null, null, null);
            ctx.state().put(ObjectType.CONTRACT, active, c.contractId());
            ctx.events().emit(EventType.CONTRACT_ACTIVATED, ObjectType.CONTRACT, c.contractId(), actor);
            return active;
        });
    }

    /** The SRO may always revoke; a party may when its role is in the contract's revocation terms. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String revoke(DepaContext ctx, String json) {
        return TxRunner.run(Contracts.REVOKE, json, r -> {
            ContractRecord c =
                    ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, Fields.id("contractId", r.contractId()));
            String reason = Fields.text("reason", r.reason(), 500);
            String actor;
            if (r.participantId() == null) {
                Guard.requireSro(ctx, "revoke a contract without naming the revoking party");
                actor = ctx.sroMspId();
            } else {
                actor = Fields.id("participantId", r.participantId());
                ContractRules.requireParty(c, actor);
                Participant p = Guard.actor(ctx, actor);
                if (!c.terms().revocation().revocableBy().contains(p.role())) {
                    throw new LedgerRuleException(
                            ErrorCode.REVOCATION_NOT_PERMITTED,
                            "contract '" + c.contractId() + "' lets only "
                                    + c.terms().revocation().revocableBy() + " revoke; '" + actor + "' is a "
                                    + p.role());
                }
            }
            if (c.status().isFinal()) {
                throw new LedgerRuleException(
                        ErrorCode.INVALID_STATE, "contract '" + c.contractId() + "' is already " + c.status());
            }
            Budgets.release(ctx, c);
            ContractRecord revoked =
                    ContractRules.withStatus(ctx, c, ContractStatus.REVOKED, List.of(), actor, reason, null);
            ctx.state().put(ObjectType.CONTRACT, revoked, c.contractId());
            ctx.events().emit(EventType.CONTRACT_REVOKED, ObjectType.CONTRACT, c.contractId(), actor);
            return revoked;
        });
    }

    /** Anyone in the channel may record an expiry once the transaction time passes validUntil. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String expire(DepaContext ctx, String json) {
        return TxRunner.run(Contracts.EXPIRE, json, r -> {
            ContractRecord c =
                    ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, Fields.id("contractId", r.contractId()));
            if (c.status().isFinal()) {
                throw new LedgerRuleException(
                        ErrorCode.INVALID_STATE, "contract '" + c.contractId() + "' is already " + c.status());
            }
            if (ctx.now().isBefore(Instant.parse(c.terms().validUntil()))) {
                throw new LedgerRuleException(
                        ErrorCode.INVALID_STATE,
                        "contract '" + c.contractId() + "' is valid until "
                                + c.terms().validUntil());
            }
            Budgets.release(ctx, c);
            ContractRecord expired = ContractRules.withStatus(
                    ctx,
                    c,
                    ContractStatus.EXPIRED,
                    List.of(),
                    ctx.callerMsp(),
                    "validUntil " + c.terms().validUntil() + " passed",
                    null);
            ctx.state().put(ObjectType.CONTRACT, expired, c.contractId());
            ctx.events().emit(EventType.CONTRACT_EXPIRED, ObjectType.CONTRACT, c.contractId(), ctx.callerMsp());
            return expired;
        });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(DepaContext ctx, String contractId) {
        return TxRunner.run(Contracts.GET, contractId, id -> ctx.state()
                .get(ObjectType.CONTRACT, ContractRecord.class, Fields.id("contractId", id)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getVersion(DepaContext ctx, String contractId, String version) {
        return TxRunner.run(Contracts.GET_VERSION, new String[] {contractId, version}, ref -> ctx.state()
                .get(
                        ObjectType.CONTRACT_VERSION,
                        ContractVersion.class,
                        Fields.id("contractId", ref.contractId()),
                        versionKey(Fields.intInRange("version", ref.version(), 1, Integer.MAX_VALUE))));
    }

    /** Signatures on the contract's current version, in party order. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String signatures(DepaContext ctx, String contractId) {
        return TxRunner.run(Contracts.SIGNATURES, contractId, id -> {
            ContractRecord c = ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, Fields.id("contractId", id));
            return ctx.state()
                    .all(ObjectType.SIGNATURE, ContractSignature.class, c.contractId(), versionKey(c.version()));
        });
    }

    /** A party's contracts (only its own, unless the SRO or an auditor reads), a page at a time. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String list(DepaContext ctx, String json) {
        return TxRunner.run(Contracts.LIST, json, r -> PartyIndex.contracts(ctx, r));
    }

    /** Indexes a contract proposed before the party index existed; writing the same entries again changes nothing. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String index(DepaContext ctx, String json) {
        return TxRunner.run(Contracts.INDEX, json, r -> {
            ContractRecord c =
                    ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, Fields.id("contractId", r.contractId()));
            PartyIndex.requireIndexer(ctx, r.participantId(), c.parties(), "contract '" + c.contractId() + "'");
            PartyIndex.contract(ctx, c, List.of());
            return c;
        });
    }

    /** The bytes a party signs for the current version: fetch, review, sign locally, post to sign. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String signingPayload(DepaContext ctx, String contractId) {
        return TxRunner.run(Contracts.SIGNING_PAYLOAD, contractId, id -> {
            ContractRecord c = ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, Fields.id("contractId", id));
            byte[] payload = payload(ctx, c);
            return new SigningRequest(
                    c.contractId(),
                    c.version(),
                    c.documentSha256(),
                    Base64.getEncoder().encodeToString(payload),
                    new String(payload, StandardCharsets.UTF_8));
        });
    }

    private static byte[] payload(DepaContext ctx, ContractRecord c) {
        return SigningPayloads.contract(ctx.signingDomain(), c.contractId(), c.version(), c.documentSha256());
    }

    private static void putVersion(DepaContext ctx, ContractRecord c, List<String> partiesBefore) {
        ctx.state().put(ObjectType.CONTRACT, c, c.contractId());
        PartyIndex.contract(ctx, c, partiesBefore);
        ctx.state()
                .put(
                        ObjectType.CONTRACT_VERSION,
                        new ContractVersion(
                                c.contractId(), c.version(), c.documentSha256(), c.terms(), ctx.nowText(), ctx.txId()),
                        c.contractId(),
                        versionKey(c.version()));
    }

    /** Zero-padded so that versions sort numerically in range scans. */
    static String versionKey(int version) {
        if (version < 0) {
            return String.format(java.util.Locale.ROOT, "%010d", version);
        }
        // What "%010d" gives, without the formatter's parsing (a twentieth of a signature's work).
        String digits = Integer.toString(version);
        return "0".repeat(Math.max(0, 10 - digits.length())) + digits;
    }
}
