package org.depa.ledger.model.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.junit.jupiter.api.Test;

/** The salted model-spec commitment, and the terms and receipts that carry it. */
class ModelSpecCommitmentsTest {
    private static final byte[] SALT = new byte[32];

    static {
        Arrays.fill(SALT, (byte) 7);
    }

    @Test
    void isSha256OfSaltThenCanonicalSpec() {
        String spec = "{ \"b\": 1, \"a\": [true, \"x\"] }";
        byte[] canonical = "{\"a\":[true,\"x\"],\"b\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] both = new byte[SALT.length + canonical.length];
        System.arraycopy(SALT, 0, both, 0, SALT.length);
        System.arraycopy(canonical, 0, both, SALT.length, canonical.length);
        assertThat(ModelSpecCommitments.commit(SALT, spec)).isEqualTo(Hashes.sha256Hex(both));
        assertThat(ModelSpecCommitments.commit(SALT, "{\"a\":[true,\"x\"],\"b\":1}"))
                .as("key order and whitespace do not matter")
                .isEqualTo(ModelSpecCommitments.commit(SALT, spec));
        assertThat(ModelSpecCommitments.matches(ModelSpecCommitments.commit(SALT, spec), SALT, spec))
                .isTrue();
    }

    @Test
    void anotherSaltOrSpecGivesAnotherCommitment() {
        String spec = "{\"layers\":[16,1]}";
        byte[] otherSalt = SALT.clone();
        otherSalt[31] = 8;
        String c = ModelSpecCommitments.commit(SALT, spec);
        assertThat(ModelSpecCommitments.commit(otherSalt, spec)).isNotEqualTo(c);
        assertThat(ModelSpecCommitments.commit(SALT, "{\"layers\":[16,2]}")).isNotEqualTo(c);
        assertThat(ModelSpecCommitments.matches(c, otherSalt, spec)).isFalse();
    }

    @Test
    void refusesAShortSaltAndSpecsThatAreNotOneStrictObject() {
        assertThatThrownBy(() -> ModelSpecCommitments.commit(new byte[16], "{}"))
                .hasMessageContaining("'salt'");
        for (String bad : List.of("", "[1]", "{\"a\":1,\"a\":2}", "{\"a\":", "{} {}")) {
            assertThatThrownBy(() -> ModelSpecCommitments.commit(SALT, bad))
                    .as(bad)
                    .isInstanceOf(LedgerRuleException.class);
        }
        String huge = "{\"a\":\"" + "x".repeat(ModelSpecCommitments.MAX_SPEC_CHARS) + "\"}";
        assertThatThrownBy(() -> ModelSpecCommitments.commit(SALT, huge))
                .isInstanceOfSatisfying(
                        LedgerRuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void termsWithoutACommitmentHashAsBeforeAndWithOneTheCommitmentIsSigned() {
        ContractTerms old = new ContractTerms(
                "c1",
                "tdc",
                "ccr",
                "TRAINING",
                "2026-03-01T00:00:00Z",
                "2026-04-01T00:00:00Z",
                List.of(),
                List.of(),
                new PaymentTerms("INR", 0),
                new RevocationTerms(List.of(Role.TDC)));
        String canonical = Json.canonicalString(old);
        assertThat(canonical).doesNotContain("modelSpecCommitment");
        assertThat(Json.read(canonical, ContractTerms.class)).isEqualTo(old);
        String commitment = ModelSpecCommitments.commit(SALT, "{}");
        ContractTerms bound = new ContractTerms(
                old.contractId(),
                old.tdcId(),
                old.ccrProviderId(),
                old.purpose(),
                old.validFrom(),
                old.validUntil(),
                old.datasets(),
                old.allowedMeasurements(),
                old.payment(),
                old.revocation(),
                commitment);
        assertThat(Json.canonicalString(bound)).contains("\"modelSpecCommitment\":\"" + commitment + "\"");
        assertThat(Hashes.sha256Hex(Json.canonical(bound))).isNotEqualTo(Hashes.sha256Hex(Json.canonical(old)));
    }

    @Test
    void aReceiptOutsideAJobSignsTheSameBytesAsBefore() {
        ReceiptBody body =
                new ReceiptBody("r1", "c1", "a".repeat(64), List.of(), new java.util.TreeMap<>(), "b".repeat(64));
        assertThat(Json.canonicalString(body)).doesNotContain("jobId").doesNotContain("modelSpecCommitment");
        assertThat(Json.canonicalString(body.forJob("j1", "c".repeat(64))))
                .contains("\"jobId\":\"j1\"")
                .contains("\"modelSpecCommitment\":\"" + "c".repeat(64) + "\"");
    }
}
