package org.depa.modelspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.depa.modelspec.ModelSpecException.Code;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict parsing: each refusal typed and naming the JSON path of the field at fault. */
class ModelSpecsTest {

    @Nested
    class Parse {
        @Test
        void readsTheCovidExample() {
            ModelSpec s = ModelSpecs.read(Specs.COVID);
            assertThat(s.features()).hasSize(9);
            assertThat(s.label().column()).isEqualTo("a_icmr_test_result");
            assertThat(s.optimizer().name()).isEqualTo("adam");
            assertThat(s.initialWeights()).isNull();
            assertThat(s.dp()).isNull();
        }

        @Test
        void readsTheSyntheticSpec() {
            ModelSpec s = ModelSpecs.parse(Specs.SYNTHETIC);
            assertThat(s.features().get(2).encoding()).isEqualTo(ModelSpec.Encoding.CATEGORICAL);
            assertThat(s.features().get(2).values()).containsExactly("red", "blue");
            assertThat(s.hiddenLayers()).containsExactly(8);
        }

        @Test
        void readsTheOptionalParts() {
            String sha = "ab".repeat(32);
            ModelSpec s = ModelSpecs.parse(Specs.SYNTHETIC.replace(
                    "\"seed\": 7",
                    "\"seed\": 7, \"initialWeights\": \"init.json\", \"initialWeightsSha256\": \"" + sha + "\","
                            + " \"dp\": {\"maxGradNorm\": \"0.5\", \"noiseMultiplier\": \"3\"}"));
            assertThat(s.initialWeights()).isEqualTo("init.json");
            assertThat(s.initialWeightsSha256()).isEqualTo(sha);
            assertThat(s.dp().maxGradNorm()).isEqualByComparingTo("0.5");
            assertThat(s.dp().noiseMultiplier()).isEqualByComparingTo("3");
        }
    }

    @Nested
    class Refusals {
        /**
         * Each row: a replacement applied to the valid synthetic spec, the refusal's code and the
         * JSON path it must name.
         */
        @ParameterizedTest(name = "{2} at {3}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "\"seed\": 7|\"seed\": 7, \"dropout\": 0.5|UNKNOWN_FIELD|dropout",
                    "\"positive\": \"yes\"|\"positive\": \"yes\", \"weight\": 2|UNKNOWN_FIELD|label.weight",
                    "\"learningRate\": \"0.05\"|\"learningRate\": \"0.05\", \"momentum\": 0.9|UNKNOWN_FIELD|optimizer.momentum",
                    "\"encoding\": \"numeric\"}|\"encoding\": \"numeric\", \"clip\": 1}|UNKNOWN_FIELD|features[0].clip",
                    "\"seed\": 7|\"seed\": 7, \"dp\": {\"epsilon\": 1}|UNKNOWN_FIELD|dp.epsilon",
                    "\"batchSize\": 50|\"batchSize\": 50.5|WRONG_TYPE|batchSize",
                    "\"batchSize\": 50|\"batchSize\": \"50\"|WRONG_TYPE|batchSize",
                    "\"seed\": 7|\"seed\": null|WRONG_TYPE|seed",
                    "\"features\": [|\"features\": [7, |WRONG_TYPE|features[0]",
                    "\"hiddenLayers\": [8]|\"hiddenLayers\": 8|WRONG_TYPE|hiddenLayers",
                    "\"hiddenLayers\": [8]|\"hiddenLayers\": [8, {\"type\": \"conv2d\", \"filters\": 4}]|UNSUPPORTED_LAYER|hiddenLayers[1]",
                    "\"hiddenLayers\": [8]|\"hiddenLayers\": [\"lstm\"]|UNSUPPORTED_LAYER|hiddenLayers[0]",
                    "\"hiddenLayers\": [8]|\"hiddenLayers\": [8, null]|UNSUPPORTED_LAYER|hiddenLayers[1]",
                    "\"hiddenLayers\": [8]|\"hiddenLayers\": [8, 0]|OUT_OF_RANGE|hiddenLayers[1]",
                    "\"hiddenLayers\": [8]|\"hiddenLayers\": [4097]|OUT_OF_RANGE|hiddenLayers[0]",
                    "\"hiddenLayers\": [8]|\"hiddenLayers\": [8,8,8,8,8,8,8,8,8]|OUT_OF_RANGE|hiddenLayers",
                    "\"activation\": \"tanh\"|\"activation\": \"gelu\"|UNSUPPORTED|activation",
                    "\"name\": \"adam\"|\"name\": \"lbfgs\"|UNSUPPORTED|optimizer.name",
                    "\"learningRate\": \"0.05\"|\"learningRate\": \"-1\"|OUT_OF_RANGE|optimizer.learningRate",
                    "\"learningRate\": \"0.05\"|\"learningRate\": \"11\"|OUT_OF_RANGE|optimizer.learningRate",
                    "\"batchSize\": 50|\"batchSize\": 0|OUT_OF_RANGE|batchSize",
                    "\"batchSize\": 50|\"batchSize\": 65537|OUT_OF_RANGE|batchSize",
                    "\"epochs\": 6|\"epochs\": -1|OUT_OF_RANGE|epochs",
                    "\"epochs\": 6|\"epochs\": 10001|OUT_OF_RANGE|epochs",
                    "\"x2\", \"encoding\": \"numeric\"|\"x2\", \"encoding\": \"text\"|UNSUPPORTED|features[1].encoding",
                    "\"column\": \"x2\", |''|MISSING_FIELD|features[1].column",
                    "\"column\": \"x2\"|\"column\": \"\"|OUT_OF_RANGE|features[1].column",
                    "\"validation\": \"0.2\"|\"validation\": \"0.8\"|OUT_OF_RANGE|split.validation",
                    "\"test\": \"0.2\"|\"test\": \"0\"|OUT_OF_RANGE|split.test",
                    "\"column\": \"outcome\"|\"column\": \"x1\"|DUPLICATE|label.column",
                    "{\"column\": \"x2\", \"encoding\": \"numeric\"}|{\"column\": \"x1\", \"encoding\": \"numeric\"}|DUPLICATE|features[1].column",
                    "\"values\": [\"red\", \"blue\"]|\"values\": [\"red\", \"red\"]|DUPLICATE|features[2].values",
                    "\"values\": [\"red\", \"blue\"]|\"values\": []|OUT_OF_RANGE|features[2].values",
                    "\"values\": [\"red\", \"blue\"]|\"center\": 1, \"scale\": 2|OUT_OF_RANGE|features[2].center",
                    "{\"column\": \"x1\", \"encoding\": \"numeric\"}|{\"column\": \"x1\", \"encoding\": \"numeric\", \"center\": 1}|OUT_OF_RANGE|features[0].scale",
                    "{\"column\": \"x1\", \"encoding\": \"numeric\"}|{\"column\": \"x1\", \"encoding\": \"numeric\", \"center\": 1, \"scale\": 0}|OUT_OF_RANGE|features[0].scale",
                    "\"seed\": 7|\"seed\": 7, \"initialWeights\": \"../x.json\"|OUT_OF_RANGE|initialWeights",
                    "\"seed\": 7|\"seed\": 7, \"initialWeights\": \"init.json\"|MISSING_FIELD|initialWeightsSha256",
                    "\"seed\": 7|\"seed\": 7, \"initialWeights\": \"init.json\", \"initialWeightsSha256\": \"abc\"|OUT_OF_RANGE|initialWeightsSha256",
                    "\"seed\": 7|\"seed\": 7, \"dp\": {\"maxGradNorm\": \"0\"}|OUT_OF_RANGE|dp.maxGradNorm",
                    "\"seed\": 7|\"seed\": 7, \"dp\": {\"noiseMultiplier\": \"0.1\"}|OUT_OF_RANGE|dp.noiseMultiplier",
                    "\"seed\": 7|\"seed\": 7, \"seed\": 8|MALFORMED|$",
                    ", \"seed\": 7|''|MISSING_FIELD|seed",
                    "\"label\": {\"column\": \"outcome\", \"positive\": \"yes\"},|''|MISSING_FIELD|label",
                })
        void refusesNamingTheField(String find, String replace, Code code, String field) {
            String bad = Specs.SYNTHETIC.replace(find, replace);
            assertThat(bad).isNotEqualTo(Specs.SYNTHETIC);
            ModelSpecException e = catchThrowableOfType(ModelSpecException.class, () -> ModelSpecs.parse(bad));
            assertThat(e).as("refused").isNotNull();
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
            assertThat(e.getMessage()).contains(field);
        }

        @Test
        void refusesEmptyTrailingAndHugeDocuments() {
            assertThat(catchThrowableOfType(ModelSpecException.class, () -> ModelSpecs.parse(" "))
                            .code())
                    .isEqualTo(Code.MALFORMED);
            assertThat(catchThrowableOfType(ModelSpecException.class, () -> ModelSpecs.parse(Specs.SYNTHETIC + " {}"))
                            .code())
                    .isEqualTo(Code.MALFORMED);
            assertThat(catchThrowableOfType(
                                    ModelSpecException.class, () -> ModelSpecs.parse("[" + " ".repeat(70_000) + "]"))
                            .code())
                    .isEqualTo(Code.TOO_LARGE);
            assertThatThrownBy(() -> ModelSpecs.parse("null")).isInstanceOf(ModelSpecException.class);
            assertThatThrownBy(() -> ModelSpecs.parse("[]")).isInstanceOf(ModelSpecException.class);
            assertThatThrownBy(() -> ModelSpecs.parse("{\"features\": ")).isInstanceOf(ModelSpecException.class);
        }
    }
}
