package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.SchemaField;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code depa job check-spec}: the clean room's validator before submitting, exit 2 naming the field. */
class JobCheckSpecCommandTest {
    static final Path COVID_SPEC = Path.of("..", "ccr-agent", "examples", "covid-model-spec.json")
            .toAbsolutePath()
            .normalize();

    @TempDir
    Path dir;

    String covid;

    @BeforeEach
    void files() throws Exception {
        covid = Files.readString(COVID_SPEC);
        Files.writeString(dir.resolve("spec.json"), covid);
        PrivacyConstraints limits = new PrivacyConstraints(
                new BigDecimal("1.5"), new BigDecimal("0.01"), new BigDecimal("1.0"), new BigDecimal("2.0"), 30);
        ContractTerms terms = new ContractTerms(
                "c1",
                "tdc",
                "ccr",
                "research",
                "2026-01-01T00:00:00Z",
                "2027-01-01T00:00:00Z",
                List.of(
                        new DatasetClause(
                                "icmr-data", "icmr", "00".repeat(32), "icmr_patient_mobilenumber", limits, null),
                        new DatasetClause(
                                "cowin-data", "cowin", "00".repeat(32), "cowin_registered_mobile", limits, null),
                        new DatasetClause("index-data", "index", "00".repeat(32), "pcnumber", limits, null)),
                List.of(),
                null,
                null);
        Files.writeString(dir.resolve("terms.json"), Json.canonicalString(terms));
        Files.writeString(
                dir.resolve("contract.json"), Json.canonicalString(Map.of("contractId", "c1", "terms", terms)));
        dataset(
                "icmr-data",
                "icmr_patient_mobilenumber",
                "a_icmr_test_result",
                "a_test_ct_value",
                "a_sample_genetic_sequenced",
                "a_sample_genetic_strain");
        dataset("cowin-data", "cowin_registered_mobile", "age", "vaccine_name");
        dataset("index-data", "pcnumber", "pasymp", "dsinfection", "potravel", "page");
    }

    private void dataset(String id, String... columns) throws Exception {
        List<SchemaField> schema = java.util.Arrays.stream(columns)
                .map(c -> new SchemaField(c, "string", null))
                .toList();
        Dataset d =
                new Dataset(id, "tdp", id, null, schema, null, null, null, null, null, null, null, 1, null, null, null);
        Files.writeString(dir.resolve(id + ".json"), Json.canonicalString(d));
    }

    private CliRun check(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("job", "check-spec", "spec.json"));
        args.addAll(List.of(more));
        return CliRun.in(dir, args.toArray(String[]::new)).isClean();
    }

    private static final String[] FULL = {
        "--contract-terms",
        "terms.json",
        "--dataset",
        "icmr-data.json",
        "--dataset",
        "cowin-data.json",
        "--dataset",
        "index-data.json"
    };

    @Test
    void theCovidSpecPassesEveryCheck() {
        CliRun r = check(FULL);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"valid\" : true").contains("\"maxParameters\" : 273");
        assertThat(r.out()).contains("\"notChecked\" : [ ]");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aContractRecordServesAsWellAsItsTerms() {
        CliRun r = check(
                "--contract-terms",
                "contract.json",
                "--dataset",
                "icmr-data.json",
                "--dataset",
                "cowin-data.json",
                "--dataset",
                "index-data.json");
        assertThat(r.status()).as(r.err()).isZero();
    }

    @Test
    void withoutTheContractOnlyTheSpecItselfIsChecked() {
        CliRun r = check();
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"privacyLimits\", \"columns\"");
        CliRun limitsOnly = check("--contract-terms", "terms.json");
        assertThat(limitsOnly.status()).isZero();
        assertThat(limitsOnly.out()).contains("\"notChecked\" : [ \"columns\" ]");
    }

    /** Each row: a change to the COVID spec, and the field the refusal names (exit 2). */
    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"column\": \"age\"|\"column\": \"weight\"|features[7].column|UNKNOWN_COLUMN",
                "\"column\": \"a_icmr_test_result\"|\"column\": \"result\"|label.column|UNKNOWN_COLUMN",
                "\"hiddenLayers\": [16]|\"hiddenLayers\": [{\"type\": \"lstm\"}]|hiddenLayers[0]|UNSUPPORTED_LAYER",
                "\"hiddenLayers\": [16]|\"hiddenLayers\": [4096, 4096, 4096]|hiddenLayers|TOO_MANY_PARAMETERS",
                "\"epochs\": 30|\"epochs\": 31|epochs|OUTSIDE_CONTRACT",
                "\"seed\": 42|\"seed\": 42, \"dp\": {\"maxGradNorm\": 2}|dp.maxGradNorm|OUTSIDE_CONTRACT",
                "\"batchSize\": 64|\"batchSize\": \"64\"|batchSize|WRONG_TYPE",
                "\"seed\": 42|\"seed\": 42, \"loss\": \"mse\"|loss|UNKNOWN_FIELD",
                "\"seed\": 42|\"seed\": 42}|$|MALFORMED",
            })
    void aBadSpecExitsTwoNamingTheField(String find, String replace, String field, String code) throws Exception {
        String bad = covid.replace(find, replace);
        assertThat(bad).isNotEqualTo(covid);
        Files.writeString(dir.resolve("spec.json"), bad);
        CliRun r = check(FULL);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err())
                .contains("depa job check-spec: model spec: " + field + ": ")
                .contains(code);
        assertThat(r.out()).contains("\"valid\" : false").contains("\"field\" : \"" + field + "\"");
    }

    @Test
    void usageErrorsNameTheOption() {
        CliRun.in(dir, "job", "check-spec", "spec.json", "--dataset", "icmr-data.json")
                .isUsageError("--dataset needs --contract-terms");
        CliRun.in(
                        dir,
                        "job",
                        "check-spec",
                        "spec.json",
                        "--contract-terms",
                        "terms.json",
                        "--dataset",
                        "icmr-data.json")
                .isUsageError("dataset cowin-data");
        CliRun.in(dir, "job", "check-spec", "spec.json", "--contract-terms", "icmr-data.json")
                .isUsageError("not a contract or its terms");
        CliRun.in(dir, "job", "check-spec", "no-such.json").isUsageError("no-such.json");
        CliRun.in(dir, "job", "check-spec").isUsageError("SPEC");
    }
}
