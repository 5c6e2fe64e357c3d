package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.depa.modelspec.ModelSpec;
import org.junit.jupiter.api.Test;

class ModelFileTest {
    @Test
    void roundTripsWeightsAndEncoderAndRefusesOtherFormats() {
        MlpParameters p = MlpParameters.initial(new int[] {3, 4, 1}, 5);
        FeatureEncoder enc = new FeatureEncoder(
                List.of(
                        new FeatureEncoder.Column("a", ModelSpec.Encoding.NUMERIC, 1.5, 2, List.of(), true),
                        new FeatureEncoder.Column("b", ModelSpec.Encoding.CATEGORICAL, 0, 1, List.of("x", "y"), false)),
                "label",
                "1");
        ModelFile f = ModelFile.of(p, "relu", enc);
        byte[] bytes = f.toBytes();
        ModelFile back = ModelFile.parse(bytes);
        assertThat(back.weights().flatten()).containsExactly(p.flatten());
        assertThat(back.inputs()).containsExactly("a", "b=x", "b=y");
        assertThat(back.encoder()).isEqualTo(enc);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThatThrownBy(() ->
                        ModelFile.parse(text.replace("depa-mlp/1", "other/9").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("format");
        assertThatThrownBy(() -> ModelFile.parse(
                        text.replace("\"format\"", "\"extra\":1,\"format\"").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TrainingException.class);
    }
}
