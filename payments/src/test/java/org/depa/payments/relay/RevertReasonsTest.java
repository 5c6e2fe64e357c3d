package org.depa.payments.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevertReasonsTest {
    private static final String ARGS = "a23ee161c6d77d20266c1232cd817ac88db0c2e4b9a2ae139649640515e0b043"
            + "0".repeat(64) + "0".repeat(60) + "1388";

    @Test
    void namesAnUnfundedEscrowFromTheNodesDataOrItsMessage() {
        assertThat(RevertReasons.describe("execution reverted", "0xa517a0d6" + ARGS))
                .isEqualTo("escrow not funded: it holds 0 minor units, this payment needs 5000");
        assertThat(RevertReasons.describe("execution reverted: custom error 0xa517a0d6: " + ARGS, null))
                .isEqualTo("escrow not funded: it holds 0 minor units, this payment needs 5000");
    }

    @Test
    void namesOtherErrorsAndPassesUnknownOnesThrough() {
        assertThat(RevertReasons.describe("execution reverted: custom error 0xdeadbeef", null))
                .isEqualTo("the escrow refuses the settlement: execution reverted: custom error 0xdeadbeef");
        assertThat(RevertReasons.describe("boom", null)).isEqualTo("the escrow refuses the settlement: boom");
    }
}
