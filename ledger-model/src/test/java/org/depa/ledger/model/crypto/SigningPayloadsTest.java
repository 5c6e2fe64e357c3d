package org.depa.ledger.model.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.junit.jupiter.api.Test;

class SigningPayloadsTest {
    private static final SigningPayloads.Domain DOMAIN = new SigningPayloads.Domain("depa", "depa");
    private static final String DOC = "d".repeat(64);

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static ReceiptBody body(String accuracy, List<ReceiptDataset> datasets) {
        TreeMap<String, BigDecimal> metrics = new TreeMap<>();
        metrics.put("accuracy", new BigDecimal(accuracy));
        return new ReceiptBody("r1", "c1", "a".repeat(64), datasets, metrics, "b".repeat(64));
    }

    @Test
    void contractPayloadIsReadableCanonicalJson() {
        assertThat(text(SigningPayloads.contract(DOMAIN, "c1", 2, DOC)))
                .isEqualTo("{\"chaincode\":\"depa\",\"channel\":\"depa\",\"contractId\":\"c1\",\"documentSha256\":\""
                        + DOC + "\",\"purpose\":\"depa-ledger/contract-signature/v1\",\"version\":2}");
    }

    @Test
    void agreementPayloadNamesTheParticipant() {
        assertThat(text(SigningPayloads.agreement(DOMAIN, "icmr", "v1", DOC)))
                .isEqualTo(
                        "{\"agreementVersion\":\"v1\",\"chaincode\":\"depa\",\"channel\":\"depa\",\"participantId\":\"icmr\","
                                + "\"purpose\":\"depa-ledger/agreement-signature/v1\",\"textSha256\":\"" + DOC + "\"}");
    }

    @Test
    void everyBoundValueChangesTheBytes() {
        Set<String> payloads = new HashSet<>();
        payloads.add(text(SigningPayloads.contract(DOMAIN, "c1", 1, DOC)));
        payloads.add(text(SigningPayloads.contract(DOMAIN, "c2", 1, DOC)));
        payloads.add(text(SigningPayloads.contract(DOMAIN, "c1", 2, DOC)));
        payloads.add(text(SigningPayloads.contract(DOMAIN, "c1", 1, "e".repeat(64))));
        payloads.add(text(SigningPayloads.contract(new SigningPayloads.Domain("other", "depa"), "c1", 1, DOC)));
        payloads.add(text(SigningPayloads.contract(new SigningPayloads.Domain("depa", "other"), "c1", 1, DOC)));
        payloads.add(text(SigningPayloads.agreement(DOMAIN, "c1", "1", DOC)));
        assertThat(payloads).hasSize(7);
    }

    @Test
    void aContractSignatureNeverVerifiesForAnotherContractVersionOrDomain() {
        Instant now = Instant.parse("2026-03-01T00:00:00Z");
        Credentials c =
                Credentials.generate(SignatureAlgorithm.ECDSA_P256_SHA256, "p", now, now.plus(Duration.ofDays(1)));
        PublicKeyInfo key = Pem.certificate("c", c.certificatePem());
        byte[] sig = LocalSigner.fromPem(c.privateKeyPem()).sign(SigningPayloads.contract(DOMAIN, "c1", 1, DOC));
        SignatureVerifier.verify(key, SigningPayloads.contract(DOMAIN, "c1", 1, DOC), sig);
        for (byte[] other : List.of(
                SigningPayloads.contract(DOMAIN, "c1", 2, DOC),
                SigningPayloads.contract(DOMAIN, "c10", 1, DOC),
                SigningPayloads.contract(new SigningPayloads.Domain("depa2", "depa"), "c1", 1, DOC),
                SigningPayloads.agreement(DOMAIN, "c1", "1", DOC))) {
            assertThatThrownBy(() -> SignatureVerifier.verify(key, other, sig))
                    .isInstanceOfSatisfying(LedgerRuleException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.INVALID_SIGNATURE));
        }
    }

    @Test
    void receiptPayloadBindsTheHashOfTheCanonicalBody() {
        ReceiptBody b = body("0.71", List.of(new ReceiptDataset("d1", "h".repeat(64), BigDecimal.ONE)));
        String p = text(SigningPayloads.receipt(DOMAIN, b));
        assertThat(p)
                .contains(
                        "\"bodySha256\":\"" + Hashes.sha256Hex(Json.canonical(b)) + "\"",
                        "\"runId\":\"r1\"",
                        "\"purpose\":\"depa-ledger/training-receipt/v1\"");
        assertThat(SigningPayloads.receipt(DOMAIN, body("0.72", b.datasets())))
                .isNotEqualTo(SigningPayloads.receipt(DOMAIN, b));
    }

    @Test
    void normalisedReceiptBodiesSignTheSameWhateverTheInputOrder() {
        String h = "c".repeat(64);
        ReceiptDataset d1 = new ReceiptDataset("d1", h, new BigDecimal("1.50"));
        ReceiptDataset d2 = new ReceiptDataset("d2", h, BigDecimal.ONE);
        byte[] one = SigningPayloads.receipt(DOMAIN, Requests.receipt(body("0.70", List.of(d1, d2))));
        byte[] two = SigningPayloads.receipt(DOMAIN, Requests.receipt(body("0.7", List.of(d2, d1))));
        assertThat(two).isEqualTo(one);
    }

    @Test
    void refusesMissingParts() {
        assertThatThrownBy(() -> new SigningPayloads.Domain(null, "depa")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SigningPayloads.contract(DOMAIN, null, 1, DOC))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SigningPayloads.agreement(DOMAIN, "p", "v1", null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SigningPayloads.receipt(DOMAIN, null)).isInstanceOf(NullPointerException.class);
    }
}
