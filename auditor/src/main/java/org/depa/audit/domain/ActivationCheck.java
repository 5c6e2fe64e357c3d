package org.depa.audit.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.Reservation;

/**
 * A contract becomes ACTIVE only from a DRAFT of the same version and terms, before validUntil,
 * once every party the terms name (not the record's own list, which a forger could shorten) had a
 * signature on that version that {@link ContractSignatureCheck} verified; and it reserves exactly
 * each clause's epsilon. An ACTIVE contract's terms never change.
 */
final class ActivationCheck implements DomainCheck {
    @Override
    public void check(DomainTx tx, DomainState before, CheckSink sink) {
        for (DomainTx.Entry e : tx.of(Types.CONTRACT)) {
            ContractRecord now;
            try {
                now = e.as(ContractRecord.class);
            } catch (RecordException bad) {
                continue;
            }
            ContractRecord was = before.contracts.get(now.contractId());
            String scope = tx.scope("contract " + now.contractId() + " version " + now.version());
            if (now.status() == ContractStatus.ACTIVE && (was == null || was.status() != ContractStatus.ACTIVE)) {
                sink.verdict(
                        Checks.CONTRACT_ACTIVATION,
                        scope,
                        activationProblem(tx.time(), was, now, before),
                        "activated with the verified signatures of " + DomainState.parties(now.terms()));
            } else if (was != null
                    && was.status() == ContractStatus.ACTIVE
                    && (was.version() != now.version() || !was.documentSha256().equals(now.documentSha256()))) {
                sink.fail(
                        Checks.CONTRACT_ACTIVATION,
                        scope,
                        "the terms of ACTIVE contract '" + now.contractId() + "' changed from version " + was.version()
                                + " (" + was.documentSha256() + ") to version " + now.version() + " ("
                                + now.documentSha256() + ")");
            } else if (was != null && was.status().isFinal() && was.status() != now.status()) {
                sink.fail(
                        Checks.CONTRACT_ACTIVATION,
                        scope,
                        "contract '" + now.contractId() + "' was " + was.status() + " and is now " + now.status()
                                + ": a closed contract never reopens");
            }
        }
    }

    private static String activationProblem(Instant at, ContractRecord was, ContractRecord now, DomainState before) {
        if (was == null) {
            return "contract '" + now.contractId() + "' appears ACTIVE without ever being a signed DRAFT";
        }
        if (was.status() != ContractStatus.DRAFT) {
            return "contract '" + now.contractId() + "' was " + was.status() + "; only a DRAFT can be activated";
        }
        if (was.version() != now.version() || !was.documentSha256().equals(now.documentSha256())) {
            return "activation changed the terms: the DRAFT was version " + was.version() + " (" + was.documentSha256()
                    + "), the ACTIVE contract is version " + now.version() + " (" + now.documentSha256() + ")";
        }
        if (!at.isBefore(Instant.parse(now.terms().validUntil()))) {
            return "activated at " + at + ", after validUntil " + now.terms().validUntil();
        }
        Set<String> signed = before.signers(now.contractId(), now.version());
        Set<String> missing = new TreeSet<>(DomainState.parties(now.terms()));
        missing.removeAll(signed);
        if (!missing.isEmpty()) {
            return "activated while " + missing + " had no verified signature on version " + now.version();
        }
        return reservationProblem(now.terms().datasets(), now.reservations());
    }

    private static String reservationProblem(List<DatasetClause> clauses, List<Reservation> reservations) {
        Map<String, BigDecimal> expected = new TreeMap<>();
        clauses.forEach(c -> expected.put(c.datasetId(), c.privacy().epsilon()));
        Map<String, BigDecimal> actual = new TreeMap<>();
        reservations.forEach(r -> actual.put(r.datasetId(), r.epsilon()));
        if (!expected.keySet().equals(actual.keySet())) {
            return "the reservations name datasets " + actual.keySet() + ", the clauses " + expected.keySet();
        }
        for (Map.Entry<String, BigDecimal> x : expected.entrySet()) {
            if (x.getValue().compareTo(actual.get(x.getKey())) != 0) {
                return "dataset '" + x.getKey() + "' reserved "
                        + actual.get(x.getKey()).toPlainString() + ", its clause says "
                        + x.getValue().toPlainString();
            }
        }
        return null;
    }
}
