package org.depa.ledger.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.DatasetRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldsTest {

    /** Asserts an INVALID_ARGUMENT refusal whose message names {@code field}. */
    private static void invalid(String field, ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOfSatisfying(LedgerRuleException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("field '" + field + "'");
        });
    }

    @Nested
    class Identifiers {
        @ParameterizedTest
        @ValueSource(strings = {"ab", "a1", "0x", "a-b.c_d", "icmr-data.v2"})
        void acceptsLowerCaseIds(String id) {
            assertThat(Fields.id("id", id)).isEqualTo(id);
        }

        @Test
        void acceptsSixtyFourCharactersAndNoMore() {
            assertThat(Fields.id("id", "a".repeat(64))).hasSize(64);
            invalid("id", () -> Fields.id("id", "a".repeat(65)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "a", "Ab", "-ab", ".ab", "a b", "a/b", "a\u0000b", "caf\u00e9", "a:b"})
        @NullSource
        void refusesOtherIds(String id) {
            invalid("id", () -> Fields.id("id", id));
        }

        @Test
        void checksMspIdsPurposesAndCurrencies() {
            assertThat(Fields.mspId("m", "Org1MSP")).isEqualTo("Org1MSP");
            invalid("m", () -> Fields.mspId("m", "Org 1"));
            invalid("m", () -> Fields.mspId("m", "x".repeat(65)));
            assertThat(Fields.purpose("p", "TRAINING_2")).isEqualTo("TRAINING_2");
            invalid("p", () -> Fields.purpose("p", "Training"));
            invalid("p", () -> Fields.purpose("p", "T"));
            assertThat(Fields.currency("c", "INR")).isEqualTo("INR");
            invalid("c", () -> Fields.currency("c", "inr"));
            invalid("c", () -> Fields.currency("c", "RUPEE"));
        }
    }

    @Nested
    class Text {
        @Test
        void acceptsTextWithNewlinesAndTabs() {
            assertThat(Fields.text("t", "line one\n\tline two", 100)).contains("\t");
            assertThat(Fields.optionalText("t", null, 10)).isNull();
        }

        @Test
        void refusesBlankLongOrControlCharacters() {
            invalid("t", () -> Fields.text("t", null, 10));
            invalid("t", () -> Fields.text("t", " \n ", 10));
            invalid("t", () -> Fields.text("t", "x".repeat(11), 10));
            invalid("t", () -> Fields.text("t", "bell\u0007", 10));
            invalid("t", () -> Fields.text("t", "cr\r", 10));
            invalid("t", () -> Fields.optionalText("t", "", 10));
        }

        @Test
        void normalisesHexToLowerCase() {
            assertThat(Fields.hex("h", "ABCDEF", 3)).isEqualTo("abcdef");
            assertThat(Fields.sha256Hex("h", "A".repeat(64))).isEqualTo("a".repeat(64));
            invalid("h", () -> Fields.hex("h", "abcd", 3));
            invalid("h", () -> Fields.hex("h", "abcdeg", 3));
            invalid("h", () -> Fields.sha256Hex("h", "0x" + "a".repeat(62)));
        }

        @Test
        void decodesBase64WithinBounds() {
            assertThat(Fields.base64("s", "AAEC", 3)).containsExactly(0, 1, 2);
            invalid("s", () -> Fields.base64("s", "not base64!", 10));
            invalid("s", () -> Fields.base64("s", "", 10));
            invalid("s", () -> Fields.base64("s", "AAECAw==", 3));
        }

        @Test
        void parsesInstants() {
            assertThat(Fields.instant("t", "2026-01-31T00:00:00Z")).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
            invalid("t", () -> Fields.instant("t", "2026-01-31"));
            invalid("t", () -> Fields.instant("t", "yesterday"));
        }
    }

    @Nested
    class Numbers {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"1, 1", "1.500, 1.5", "100, 100", "0.000001, 0.000001", "1E+1, 10", "2.000000000, 2", "0.10, 0.1"})
        void epsilonIsNormalisedPlain(String in, String out) {
            BigDecimal e = Fields.epsilon("e", new BigDecimal(in));
            assertThat(e.toPlainString()).isEqualTo(out);
            assertThat(e.scale()).isNotNegative();
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-0.5", "-1", "100.000001", "101", "0.0000001", "1.0000001", "1E+400", "1E-400"})
        @NullSource
        void epsilonRefusesZeroNegativeHugeOrTooPrecise(String in) {
            invalid("e", () -> Fields.epsilon("e", in == null ? null : new BigDecimal(in)));
        }

        @Test
        void epsilonSpentMayBeZeroButNotNegative() {
            assertThat(Fields.epsilonSpent("s", new BigDecimal("0.000")).signum())
                    .isZero();
            assertThat(Fields.epsilonSpent("s", new BigDecimal("1.25"))).isEqualByComparingTo("1.25");
            invalid("s", () -> Fields.epsilonSpent("s", new BigDecimal("-0.1")));
            invalid("s", () -> Fields.epsilonSpent("s", null));
        }

        @Test
        void deltaIsStrictlyBetweenZeroAndOneWithTwelvePlaces() {
            assertThat(Fields.delta("d", new BigDecimal("0.000000000001"))).isEqualByComparingTo("1e-12");
            assertThat(Fields.delta("d", new BigDecimal("0.999999999999"))).isLessThan(BigDecimal.ONE);
            invalid("d", () -> Fields.delta("d", BigDecimal.ONE));
            invalid("d", () -> Fields.delta("d", BigDecimal.ZERO));
            invalid("d", () -> Fields.delta("d", new BigDecimal("0.0000000000001")));
            invalid("d", () -> Fields.delta("d", new BigDecimal("1.000000000000")));
        }

        @Test
        void integersAndAmountsHaveBounds() {
            assertThat(Fields.intInRange("i", 5, 1, 5)).isEqualTo(5);
            invalid("i", () -> Fields.intInRange("i", 0, 1, 5));
            invalid("i", () -> Fields.intInRange("i", 6, 1, 5));
            invalid("i", () -> Fields.intInRange("i", null, 1, 5));
            assertThat(Fields.amountMinor("a", 0L)).isZero();
            assertThat(Fields.amountMinor("a", Fields.MAX_AMOUNT_MINOR)).isEqualTo(Fields.MAX_AMOUNT_MINOR);
            invalid("a", () -> Fields.amountMinor("a", -1L));
            invalid("a", () -> Fields.amountMinor("a", Fields.MAX_AMOUNT_MINOR + 1));
        }

        @Test
        void normaliseNeverUsesExponents() {
            assertThat(Fields.normalise(new BigDecimal("1E+3")).toPlainString()).isEqualTo("1000");
            assertThat(Fields.normalise(new BigDecimal("1.2300")).toPlainString())
                    .isEqualTo("1.23");
            assertThat(Fields.normalise(new BigDecimal("0.000")).toString()).isEqualTo("0");
        }
    }

    @Nested
    class Lists {
        @Test
        void nonEmptyRefusesEmptyOversizedOrNullElementsNamingTheIndex() {
            assertThat(Fields.nonEmpty("l", List.of("a"), 2)).containsExactly("a");
            invalid("l", () -> Fields.nonEmpty("l", List.of(), 2));
            invalid("l", () -> Fields.nonEmpty("l", List.of("a", "b", "c"), 2));
            invalid("l", () -> Fields.nonEmpty("l", null, 2));
            invalid("l[1]", () -> Fields.nonEmpty("l", Arrays.asList("a", null), 2));
        }
    }

    /** The request checks built from the field checks, as the chaincode and clients share them. */
    @Nested
    class RequestChecks {
        private DatasetRequest dataset(DatasetTerms terms, List<SchemaField> schema) {
            return new DatasetRequest("d1", "icmr", "n", "d", schema, "s", "e", "a".repeat(64), "k", "kid", terms);
        }

        private DatasetTerms terms(List<String> purposes, String max, String total) {
            return new DatasetTerms(
                    purposes, 10L, "INR", new BigDecimal(max), new BigDecimal(total), new BigDecimal("0.01"));
        }

        private ContractProposal proposal(
                String from, String until, List<DatasetClauseRequest> clauses, List<Role> revokers) {
            return new ContractProposal(
                    "c1",
                    "tdc",
                    "ccr",
                    "TRAINING",
                    from,
                    until,
                    clauses,
                    List.of("AB".repeat(48), "cd".repeat(48)),
                    new PaymentTerms("INR", 100),
                    new RevocationTerms(revokers));
        }

        private DatasetClauseRequest clause(String id, String epsilon) {
            return new DatasetClauseRequest(
                    id,
                    "mobile",
                    new PrivacyConstraints(
                            new BigDecimal(epsilon), new BigDecimal("0.01"), BigDecimal.ONE, BigDecimal.ONE, 1),
                    10L);
        }

        @Test
        void datasetTermsAreSortedAndNormalised() {
            DatasetRequest r = Requests.dataset(dataset(
                    terms(List.of("TRAINING", "RESEARCH"), "1.50", "10.0"),
                    List.of(new SchemaField("mobile", "string", null))));
            assertThat(r.terms().allowedPurposes()).containsExactly("RESEARCH", "TRAINING");
            assertThat(r.terms().maxEpsilonPerContract().toPlainString()).isEqualTo("1.5");
            assertThat(r.terms().totalEpsilon().toPlainString()).isEqualTo("10");
        }

        @Test
        void datasetRefusalsNameTheField() {
            List<SchemaField> schema = List.of(new SchemaField("mobile", "string", null));
            invalid(
                    "terms.maxEpsilonPerContract",
                    () -> Requests.dataset(dataset(terms(List.of("TRAINING"), "3", "2"), schema)));
            invalid(
                    "terms.allowedPurposes[1]",
                    () -> Requests.dataset(dataset(terms(List.of("TRAINING", "TRAINING"), "1", "2"), schema)));
            invalid(
                    "schema[0].name",
                    () -> Requests.dataset(dataset(
                            terms(List.of("TRAINING"), "1", "2"),
                            List.of(new SchemaField("mobile number", "string", null)))));
            invalid("terms", () -> Requests.dataset(dataset(null, schema)));
        }

        @Test
        void proposalsNormaliseMeasurementsAndRevokers() {
            ContractProposal p = Requests.proposal(proposal(
                    "2026-03-01T00:00:00.000Z",
                    "2026-04-01T00:00:00Z",
                    List.of(clause("d1", "1.0")),
                    List.of(Role.TDP, Role.TDC, Role.TDP)));
            assertThat(p.validFrom()).isEqualTo("2026-03-01T00:00:00Z");
            assertThat(p.allowedMeasurements()).containsExactly("ab".repeat(48), "cd".repeat(48));
            assertThat(p.revocation().revocableBy()).containsExactly(Role.TDP, Role.TDC);
            assertThat(p.datasets().get(0).privacy().epsilon().toPlainString()).isEqualTo("1");
        }

        @Test
        void proposalRefusalsNameTheField() {
            List<DatasetClauseRequest> one = List.of(clause("d1", "1"));
            invalid(
                    "validUntil",
                    () -> Requests.proposal(
                            proposal("2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z", one, List.of(Role.TDC))));
            invalid(
                    "validFrom",
                    () -> Requests.proposal(proposal("March", "2026-03-01T00:00:00Z", one, List.of(Role.TDC))));
            invalid(
                    "datasets[1].datasetId",
                    () -> Requests.proposal(proposal(
                            "2026-03-01T00:00:00Z",
                            "2026-04-01T00:00:00Z",
                            List.of(clause("d1", "1"), clause("d1", "1")),
                            List.of(Role.TDC))));
            invalid(
                    "datasets[0].privacy.epsilon",
                    () -> Requests.proposal(proposal(
                            "2026-03-01T00:00:00Z",
                            "2026-04-01T00:00:00Z",
                            List.of(clause("d1", "0")),
                            List.of(Role.TDC))));
            invalid(
                    "revocation.revocableBy[0]",
                    () -> Requests.proposal(
                            proposal("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", one, List.of(Role.AUDITOR))));
            List<DatasetClauseRequest> tooMany = new ArrayList<>();
            for (int i = 0; i <= Requests.MAX_DATASETS_PER_CONTRACT; i++) {
                tooMany.add(clause("d" + i + "x", "1"));
            }
            invalid(
                    "datasets",
                    () -> Requests.proposal(
                            proposal("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", tooMany, List.of(Role.TDC))));
        }

        @Test
        void receiptsAreSortedAndRefusalsNameTheField() {
            TreeMap<String, BigDecimal> metrics = new TreeMap<>();
            metrics.put("auc", new BigDecimal("0.700"));
            String h = "a".repeat(64);
            ReceiptBody b = Requests.receipt(new ReceiptBody(
                    "r1",
                    "c1",
                    h,
                    List.of(new ReceiptDataset("d2", h, BigDecimal.ONE), new ReceiptDataset("d1", h, BigDecimal.ZERO)),
                    metrics,
                    h));
            assertThat(b.datasets()).extracting(ReceiptDataset::datasetId).containsExactly("d1", "d2");
            assertThat(b.metrics().get("auc").toPlainString()).isEqualTo("0.7");

            TreeMap<String, BigDecimal> bad = new TreeMap<>();
            bad.put("huge", new BigDecimal("1e13"));
            invalid(
                    "body.metrics.huge",
                    () -> Requests.receipt(new ReceiptBody(
                            "r1", "c1", h, List.of(new ReceiptDataset("d1", h, BigDecimal.ONE)), bad, h)));
            invalid(
                    "body.datasets[0].ciphertextSha256",
                    () -> Requests.receipt(new ReceiptBody(
                            "r1", "c1", h, List.of(new ReceiptDataset("d1", "x", BigDecimal.ONE)), metrics, h)));
            invalid("body", () -> Requests.receipt(null));
        }

        @Test
        void measurementsCheckTheTcb() {
            CertifyMeasurementRequest ok =
                    Requests.measurement(new CertifyMeasurementRequest("AB".repeat(48), "d", new Tcb(0, 0, 0, 255)));
            assertThat(ok.measurement()).isEqualTo("ab".repeat(48));
            invalid(
                    "minTcb.microcode",
                    () -> Requests.measurement(
                            new CertifyMeasurementRequest("ab".repeat(48), "d", new Tcb(0, 0, 0, 256))));
            invalid(
                    "minTcb.bootloader",
                    () -> Requests.measurement(
                            new CertifyMeasurementRequest("ab".repeat(48), "d", new Tcb(null, 0, 0, 0))));
        }
    }
}
