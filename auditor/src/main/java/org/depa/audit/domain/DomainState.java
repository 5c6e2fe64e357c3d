package org.depa.audit.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.ContractVersion;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.Governance;
import org.depa.ledger.model.domain.MeasurementStatus;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.RegistryShard;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * The world state as the replay rebuilds it from committed writes, kept compact: the current
 * record of each object the checks consult (runs without their evidence, which is checked once at
 * the start), and what the checks established (verified signatures, attested runs). It grows with
 * the objects on the ledger, not with the blocks or their history.
 */
final class DomainState {
    List<String> developmentRoots = List.of();
    String agreementVersion;
    final Map<String, String> participantStatus = new HashMap<>();
    final Map<String, Participant> participants = new HashMap<>();
    final Map<String, String> measurementStatus = new HashMap<>();
    final Map<String, ContractRecord> contracts = new HashMap<>();
    final Map<String, String> versionDocuments = new HashMap<>();
    final Map<String, Set<String>> verifiedSigners = new HashMap<>();
    final Map<String, PrivacyBudget> budgets = new HashMap<>();
    final Map<String, TrainingRun> runs = new HashMap<>();
    final Map<String, org.depa.ledger.model.domain.TrainingJob> jobs = new HashMap<>();
    final Set<String> attestedRuns = new HashSet<>();
    final Set<String> releases = new HashSet<>();
    final Set<String> receipts = new HashSet<>();
    final Map<String, PaymentInstruction> payments = new HashMap<>();

    static String versionKey(String contractId, int version) {
        return contractId + "\u0000" + version;
    }

    static String releaseKey(String runId, String datasetId) {
        return runId + "\u0000" + datasetId;
    }

    boolean certified(String measurement) {
        return MeasurementStatus.CERTIFIED.name().equals(measurementStatus.get(measurement));
    }

    /**
     * Why {@code participantId} was not in good standing (the SRO's registry says VERIFIED, as the
     * record does, and it signed the agreement in force), or null.
     */
    String standingProblem(String participantId) {
        Participant p = participants.get(participantId);
        if (p == null) {
            return "'" + participantId + "' is not a registered participant";
        }
        String recorded = participantStatus.getOrDefault(participantId, "PENDING");
        if (!"VERIFIED".equals(recorded) || !recorded.equals(p.status().name())) {
            return "'" + participantId + "' was " + p.status() + " (the SRO's registry: " + recorded
                    + "), not VERIFIED";
        }
        if (agreementVersion != null && !agreementVersion.equals(p.agreementVersion())) {
            return "'" + participantId + "' had not signed the common agreement in force (version " + agreementVersion
                    + ")";
        }
        return null;
    }

    Set<String> signers(String contractId, int version) {
        return verifiedSigners.getOrDefault(versionKey(contractId, version), Set.of());
    }

    /** The parties the terms make signatories: the TDC, the CCR provider and every dataset owner. */
    static Set<String> parties(ContractTerms t) {
        Set<String> parties = new TreeSet<>();
        parties.add(t.tdcId());
        parties.add(t.ccrProviderId());
        t.datasets().forEach(c -> parties.add(c.tdpId()));
        return parties;
    }

    static DatasetClause clause(ContractRecord c, String datasetId) {
        return c.terms().datasets().stream()
                .filter(d -> d.datasetId().equals(datasetId))
                .findFirst()
                .orElse(null);
    }

    /** Why {@code c} was not in force at {@code at} (ACTIVE, validFrom <= at < validUntil), or null. */
    static String notInForce(ContractRecord c, String contractId, Instant at) {
        if (c == null) {
            return "contract '" + contractId + "' was not on the ledger";
        }
        if (c.status() != org.depa.ledger.model.domain.ContractStatus.ACTIVE) {
            return "contract '" + contractId + "' was " + c.status()
                    + ", not ACTIVE (activated after every party signed)";
        }
        if (at.isBefore(Instant.parse(c.terms().validFrom()))) {
            return "contract '" + contractId + "' is valid only from "
                    + c.terms().validFrom() + ", the transaction is at " + at;
        }
        if (!at.isBefore(Instant.parse(c.terms().validUntil()))) {
            return "contract '" + contractId + "' expired at " + c.terms().validUntil() + ", the transaction is at "
                    + at;
        }
        return null;
    }

    /** Applies one transaction's writes after the checks judged them; values that do not parse are left out. */
    void apply(DomainTx tx) {
        for (DomainTx.Entry e : tx.of(Types.GOVERNANCE)) {
            parsed(e, Governance.class, g -> {
                developmentRoots = g.developmentRoots();
                agreementVersion = g.agreement() == null ? null : g.agreement().version();
            });
        }
        for (DomainTx.Entry e : tx.of(Types.SRO_REGISTRY)) {
            if (e.key.id(0).equals(Types.MEASUREMENTS_REGISTRY)) {
                parsed(e, RegistryShard.class, s -> s.entries()
                        .forEach((m, v) -> measurementStatus.put(m, v.status())));
            } else if (e.key.id(0).equals(Types.PARTICIPANTS_REGISTRY)) {
                parsed(e, RegistryShard.class, s -> s.entries()
                        .forEach((p, v) -> participantStatus.put(p, v.status())));
            }
        }
        for (DomainTx.Entry e : tx.of(Types.PARTICIPANT)) {
            parsed(e, Participant.class, p -> participants.put(p.id(), p));
        }
        for (DomainTx.Entry e : tx.of(Types.CONTRACT)) {
            parsed(e, ContractRecord.class, c -> contracts.put(c.contractId(), c));
        }
        for (DomainTx.Entry e : tx.of(Types.CONTRACT_VERSION)) {
            parsed(
                    e,
                    ContractVersion.class,
                    v -> versionDocuments.put(versionKey(v.contractId(), v.version()), v.documentSha256()));
        }
        for (DomainTx.Entry e : tx.of(Types.BUDGET)) {
            parsed(e, PrivacyBudget.class, b -> budgets.put(b.datasetId(), b));
        }
        for (DomainTx.Entry e : tx.of(Types.RUN)) {
            parsed(e, TrainingRun.class, r -> runs.put(r.runId(), withoutEvidence(r)));
        }
        for (DomainTx.Entry e : tx.of(Types.JOB)) {
            parsed(e, org.depa.ledger.model.domain.TrainingJob.class, j -> jobs.put(j.jobId(), j));
        }
        for (DomainTx.Entry e : tx.of(Types.KEY_RELEASE)) {
            releases.add(releaseKey(e.key.id(0), e.key.id(1)));
        }
        for (DomainTx.Entry e : tx.of(Types.RECEIPT)) {
            receipts.add(e.key.id(0));
        }
        for (DomainTx.Entry e : tx.of(Types.PAYMENT)) {
            parsed(e, PaymentInstruction.class, p -> payments.put(p.paymentId(), p));
        }
    }

    static BigDecimal orZero(BigDecimal b) {
        return b == null ? BigDecimal.ZERO : b;
    }

    private static <T> void parsed(DomainTx.Entry e, Class<T> type, java.util.function.Consumer<T> use) {
        try {
            use.accept(e.as(type));
        } catch (RecordException ignored) {
            // reported by RecordCheck; the state keeps the last good value
        }
    }

    private static TrainingRun withoutEvidence(TrainingRun r) {
        return new TrainingRun(
                r.runId(),
                r.contractId(),
                r.contractVersion(),
                r.ccrProviderId(),
                r.measurement(),
                r.reportSha256(),
                r.runPublicKeyPem(),
                r.runKeyAlgorithm(),
                r.chipId(),
                r.reportedTcb(),
                r.status(),
                r.reason(),
                r.startedAt(),
                r.updatedAt(),
                r.updatedTx(),
                r.jobId(),
                null);
    }
}
