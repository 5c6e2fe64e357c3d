package org.depa.modelspec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.depa.modelspec.ModelSpecException.Code;

/**
 * The TDC's code-free description of the model: which columns are features and how to encode
 * them, the label, a multilayer perceptron's hidden (dense) layers, the optimiser, the schedule,
 * optionally DP-SGD parameters tighter than the contract's and initial weights bound by their hash.
 * Parsed strictly by {@link ModelSpecs#parse(String)}: unknown fields, wrong types and
 * out-of-range values are refused with a {@link ModelSpecException} naming the field's JSON path.
 * What depends on the contract and its datasets (columns, parameter count, privacy limits) is
 * checked by {@link ModelSpecValidator}.
 *
 * @param features the inputs, each a column of the joined table with its encoding
 * @param label the binary label column and its positive value
 * @param hiddenLayers widths of the hidden dense layers (may be empty: logistic regression)
 * @param activation {@code relu} or {@code tanh}
 * @param optimizer {@code sgd} or {@code adam} with its learning rate
 * @param batchSize the expected batch size; DP-SGD samples each example with rate batchSize / N
 * @param epochs the number of passes (each N / batchSize steps); at most the contract's epochs
 * @param split validation and test fractions; the rest trains
 * @param seed seeds only non-secret choices: the split and the initial weights
 * @param initialWeights optional model file (this trainer's format) to start from, a file name in
 *     the specification's directory
 * @param initialWeightsSha256 the SHA-256 (hex) of that file; required with it, so the commitment
 *     to the spec binds the weights too
 * @param dp optional DP-SGD parameters the TDC asks for; each must be at least as tight as the
 *     contract's (a smaller clipping norm, a larger noise multiplier)
 *     <p>Serialised (the trainer's checkpoint fingerprint) as before the last two fields existed:
 *     they are left out when null, {@code initialWeights} is written as null.
 */
public record ModelSpec(
        List<Feature> features,
        Label label,
        List<Integer> hiddenLayers,
        String activation,
        Optimizer optimizer,
        int batchSize,
        int epochs,
        Split split,
        long seed,
        String initialWeights,
        @JsonInclude(JsonInclude.Include.NON_NULL) String initialWeightsSha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) DpParameters dp) {

    /** Most one-hot inputs one categorical column may produce. */
    public static final int MAX_CATEGORIES = 256;
    /** Most hidden layers. */
    public static final int MAX_HIDDEN_LAYERS = 8;
    /** Widest hidden layer. */
    public static final int MAX_WIDTH = 4096;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    @JsonCreator
    public ModelSpec(
            @JsonProperty(value = "features", required = true) List<Feature> features,
            @JsonProperty(value = "label", required = true) Label label,
            @JsonProperty(value = "hiddenLayers", required = true) List<Integer> hiddenLayers,
            @JsonProperty(value = "activation", required = true) String activation,
            @JsonProperty(value = "optimizer", required = true) Optimizer optimizer,
            @JsonProperty(value = "batchSize", required = true) int batchSize,
            @JsonProperty(value = "epochs", required = true) int epochs,
            @JsonProperty(value = "split", required = true) Split split,
            @JsonProperty(value = "seed", required = true) long seed,
            @JsonProperty("initialWeights") String initialWeights,
            @JsonProperty("initialWeightsSha256") String initialWeightsSha256,
            @JsonProperty("dp") DpParameters dp) {
        this.features = features == null ? null : Collections.unmodifiableList(new ArrayList<>(features));
        this.label = label;
        this.hiddenLayers = hiddenLayers == null ? null : Collections.unmodifiableList(new ArrayList<>(hiddenLayers));
        this.activation = activation;
        this.optimizer = optimizer;
        this.batchSize = batchSize;
        this.epochs = epochs;
        this.split = split;
        this.seed = seed;
        this.initialWeights = initialWeights;
        this.initialWeightsSha256 = initialWeightsSha256;
        this.dp = dp;
        validate();
    }

    /** How a column becomes model inputs. */
    public enum Encoding {
        /** a number, standardised with the training split's mean and deviation; missing: the mean */
        NUMERIC,
        /** one input per value seen in the training split; missing is a value of its own */
        CATEGORICAL,
        /** a dd-MM-yyyy date as a day number, then as NUMERIC */
        DATE
    }

    /**
     * One feature column.
     *
     * @param values for a categorical column, its declared values (public knowledge, e.g. a code
     *     list). Without them the values seen in the training split are used, and that list, which
     *     comes from private data, ends up in the model file; the report says so.
     * @param center for a numeric column, a declared center (with {@code scale}): inputs are
     *     (value - center) / scale. Without them the training split's mean and deviation are used,
     *     and those private statistics end up in the model file; the report says so.
     * @param scale see {@code center}; positive
     */
    public record Feature(String column, Encoding encoding, List<String> values, BigDecimal center, BigDecimal scale) {
        public Feature {
            values = values == null ? null : List.copyOf(values);
        }

        /** Model inputs this column produces; for undeclared categories, the most it may produce. */
        public int maxInputs() {
            if (encoding != Encoding.CATEGORICAL) {
                return 1;
            }
            return values != null ? values.size() : MAX_CATEGORIES;
        }

        @JsonCreator
        public static Feature of(
                @JsonProperty(value = "column", required = true) String column,
                @JsonProperty(value = "encoding", required = true) String encoding,
                @JsonProperty("values") List<String> values,
                @JsonProperty("center") BigDecimal center,
                @JsonProperty("scale") BigDecimal scale) {
            if (column == null || column.isBlank()) {
                throw new ModelSpecException(Code.OUT_OF_RANGE, "column", "must not be empty");
            }
            if (encoding == null) {
                throw new ModelSpecException(Code.MISSING_FIELD, "encoding", "is missing");
            }
            Encoding e;
            try {
                e = Encoding.valueOf(encoding.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw new ModelSpecException(
                        Code.UNSUPPORTED, "encoding", "must be numeric, categorical or date, not " + quoted(encoding));
            }
            if (values != null) {
                if (e != Encoding.CATEGORICAL) {
                    throw new ModelSpecException(Code.OUT_OF_RANGE, "values", "is only for categorical columns");
                }
                if (values.isEmpty()
                        || values.size() > MAX_CATEGORIES
                        || values.stream().anyMatch(v -> v == null)) {
                    throw new ModelSpecException(
                            Code.OUT_OF_RANGE, "values", "must list 1 to " + MAX_CATEGORIES + " non-null values");
                }
                if (new HashSet<>(values).size() != values.size()) {
                    throw new ModelSpecException(Code.DUPLICATE, "values", "lists a value twice");
                }
            }
            if (center != null || scale != null) {
                if (e != Encoding.NUMERIC) {
                    throw new ModelSpecException(
                            Code.OUT_OF_RANGE,
                            center != null ? "center" : "scale",
                            "center and scale are only for numeric columns");
                }
                if (center == null) {
                    throw new ModelSpecException(Code.MISSING_FIELD, "center", "goes with scale");
                }
                if (scale == null || scale.signum() <= 0) {
                    throw new ModelSpecException(Code.OUT_OF_RANGE, "scale", "goes with center and must be positive");
                }
            }
            return new Feature(column, e, values, center, scale);
        }
    }

    /** The binary label: rows whose label column equals {@code positive} are class 1, others 0. */
    public record Label(String column, String positive) {
        @JsonCreator
        public Label(
                @JsonProperty(value = "column", required = true) String column,
                @JsonProperty(value = "positive", required = true) String positive) {
            this.column = column;
            this.positive = positive;
            if (column == null || column.isBlank()) {
                throw new ModelSpecException(Code.OUT_OF_RANGE, "column", "must not be empty");
            }
            if (positive == null || positive.isEmpty()) {
                throw new ModelSpecException(Code.OUT_OF_RANGE, "positive", "must not be empty");
            }
        }
    }

    /** The optimiser applied to the (privatised) gradient. */
    public record Optimizer(String name, BigDecimal learningRate) {
        @JsonCreator
        public Optimizer(
                @JsonProperty(value = "name", required = true) String name,
                @JsonProperty(value = "learningRate", required = true) BigDecimal learningRate) {
            this.name = name;
            this.learningRate = learningRate;
            if (!"sgd".equals(name) && !"adam".equals(name)) {
                throw new ModelSpecException(Code.UNSUPPORTED, "name", "must be sgd or adam, not " + quoted(name));
            }
            if (learningRate == null || learningRate.signum() <= 0 || learningRate.compareTo(BigDecimal.TEN) > 0) {
                throw new ModelSpecException(Code.OUT_OF_RANGE, "learningRate", "must be in (0, 10]");
            }
        }
    }

    /** Fractions of the joined rows held out for validation (per epoch) and test (final metrics). */
    public record Split(BigDecimal validation, BigDecimal test) {
        @JsonCreator
        public Split(
                @JsonProperty(value = "validation", required = true) BigDecimal validation,
                @JsonProperty(value = "test", required = true) BigDecimal test) {
            this.validation = validation;
            this.test = test;
            if (validation == null || validation.signum() <= 0) {
                throw new ModelSpecException(Code.OUT_OF_RANGE, "validation", "must be a positive fraction");
            }
            if (test == null || test.signum() <= 0) {
                throw new ModelSpecException(Code.OUT_OF_RANGE, "test", "must be a positive fraction");
            }
            if (validation.add(test).compareTo(new BigDecimal("0.9")) > 0) {
                throw new ModelSpecException(
                        Code.OUT_OF_RANGE, "validation", "validation + test must leave at least 10% for training");
            }
        }
    }

    /**
     * DP-SGD parameters the TDC asks for, each optional; the trainer uses them where they are
     * tighter than the contract's, and {@link ModelSpecValidator} refuses any that is looser.
     *
     * @param maxGradNorm the clipping norm C; at most the contract's
     * @param noiseMultiplier the noise multiplier sigma; at least the contract's
     */
    public record DpParameters(
            @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal maxGradNorm,
            @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal noiseMultiplier) {
        @JsonCreator
        public DpParameters(
                @JsonProperty("maxGradNorm") BigDecimal maxGradNorm,
                @JsonProperty("noiseMultiplier") BigDecimal noiseMultiplier) {
            this.maxGradNorm = maxGradNorm;
            this.noiseMultiplier = noiseMultiplier;
            if (maxGradNorm != null && maxGradNorm.signum() <= 0) {
                throw new ModelSpecException(Code.OUT_OF_RANGE, "maxGradNorm", "must be positive");
            }
            if (noiseMultiplier != null && noiseMultiplier.compareTo(new BigDecimal("0.3")) < 0) {
                throw new ModelSpecException(Code.OUT_OF_RANGE, "noiseMultiplier", "must be at least 0.3");
            }
        }
    }

    private void validate() {
        if (features == null || features.isEmpty()) {
            throw new ModelSpecException(Code.OUT_OF_RANGE, "features", "must name at least one column");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            if (f == null) {
                throw new ModelSpecException(Code.WRONG_TYPE, "features[" + i + "]", "must be an object, not null");
            }
            if (!seen.add(f.column())) {
                throw new ModelSpecException(
                        Code.DUPLICATE, "features[" + i + "].column", "names " + quoted(f.column()) + " twice");
            }
        }
        if (label == null) {
            throw new ModelSpecException(Code.MISSING_FIELD, "label", "is missing");
        }
        if (seen.contains(label.column())) {
            throw new ModelSpecException(
                    Code.DUPLICATE,
                    "label.column",
                    "the label column " + quoted(label.column()) + " is also a feature");
        }
        if (hiddenLayers == null) {
            throw new ModelSpecException(
                    Code.MISSING_FIELD, "hiddenLayers", "is missing (use [] for logistic regression)");
        }
        if (hiddenLayers.size() > MAX_HIDDEN_LAYERS) {
            throw new ModelSpecException(
                    Code.OUT_OF_RANGE,
                    "hiddenLayers",
                    "at most " + MAX_HIDDEN_LAYERS + " layers, not " + hiddenLayers.size());
        }
        for (int i = 0; i < hiddenLayers.size(); i++) {
            Integer width = hiddenLayers.get(i);
            if (width == null) {
                throw new ModelSpecException(
                        Code.UNSUPPORTED_LAYER,
                        "hiddenLayers[" + i + "]",
                        "a hidden layer is a dense layer's width, not null");
            }
            if (width < 1 || width > MAX_WIDTH) {
                throw new ModelSpecException(
                        Code.OUT_OF_RANGE, "hiddenLayers[" + i + "]", "width must be in [1, " + MAX_WIDTH + "]");
            }
        }
        if (!"relu".equals(activation) && !"tanh".equals(activation)) {
            throw new ModelSpecException(
                    Code.UNSUPPORTED, "activation", "must be relu or tanh, not " + quoted(activation));
        }
        if (optimizer == null) {
            throw new ModelSpecException(Code.MISSING_FIELD, "optimizer", "is missing");
        }
        if (batchSize < 1 || batchSize > 65536) {
            throw new ModelSpecException(Code.OUT_OF_RANGE, "batchSize", "must be in [1, 65536]");
        }
        if (epochs < 1 || epochs > 10000) {
            throw new ModelSpecException(Code.OUT_OF_RANGE, "epochs", "must be in [1, 10000]");
        }
        if (split == null) {
            throw new ModelSpecException(Code.MISSING_FIELD, "split", "is missing");
        }
        validateInitialWeights();
    }

    private void validateInitialWeights() {
        if (initialWeights != null && !FILE_NAME.matcher(initialWeights).matches()) {
            throw new ModelSpecException(
                    Code.OUT_OF_RANGE,
                    "initialWeights",
                    "must be a plain file name in the specification's directory (letters, digits, . _ -)");
        }
        if (initialWeights != null && initialWeightsSha256 == null) {
            throw new ModelSpecException(
                    Code.MISSING_FIELD, "initialWeightsSha256", "is required with initialWeights (the file's SHA-256)");
        }
        if (initialWeightsSha256 != null && initialWeights == null) {
            throw new ModelSpecException(Code.OUT_OF_RANGE, "initialWeightsSha256", "is only for initialWeights");
        }
        if (initialWeightsSha256 != null
                && !SHA256_HEX.matcher(initialWeightsSha256).matches()) {
            throw new ModelSpecException(
                    Code.OUT_OF_RANGE, "initialWeightsSha256", "must be 64 lower-case hexadecimal digits");
        }
    }

    /** Column names the joined table must provide: the features', then the label's. */
    public List<String> requiredColumns() {
        List<String> columns = new ArrayList<>();
        features.forEach(f -> columns.add(f.column()));
        columns.add(label.column());
        return columns;
    }

    static String quoted(String s) {
        return s == null ? "null" : "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
}
