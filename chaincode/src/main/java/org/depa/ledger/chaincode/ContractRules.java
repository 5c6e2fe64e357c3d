package org.depa.ledger.chaincode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.DatasetStatus;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;

/** Checks on contracts that several transactions share. */
final class ContractRules {
    private ContractRules() {}

    /**
     * Builds the signed terms from a validated proposal, filling each dataset's owner and ciphertext
     * hash from the ledger and checking the proposal against each dataset's terms.
     */
    static ContractTerms buildTerms(DepaContext ctx, ContractProposal p) {
        Participant ccr = ctx.state().get(ObjectType.PARTICIPANT, Participant.class, p.ccrProviderId());
        if (ccr.role() != Role.CCR_PROVIDER) {
            throw new LedgerRuleException(
                    ErrorCode.WRONG_ROLE,
                    "ccrProviderId '" + ccr.id() + "' is a " + ccr.role() + ", not a CCR_PROVIDER");
        }
        if (!Instant.parse(p.validUntil()).isAfter(ctx.now())) {
            throw new LedgerRuleException(
                    ErrorCode.CONTRACT_EXPIRED, "validUntil " + p.validUntil() + " is already past");
        }
        List<DatasetClause> clauses = new ArrayList<>();
        for (int i = 0; i < p.datasets().size(); i++) {
            DatasetClauseRequest c = p.datasets().get(i);
            String f = "datasets[" + i + "]";
            Dataset d = ctx.state().get(ObjectType.DATASET, Dataset.class, c.datasetId());
            if (d.status() != DatasetStatus.AVAILABLE) {
                throw new LedgerRuleException(
                        ErrorCode.DATASET_UNAVAILABLE, "dataset '" + d.id() + "' is " + d.status());
            }
            if (!d.terms().allowedPurposes().contains(p.purpose())) {
                throw new LedgerRuleException(
                        ErrorCode.PURPOSE_NOT_ALLOWED,
                        "dataset '" + d.id() + "' is not offered for " + p.purpose() + " (allowed: "
                                + d.terms().allowedPurposes() + ")");
            }
            if (c.privacy().epsilon().compareTo(d.terms().maxEpsilonPerContract()) > 0) {
                throw new LedgerRuleException(
                        ErrorCode.EPSILON_ABOVE_DATASET_LIMIT,
                        f + ".privacy.epsilon "
                                + c.privacy().epsilon().toPlainString() + " exceeds dataset '" + d.id() + "' limit of "
                                + d.terms().maxEpsilonPerContract().toPlainString() + " per contract");
            }
            if (c.privacy().delta().compareTo(d.terms().delta()) > 0) {
                throw new LedgerRuleException(
                        ErrorCode.EPSILON_ABOVE_DATASET_LIMIT,
                        f + ".privacy.delta "
                                + c.privacy().delta().toPlainString() + " exceeds dataset '" + d.id() + "' delta of "
                                + d.terms().delta().toPlainString());
            }
            if (!d.terms().currency().equals(p.payment().currency())) {
                throw new LedgerRuleException(
                        ErrorCode.PAYMENT_BELOW_PRICE,
                        "payment.currency " + p.payment().currency() + " differs from dataset '" + d.id()
                                + "' currency " + d.terms().currency());
            }
            if (c.paymentMinor() < d.terms().priceMinor()) {
                throw new LedgerRuleException(
                        ErrorCode.PAYMENT_BELOW_PRICE,
                        f + ".paymentMinor " + c.paymentMinor() + " is below dataset '" + d.id() + "' price of "
                                + d.terms().priceMinor());
            }
            clauses.add(new DatasetClause(
                    d.id(),
                    d.ownerId(),
                    d.ciphertextSha256(),
                    c.joinColumn(),
                    c.privacy(),
                    c.paymentMinor(),
                    d.terms().payout()));
        }
        requireOnePayoutPerTdp(clauses);
        for (String m : p.allowedMeasurements()) {
            MeasurementTransactions.requireCertified(ctx, m);
        }
        return new ContractTerms(
                p.contractId(),
                p.tdcId(),
                p.ccrProviderId(),
                p.purpose(),
                p.validFrom(),
                p.validUntil(),
                clauses,
                p.allowedMeasurements(),
                p.payment(),
                p.revocation(),
                p.modelSpecCommitment());
    }

    /**
     * A receipt makes one payment instruction per TDP, paid to one pair of accounts: a TDP whose
     * datasets in this contract name different payout accounts is refused (it changes one).
     */
    private static void requireOnePayoutPerTdp(List<DatasetClause> clauses) {
        java.util.Map<String, DatasetClause> first = new java.util.TreeMap<>();
        for (DatasetClause c : clauses) {
            DatasetClause before = first.putIfAbsent(c.tdpId(), c);
            if (before != null && !java.util.Objects.equals(before.payout(), c.payout())) {
                throw new LedgerRuleException(
                        ErrorCode.INVALID_ARGUMENT,
                        "datasets '" + before.datasetId() + "' and '" + c.datasetId() + "' of TDP '" + c.tdpId()
                                + "' name different payout accounts; one payment pays one pair of accounts");
            }
        }
    }

    /** The parties who must sign: the TDC, the CCR provider and every dataset owner, sorted. */
    static List<String> parties(ContractTerms t) {
        TreeSet<String> parties = new TreeSet<>();
        parties.add(t.tdcId());
        parties.add(t.ccrProviderId());
        t.datasets().forEach(c -> parties.add(c.tdpId()));
        return List.copyOf(parties);
    }

    static String documentSha256(ContractTerms t) {
        return Hashes.sha256Hex(Json.canonical(t));
    }

    static void requireParty(ContractRecord c, String participantId) {
        if (!c.parties().contains(participantId)) {
            throw new LedgerRuleException(
                    ErrorCode.NOT_A_PARTY,
                    "participant '" + participantId + "' is not a party to contract '" + c.contractId() + "'");
        }
    }

    /** The contract is ACTIVE and the transaction time is inside its period. */
    static void requireInForce(DepaContext ctx, ContractRecord c) {
        if (c.status() == ContractStatus.DRAFT) {
            throw new LedgerRuleException(
                    ErrorCode.CONTRACT_NOT_STARTED,
                    "contract '" + c.contractId()
                            + "' is a DRAFT: it is not active until every party signed and it was activated");
        }
        if (c.status() != ContractStatus.ACTIVE) {
            throw new LedgerRuleException(
                    ErrorCode.INVALID_STATE, "contract '" + c.contractId() + "' is " + c.status());
        }
        if (ctx.now().isBefore(Instant.parse(c.terms().validFrom()))) {
            throw new LedgerRuleException(
                    ErrorCode.CONTRACT_NOT_STARTED,
                    "contract '" + c.contractId() + "' is valid from "
                            + c.terms().validFrom());
        }
        if (!ctx.now().isBefore(Instant.parse(c.terms().validUntil()))) {
            throw new LedgerRuleException(
                    ErrorCode.CONTRACT_EXPIRED,
                    "contract '" + c.contractId() + "' expired at " + c.terms().validUntil());
        }
    }

    static DatasetClause clause(ContractRecord c, String datasetId) {
        return c.terms().datasets().stream()
                .filter(d -> d.datasetId().equals(datasetId))
                .findFirst()
                .orElseThrow(() -> new LedgerRuleException(
                        ErrorCode.DATASET_NOT_IN_CONTRACT,
                        "contract '" + c.contractId() + "' does not name dataset '" + datasetId + "'"));
    }

    /** The measurement is certified now and listed by the contract. */
    static void requireMeasurementAllowed(DepaContext ctx, ContractRecord c, String measurement) {
        MeasurementTransactions.requireCertified(ctx, measurement);
        if (!c.terms().allowedMeasurements().contains(measurement)) {
            throw new LedgerRuleException(
                    ErrorCode.MEASUREMENT_NOT_ALLOWED,
                    "contract '" + c.contractId() + "' does not allow measurement " + measurement);
        }
    }

    static ContractRecord withStatus(
            DepaContext ctx,
            ContractRecord c,
            ContractStatus status,
            List<org.depa.ledger.model.domain.Reservation> reservations,
            String closedBy,
            String reason,
            String receiptRunId) {
        return c.withStatus(status, reservations, closedBy, reason, receiptRunId, ctx.nowText(), ctx.txId());
    }
}
