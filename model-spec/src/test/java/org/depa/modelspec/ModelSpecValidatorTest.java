package org.depa.modelspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.modelspec.ModelSpecException.Code;
import org.depa.modelspec.ModelSpecValidator.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The validator against a contract's datasets and privacy limits: one row per refusal, and honest specs. */
class ModelSpecValidatorTest {
    /** Two synthetic tables: "a" joined on id, "b" on key; both have "note", so it is qualified. */
    static final List<DatasetColumns> SYNTHETIC_TABLES = List.of(
            new DatasetColumns("a", "id", List.of("id", "x1", "colour", "outcome", "note")),
            new DatasetColumns("b", "key", List.of("key", "x2", "note")));

    static final PrivacyConstraints LIMITS = new PrivacyConstraints(
            new BigDecimal("1.5"), new BigDecimal("0.01"), new BigDecimal("1.0"), new BigDecimal("2.0"), 30);

    static final Context SYNTHETIC = new Context(SYNTHETIC_TABLES, LIMITS);

    /** The COVID datasets' columns (the providers' CSV headers) and the reference contract's limits. */
    static final Context COVID = new Context(
            List.of(
                    new DatasetColumns(
                            "icmr-data",
                            "icmr_patient_mobilenumber",
                            List.of(
                                    "icmrnumber",
                                    "icmr_patient_mobilenumber",
                                    "srfnumber",
                                    "a_icmr_test_type",
                                    "a_icmr_test_result",
                                    "a_test_ct_value",
                                    "a_lab_id",
                                    "a_sample_genetic_sequenced",
                                    "a_sample_genetic_strain",
                                    "pupdate")),
                    new DatasetColumns(
                            "cowin-data",
                            "cowin_registered_mobile",
                            List.of("cowin_registered_mobile", "age", "gender", "vaccine_name", "pupdate")),
                    new DatasetColumns(
                            "index-data",
                            "pcnumber",
                            List.of("pcnumber", "srfnumber", "pasymp", "dsinfection", "potravel", "page"))),
            LIMITS);

    @Test
    void theCovidDemoSpecPasses() throws Exception {
        String json = Files.readString(Specs.COVID);
        ModelSpec spec = ModelSpecValidator.check(json, COVID);
        assertThat(ModelSpecValidator.problems(spec, COVID)).isEmpty();
        assertThat(ModelSpecValidator.maxParameters(spec)).isEqualTo(15L * 16 + 16 + 16 + 1);
    }

    @ParameterizedTest(name = "honest: {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "as written|\"seed\": 7|\"seed\": 7",
                "a qualified shared column|\"column\": \"x2\"|\"column\": \"b.note\"",
                "tighter dp|\"seed\": 7|\"seed\": 7, \"dp\": {\"maxGradNorm\": \"0.5\", \"noiseMultiplier\": \"2.5\"}",
                "dp equal to the contract|\"seed\": 7|\"seed\": 7, \"dp\": {\"maxGradNorm\": \"1.00\", \"noiseMultiplier\": \"2\"}",
                "the contract's epochs|\"epochs\": 6|\"epochs\": 30",
                "logistic regression|\"hiddenLayers\": [8]|\"hiddenLayers\": []",
                "just under the parameter cap|\"hiddenLayers\": [8]|\"hiddenLayers\": [1000, 3980]",
            })
    void honestSpecsPass(String name, String find, String replace) {
        String json = Specs.SYNTHETIC.replace(find, replace);
        assertThat(json).isNotEqualTo(name.equals("as written") ? "" : Specs.SYNTHETIC);
        assertThatCode(() -> ModelSpecValidator.check(json, SYNTHETIC)).doesNotThrowAnyException();
    }

    /** Each row: a replacement in the synthetic spec, the refusal's code and the JSON path it names. */
    @ParameterizedTest(name = "{2} at {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"column\": \"x2\"|\"column\": \"x3\"|UNKNOWN_COLUMN|features[1].column",
                "\"column\": \"outcome\"|\"column\": \"result\"|UNKNOWN_COLUMN|label.column",
                "\"column\": \"x2\"|\"column\": \"note\"|UNKNOWN_COLUMN|features[1].column",
                "\"column\": \"x2\"|\"column\": \"key\"|UNKNOWN_COLUMN|features[1].column",
                "\"column\": \"x2\"|\"column\": \"c.note\"|UNKNOWN_COLUMN|features[1].column",
                "\"hiddenLayers\": [8]|\"hiddenLayers\": [1000, 4000]|TOO_MANY_PARAMETERS|hiddenLayers",
                "\"hiddenLayers\": [8]|\"hiddenLayers\": [4096, 4096, 4096]|TOO_MANY_PARAMETERS|hiddenLayers",
                "\"epochs\": 6|\"epochs\": 31|OUTSIDE_CONTRACT|epochs",
                "\"seed\": 7|\"seed\": 7, \"dp\": {\"maxGradNorm\": \"1.01\"}|OUTSIDE_CONTRACT|dp.maxGradNorm",
                "\"seed\": 7|\"seed\": 7, \"dp\": {\"noiseMultiplier\": \"1.99\"}|OUTSIDE_CONTRACT|dp.noiseMultiplier",
                "\"hiddenLayers\": [8]|\"hiddenLayers\": [{\"dense\": 8}]|UNSUPPORTED_LAYER|hiddenLayers[0]",
                "\"activation\": \"tanh\"|\"activation\": \"softmax\"|UNSUPPORTED|activation",
                "\"seed\": 7|\"seed\": 7, \"layers\": []|UNKNOWN_FIELD|layers",
            })
    void refusesNamingTheField(String find, String replace, Code code, String field) {
        String bad = Specs.SYNTHETIC.replace(find, replace);
        assertThat(bad).isNotEqualTo(Specs.SYNTHETIC);
        ModelSpecException e =
                catchThrowableOfType(ModelSpecException.class, () -> ModelSpecValidator.check(bad, SYNTHETIC));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
    }

    @Test
    void anUndeclaredCategoricalCountsAtItsMost() {
        String json = Specs.SYNTHETIC
                .replace("\"values\": [\"red\", \"blue\"]", "\"encoding\": \"categorical\"")
                .replace(
                        "\"encoding\": \"categorical\", \"encoding\": \"categorical\"", "\"encoding\": \"categorical\"")
                .replace("\"hiddenLayers\": [8]", "\"hiddenLayers\": [4096, 900]");
        ModelSpecException e =
                catchThrowableOfType(ModelSpecException.class, () -> ModelSpecValidator.check(json, SYNTHETIC));
        assertThat(e.code()).isEqualTo(Code.TOO_MANY_PARAMETERS);
        assertThat(e.getMessage()).contains("declare its values");
    }

    @Test
    void messagesHelp() {
        ModelSpecException ambiguous = catchThrowableOfType(
                ModelSpecException.class,
                () -> ModelSpecValidator.check(Specs.SYNTHETIC.replace("\"x2\"", "\"note\""), SYNTHETIC));
        assertThat(ambiguous.getMessage()).contains("a.note, b.note");
        ModelSpecException join = catchThrowableOfType(
                ModelSpecException.class,
                () -> ModelSpecValidator.check(Specs.SYNTHETIC.replace("\"x2\"", "\"key\""), SYNTHETIC));
        assertThat(join.getMessage()).contains("join column");
        ModelSpecException unknown = catchThrowableOfType(
                ModelSpecException.class,
                () -> ModelSpecValidator.check(Specs.SYNTHETIC.replace("\"x2\"", "\"x3\""), SYNTHETIC));
        assertThat(unknown.getMessage()).contains("x1, colour, outcome, a.note, x2, b.note");
    }

    @Test
    void everyProblemIsListed() {
        ModelSpec spec = ModelSpecs.parse(Specs.SYNTHETIC
                .replace("\"column\": \"x2\"", "\"column\": \"x3\"")
                .replace("\"epochs\": 6", "\"epochs\": 40")
                .replace("\"column\": \"outcome\"", "\"column\": \"y\""));
        assertThat(ModelSpecValidator.problems(spec, SYNTHETIC))
                .extracting(ModelSpecException::field)
                .containsExactly("features[1].column", "label.column", "epochs");
    }

    @Test
    void withoutAContextPartItsChecksAreSkipped() {
        ModelSpec spec = ModelSpecs.parse(
                Specs.SYNTHETIC.replace("\"x2\"", "\"x3\"").replace("\"epochs\": 6", "\"epochs\": 40"));
        assertThat(ModelSpecValidator.problems(spec, new Context(null, null))).isEmpty();
        assertThat(ModelSpecValidator.problems(spec, new Context(SYNTHETIC_TABLES, null)))
                .extracting(ModelSpecException::code)
                .containsExactly(Code.UNKNOWN_COLUMN);
        assertThat(ModelSpecValidator.problems(spec, new Context(null, LIMITS)))
                .extracting(ModelSpecException::code)
                .containsExactly(Code.OUTSIDE_CONTRACT);
    }

    @Test
    void theContextOfAContractTakesSchemasAndTheTightestLimits() {
        PrivacyConstraints looser = new PrivacyConstraints(
                new BigDecimal("3"), new BigDecimal("0.02"), new BigDecimal("2.0"), new BigDecimal("1.0"), 50);
        ContractTerms terms = new ContractTerms(
                "c1",
                "tdc",
                "ccr",
                "research",
                "2026-01-01T00:00:00Z",
                "2027-01-01T00:00:00Z",
                List.of(
                        new DatasetClause("a", "tdp1", "00".repeat(32), "id", LIMITS, null),
                        new DatasetClause("b", "tdp2", "00".repeat(32), "key", looser, null)),
                List.of(),
                null,
                null);
        Context c = Context.of(
                terms,
                Map.of(
                        "a",
                        dataset("a", "id", "x1", "colour", "outcome", "note"),
                        "b",
                        dataset("b", "key", "x2", "note")));
        assertThat(c.datasets()).isEqualTo(SYNTHETIC_TABLES);
        assertThat(c.limits()).isEqualTo(LIMITS);
        assertThatCode(() -> ModelSpecValidator.check(Specs.SYNTHETIC, c)).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class, () -> Context.of(terms, Map.of("a", dataset("a", "id")))))
                .hasMessageContaining("dataset b");
    }

    @Test
    void theSpecsDpTightensTheLimitsItNeverLoosensThem() {
        ModelSpec spec = ModelSpecs.parse(Specs.SYNTHETIC.replace(
                "\"seed\": 7", "\"seed\": 7, \"dp\": {\"maxGradNorm\": \"0.5\", \"noiseMultiplier\": \"3\"}"));
        PrivacyConstraints used = PrivacyLimits.forSpec(spec, LIMITS);
        assertThat(used.maxGradNorm()).isEqualByComparingTo("0.5");
        assertThat(used.noiseMultiplier()).isEqualByComparingTo("3");
        assertThat(used.epsilon()).isEqualTo(LIMITS.epsilon());
        assertThat(PrivacyLimits.forSpec(ModelSpecs.parse(Specs.SYNTHETIC), LIMITS))
                .isEqualTo(LIMITS);
    }

    private static Dataset dataset(String id, String... columns) {
        List<SchemaField> schema = java.util.Arrays.stream(columns)
                .map(c -> new SchemaField(c, "string", null))
                .toList();
        return new Dataset(id, "tdp", id, null, schema, null, null, null, null, null, null, null, 1, null, null, null);
    }
}
