package org.depa.ledger.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.RegisterParticipantRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    private static LedgerRuleException malformed(String json, Class<?> type) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Json.read(json, type));
        assertThat(t).isInstanceOfSatisfying(LedgerRuleException.class, e -> assertThat(e.code())
                .as(e.getMessage())
                .isEqualTo(ErrorCode.MALFORMED_REQUEST));
        return (LedgerRuleException) t;
    }

    @Nested
    class Reading {
        @Test
        void readsAWellFormedRequest() {
            SignContractRequest r = Json.read(
                    "{\"contractId\":\"c1\",\"version\":2,\"participantId\":\"p1\",\"signature\":\"AA==\"}",
                    SignContractRequest.class);
            assertThat(r).isEqualTo(new SignContractRequest("c1", 2, "p1", "AA=="));
        }

        @Test
        void missingFieldsAreNullForTheValidatorsToName() {
            assertThat(Json.read("{\"contractId\":\"c1\"}", SignContractRequest.class)
                            .version())
                    .isNull();
        }

        @Test
        void decimalsTravelAsStringsOrNumbersWithoutLosingDigits() {
            String json =
                    "{\"datasetId\":\"d\",\"joinColumn\":\"m\",\"privacy\":{\"epsilon\":\"0.1000000000000000055511151231257827\","
                            + "\"delta\":1e-5,\"maxGradNorm\":\"1\",\"noiseMultiplier\":2.5,\"epochs\":3},\"paymentMinor\":5}";
            DatasetClauseRequest c = Json.read(json, DatasetClauseRequest.class);
            assertThat(c.privacy().epsilon()).isEqualTo(new BigDecimal("0.1000000000000000055511151231257827"));
            assertThat(c.privacy().delta()).isEqualByComparingTo("0.00001");
            assertThat(c.privacy().noiseMultiplier()).isEqualByComparingTo("2.5");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "'{\"contractId\":\"c1\",\"extra\":1}'          | extra",
                    "'{\"contractId\":5}'                           | contractId",
                    "'{\"contractId\":true}'                        | contractId",
                    "'{\"contractId\":1.5}'                         | contractId",
                    "'{\"contractId\":{}}'                          | contractId",
                    "'{\"contractId\":[\"c1\"]}'                    | contractId",
                    "'{\"version\":\"1\"}'                          | version",
                    "'{\"version\":1.5}'                            | version",
                    "'{\"version\":1.0}'                            | version",
                    "'{\"version\":1e2}'                            | version",
                    "'{\"version\":true}'                           | version",
                    "'{\"version\":3000000000}'                     | version",
                    "'{\"contractId\":\"a\",\"contractId\":\"b\"}'  | contractId",
                    "'{\"version\":NaN}'                            | version",
                    "'{\"version\":Infinity}'                       | version",
                    "'{\"version\": }'                              | version",
                    "'{\"version\":01}'                             | version",
                    "'{\"contractId\":\"c1\",}'                     | contractId"
                })
        void refusesMalformedInputNamingTheField(String json, String field) {
            assertThat(malformed(json, SignContractRequest.class).getMessage()).contains(field);
        }

        @Test
        void namesNestedAndIndexedFields() {
            String base =
                    "{\"runId\":\"r1\",\"contractId\":\"c1\",\"modelSha256\":\"m\",\"datasets\":[{\"datasetId\":\"d\","
                            + "\"ciphertextSha256\":\"h\",\"epsilonSpent\":%s}],\"metrics\":{},\"reportSha256\":\"x\"}";
            assertThat(malformed(base.formatted("NaN"), ReceiptBody.class).getMessage())
                    .contains("datasets[0].epsilonSpent");
            assertThat(malformed(base.formatted("\"NaN\""), ReceiptBody.class).getMessage())
                    .contains("datasets[0].epsilonSpent");
            assertThat(malformed(base.formatted("\"1\",\"extra\":0"), ReceiptBody.class)
                            .getMessage())
                    .contains("datasets[0].extra");
            assertThat(malformed(base.formatted("\"1\",\"epsilonSpent\":\"2\""), ReceiptBody.class)
                            .getMessage())
                    .contains("datasets[0].epsilonSpent");
            assertThat(malformed(base.formatted("[]"), ReceiptBody.class).getMessage())
                    .contains("datasets[0].epsilonSpent");
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(
                strings = {
                    "",
                    "   ",
                    "null",
                    "[]",
                    "\"text\"",
                    "42",
                    "{} {}",
                    "{\"contractId\":\"c1\"",
                    "{'contractId':'c1'}",
                    "{contractId:\"c1\"}",
                    "/* hi */ {}",
                    "{\"contractId\":\"c1\"} // trailing"
                })
        void refusesBodiesThatAreNotOneJsonObject(String json) {
            malformed(json, SignContractRequest.class);
        }

        @Test
        void refusesNullText() {
            assertThat(malformed(null, SignContractRequest.class).getMessage()).contains("empty");
        }

        @Test
        void refusesUnknownEnumNamesAndEnumOrdinals() {
            assertThat(malformed("{\"role\":\"ADMIN\"}", RegisterParticipantRequest.class)
                            .getMessage())
                    .contains("'role'");
            assertThat(malformed("{\"role\":\"tdp\"}", RegisterParticipantRequest.class)
                            .getMessage())
                    .contains("'role'");
            assertThat(malformed("{\"role\":1}", RegisterParticipantRequest.class)
                            .getMessage())
                    .contains("'role'");
            assertThat(Json.read("{\"role\":\"CCR_PROVIDER\"}", RegisterParticipantRequest.class)
                            .role())
                    .isEqualTo(Role.CCR_PROVIDER);
        }

        @Test
        void refusesDocumentsAboveTheSizeLimitBeforeParsing() {
            String big = "{\"contractId\":\"" + "a".repeat(Json.MAX_DOCUMENT_CHARS) + "\"}";
            assertThat(malformed(big, SignContractRequest.class).getMessage()).contains("larger than");
            String atLimit = "{\"contractId\":\"" + "a".repeat(Json.MAX_DOCUMENT_CHARS - 17) + "\"}";
            assertThat(atLimit).hasSize(Json.MAX_DOCUMENT_CHARS);
            assertThat(Json.read(atLimit, SignContractRequest.class).contractId())
                    .hasSize(Json.MAX_DOCUMENT_CHARS - 17);
        }

        @Test
        void treeRefusesDuplicateKeysToo() {
            assertThatThrownBy(() -> Json.tree("{\"a\":1,\"a\":2}"))
                    .isInstanceOfSatisfying(LedgerRuleException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.MALFORMED_REQUEST));
            JsonNode n = Json.tree("{\"a\":[1,2]}");
            assertThat(n.get("a").size()).isEqualTo(2);
        }

        @Test
        void readsUtf8Bytes() {
            SignContractRequest r = Json.read(
                    "{\"contractId\":\"c\u00e9\"}".getBytes(StandardCharsets.UTF_8), SignContractRequest.class);
            assertThat(r.contractId()).isEqualTo("c\u00e9");
        }
    }

    @Nested
    class Writing {
        @Test
        void canonicalFormSortsKeysAndHasNoWhitespace() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("b", 1);
            m.put("a", List.of("x", 2));
            m.put("\u00e9", "\u20ac");
            assertThat(Json.canonicalString(m)).isEqualTo("{\"a\":[\"x\",2],\"b\":1,\"\u00e9\":\"\u20ac\"}");
        }

        @Test
        void recordsAreCanonicalRegardlessOfDeclarationOrder() {
            String json = Json.canonicalString(new SignContractRequest("c1", 1, "p1", "AA=="));
            assertThat(json)
                    .isEqualTo("{\"contractId\":\"c1\",\"participantId\":\"p1\",\"signature\":\"AA==\",\"version\":1}");
        }

        @Test
        void decimalsAreWrittenAsPlainStrings() {
            PrivacyBudget b = new PrivacyBudget(
                    "d",
                    new BigDecimal("1E+2"),
                    new BigDecimal("1E-5"),
                    new BigDecimal("0.50"),
                    BigDecimal.ZERO,
                    "t",
                    "x");
            String json = Json.canonicalString(b);
            assertThat(json)
                    .contains("\"totalEpsilon\":\"100\"", "\"delta\":\"0.00001\"", "\"reservedEpsilon\":\"0.50\"");
            assertThat(json).doesNotContain("E+", "E-");
        }

        @Test
        void theSameValueAlwaysGivesTheSameBytes() {
            TreeMap<String, BigDecimal> metrics = new TreeMap<>();
            metrics.put("z", new BigDecimal("0.5"));
            metrics.put("a", new BigDecimal("1"));
            ReceiptBody body =
                    new ReceiptBody("r", "c", "m", List.of(new ReceiptDataset("d", "h", BigDecimal.ONE)), metrics, "x");
            byte[] first = Json.canonical(body);
            assertThat(Json.canonical(Json.read(first, ReceiptBody.class))).isEqualTo(first);
            assertThat(new String(first, StandardCharsets.UTF_8)).contains("\"metrics\":{\"a\":\"1\",\"z\":\"0.5\"}");
        }

        @Test
        void nullFieldsAreWrittenAsNull() {
            assertThat(Json.canonicalString(new SignContractRequest("c1", null, null, null)))
                    .isEqualTo("{\"contractId\":\"c1\",\"participantId\":null,\"signature\":null,\"version\":null}");
        }
    }
}
