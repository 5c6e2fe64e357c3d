package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.depa.ledger.client.CommonAgreement;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.Test;

/**
 * What the network tests, the load benchmark and the demo do on a shared ledger: a second run joins
 * under the agreement in force, and the first run's participants keep acting. Publishing a new
 * version, as they did before, stops them.
 */
class CommonAgreementTest {
    @Test
    void aSecondRunJoiningUnderTheAgreementInForceLeavesTheFirstRunsParticipantsActing() {
        try (World w = World.shared()) {
            Agreement first = CommonAgreement.currentOrPublish(w.sroLedger(), "v1", Hashes.sha256Hex("text v1"));
            assertThat(first.version()).isEqualTo("v1");
            Party earlier = w.onboard("earlier-tdp", Role.TDP, "IcmrMSP");

            Agreement second = CommonAgreement.currentOrPublish(w.sroLedger(), "run-2", Hashes.sha256Hex("run 2"));
            assertThat(second).isEqualTo(first);
            Party later = w.onboard("later-tdp", Role.TDP, "CowinMSP");

            w.registerDataset(earlier, "earlier-data", "10");
            w.registerDataset(later, "later-data", "10");
        }
    }

    @Test
    void publishingANewVersionStopsEveryParticipantThatSignedTheOldOne() {
        try (World w = World.shared()) {
            CommonAgreement.currentOrPublish(w.sroLedger(), "v1", Hashes.sha256Hex("text v1"));
            Party earlier = w.onboard("earlier-tdp", Role.TDP, "IcmrMSP");
            w.publishAgreement("run-2");
            w.refuse(ErrorCode.AGREEMENT_NOT_SIGNED, () -> w.registerDataset(earlier, "earlier-data", "10"));
        }
    }
}
