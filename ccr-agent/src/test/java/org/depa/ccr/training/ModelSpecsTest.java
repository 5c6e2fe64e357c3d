package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSpecsTest {

    @Nested
    class Parse {
        @Test
        void readsTheCovidExample() {
            ModelSpec s = ModelSpecs.read(java.nio.file.Path.of("examples", "covid-model-spec.json"));
            assertThat(s.features()).hasSize(9);
            assertThat(s.label().column()).isEqualTo("a_icmr_test_result");
            assertThat(s.optimizer().name()).isEqualTo("adam");
            assertThat(s.initialWeights()).isNull();
        }

        @Test
        void readsTheSyntheticSpec() {
            ModelSpec s = Synthetic.spec();
            assertThat(s.features().get(2).encoding()).isEqualTo(ModelSpec.Encoding.CATEGORICAL);
            assertThat(s.features().get(2).values()).containsExactly("red", "blue");
            assertThat(s.hiddenLayers()).containsExactly(8);
        }
    }

    @Nested
    class Refusals {
        /** Each row: a replacement applied to the valid synthetic spec, and what the message must name. */
        @ParameterizedTest(name = "{2}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "\"seed\": 7|\"seed\": 7, \"dropout\": 0.5|dropout",
                    "\"positive\": \"yes\"|\"positive\": \"yes\", \"weight\": 2|weight",
                    "\"learningRate\": \"0.05\"|\"learningRate\": \"0.05\", \"momentum\": 0.9|momentum",
                    "\"batchSize\": 50|\"batchSize\": 50.5|batchSize",
                    "\"batchSize\": 50|\"batchSize\": \"50\"|batchSize",
                    "\"batchSize\": 50|\"batchSize\": 0|batchSize",
                    "\"epochs\": 6|\"epochs\": -1|epochs",
                    "\"activation\": \"tanh\"|\"activation\": \"gelu\"|activation",
                    "\"name\": \"adam\"|\"name\": \"lbfgs\"|optimizer.name",
                    "\"learningRate\": \"0.05\"|\"learningRate\": \"-1\"|learningRate",
                    "\"hiddenLayers\": [8]|\"hiddenLayers\": [0]|hiddenLayers",
                    "\"hiddenLayers\": [8]|\"hiddenLayers\": [8,8,8,8,8,8,8,8,8]|hiddenLayers",
                    "\"encoding\": \"numeric\"}|\"encoding\": \"text\"}|encoding",
                    "\"validation\": \"0.2\"|\"validation\": \"0.8\"|split",
                    "\"column\": \"outcome\"|\"column\": \"x1\"|label column",
                    "{\"column\": \"x2\", \"encoding\": \"numeric\"}|{\"column\": \"x1\", \"encoding\": \"numeric\"}|twice",
                    "\"values\": [\"red\", \"blue\"]|\"values\": [\"red\", \"red\"]|values",
                    "\"seed\": 7|\"seed\": 7, \"initialWeights\": \"../x.json\"|initialWeights",
                    "\"seed\": 7|\"seed\": 7, \"seed\": 8|seed",
                    ", \"seed\": 7|''|seed",
                    "{\"column\": \"x1\", \"encoding\": \"numeric\"}|{\"column\": \"x1\", \"encoding\": \"numeric\", \"center\": 1}|scale",
                    "{\"column\": \"x1\", \"encoding\": \"numeric\"}|{\"column\": \"x1\", \"encoding\": \"numeric\", \"center\": 1, \"scale\": 0}|scale",
                    "\"values\": [\"red\", \"blue\"]|\"center\": 1, \"scale\": 2|only for numeric",
                })
        void refusesNamingTheField(String find, String replace, String named) {
            String bad = Synthetic.SPEC.replace(find, replace);
            assertThat(bad).isNotEqualTo(Synthetic.SPEC);
            assertThatThrownBy(() -> ModelSpecs.parse(bad))
                    .isInstanceOf(ModelSpecException.class)
                    .hasMessageContaining(named);
        }

        @Test
        void refusesEmptyTrailingAndHugeDocuments() {
            assertThatThrownBy(() -> ModelSpecs.parse(" ")).hasMessageContaining("empty");
            assertThatThrownBy(() -> ModelSpecs.parse(Synthetic.SPEC + " {}")).isInstanceOf(ModelSpecException.class);
            assertThatThrownBy(() -> ModelSpecs.parse("[" + " ".repeat(70_000) + "]"))
                    .hasMessageContaining("larger");
            assertThatThrownBy(() -> ModelSpecs.parse("null")).isInstanceOf(ModelSpecException.class);
        }
    }
}
