package org.depa.ccr.training;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.depa.ledger.model.Json;

/**
 * The trained model as the TDC receives it: canonical JSON (RFC 8785) with everything needed to
 * score a row of the joined table.
 *
 * <pre>
 * { "format": "depa-mlp/1",
 *   "activation": "relu" | "tanh",
 *   "sizes": [inputs, hidden..., 1],           layer l maps sizes[l] inputs to sizes[l+1] outputs
 *   "inputs": ["age", "gender=F", ...],        names of the encoded inputs
 *   "encoder": { "columns": [{ "name", "encoding", "center", "scale", "categories",
 *                              "fittedOnPrivateData" }], "labelColumn", "positive" },
 *   "parameters": base64 of little-endian float32, layer by layer: W (row-major [in][out]), then b
 * }
 * </pre>
 *
 * Scoring: x_j = (value - center) / scale (0 when missing) or one-hot over categories; a_0 = x;
 * a_{l+1} = act(a_l W_l + b_l) for hidden layers; p = sigmoid(a_L W_L + b_L).
 */
public record ModelFile(
        String format,
        String activation,
        List<Integer> sizes,
        List<String> inputs,
        FeatureEncoder encoder,
        String parameters) {

    public static final String FORMAT = "depa-mlp/1";

    public ModelFile {
        Objects.requireNonNull(format, "format");
        sizes = List.copyOf(sizes);
        inputs = List.copyOf(inputs);
    }

    static ModelFile of(MlpParameters p, String activation, FeatureEncoder encoder) {
        return new ModelFile(
                FORMAT,
                activation,
                Arrays.stream(p.sizes).boxed().toList(),
                encoder.inputNames(),
                encoder,
                Floats.encode(p.flatten()));
    }

    /** Canonical JSON bytes. */
    public byte[] toBytes() {
        return Json.canonical(this);
    }

    /** Parses a model file strictly. */
    public static ModelFile parse(byte[] bytes) {
        try {
            ModelFile f = Json.mapper().readValue(bytes, ModelFile.class);
            if (!FORMAT.equals(f.format())) {
                throw new TrainingException("model file format is " + f.format() + ", expected " + FORMAT);
            }
            return f;
        } catch (java.io.IOException e) {
            throw new TrainingException("malformed model file: " + firstLine(e.getMessage()), e);
        }
    }

    /** The weights, checked against the sizes. */
    MlpParameters weights() {
        MlpParameters p =
                new MlpParameters(sizes.stream().mapToInt(Integer::intValue).toArray());
        p.assign(Floats.decode(parameters));
        return p;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
