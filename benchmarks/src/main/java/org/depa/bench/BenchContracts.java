package org.depa.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;

/** The contract both ledger benchmarks take through its lifecycle, so that they measure the same work. */
final class BenchContracts {
    private BenchContracts() {}

    /**
     * A training contract over {@code datasets} (epsilon 0.000001 each, so a lane's budget lasts),
     * valid from a minute ago for a day, free, revocable by the TDC, for one certified measurement.
     */
    static ContractProposal training(String id, String tdcId, String ccrId, List<String> datasets, String measurement) {
        Instant now = Instant.now();
        List<DatasetClauseRequest> clauses = new ArrayList<>();
        for (String d : datasets) {
            clauses.add(new DatasetClauseRequest(
                    d,
                    "k",
                    new PrivacyConstraints(
                            new BigDecimal("0.000001"), new BigDecimal("0.01"), BigDecimal.ONE, BigDecimal.ONE, 1),
                    1L));
        }
        return new ContractProposal(
                id,
                tdcId,
                ccrId,
                "TRAINING",
                now.minusSeconds(60).toString(),
                now.plus(Duration.ofDays(1)).toString(),
                clauses,
                List.of(measurement),
                new PaymentTerms("INR", 0),
                new RevocationTerms(List.of(Role.TDC)));
    }
}
