package org.depa.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.testing.World;

/** Proposals valid from an hour ago, as the gateway's ledger runs on the system clock. */
final class LifecycleTestProposals {
    private LifecycleTestProposals() {}

    static ContractProposal proposal(String id, String tdc, String ccr, String dataset, String epsilon) {
        ContractProposal p = World.proposal(id, tdc, ccr, List.of(dataset), epsilon);
        Instant now = Instant.now();
        return new ContractProposal(
                p.contractId(),
                p.tdcId(),
                p.ccrProviderId(),
                p.purpose(),
                now.minus(Duration.ofHours(1)).toString(),
                now.plus(Duration.ofDays(30)).toString(),
                p.datasets(),
                p.allowedMeasurements(),
                p.payment(),
                p.revocation());
    }
}
