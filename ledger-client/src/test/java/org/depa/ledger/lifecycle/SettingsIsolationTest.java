package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.ledger.testing.Refusals.refused;

import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.Test;

/**
 * Two embedded ledgers in one JVM keep their own deployment settings: the chaincode reads them
 * from each transaction's stub, not from a global the last-opened ledger would overwrite.
 */
class SettingsIsolationTest {
    private static final PublishAgreementRequest AGREEMENT = new PublishAgreementRequest("v1", Hashes.sha256Hex("v1"));

    @Test
    void eachLedgerHasItsOwnRegulator() {
        try (EmbeddedLedger first = EmbeddedLedger.builder().sroMspId("SROMSP").open();
                EmbeddedLedger second =
                        EmbeddedLedger.builder().sroMspId("RegulatorMSP").open()) {
            TypedLedger sroOnFirst = new TypedLedger(first.connect(World.identity("SROMSP", "sro")));
            TypedLedger sroOnSecond = new TypedLedger(second.connect(World.identity("SROMSP", "sro")));
            TypedLedger regulatorOnSecond = new TypedLedger(second.connect(World.identity("RegulatorMSP", "reg")));

            // Opened after `first`, `second` must not have made RegulatorMSP the SRO of `first`.
            assertThat(sroOnFirst
                            .submit(Participants.PUBLISH_AGREEMENT, AGREEMENT)
                            .version())
                    .isEqualTo("v1");
            refused(ErrorCode.NOT_SRO, () -> sroOnSecond.submit(Participants.PUBLISH_AGREEMENT, AGREEMENT));
            assertThat(regulatorOnSecond
                            .submit(Participants.PUBLISH_AGREEMENT, AGREEMENT)
                            .version())
                    .isEqualTo("v1");
        }
    }

    @Test
    void aQueryCannotBeSubmittedNorAWriteEvaluated() {
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().open()) {
            TypedLedger sro = new TypedLedger(ledger.connect(World.identity("SROMSP", "sro")));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sro.submitBytes(Participants.GET, "icmr"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("participants:get is a query; it cannot be submitted");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> sro.evaluate(Participants.PUBLISH_AGREEMENT, AGREEMENT))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(ledger.height()).isZero();
        }
    }
}
