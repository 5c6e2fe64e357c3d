package org.depa.ccr.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The TDC's code-free description of the model: which columns are features and how to encode
 * them, the label, a multilayer perceptron's hidden layers, the optimiser and the schedule. Parsed
 * strictly by {@link ModelSpecs#parse(String)}: unknown fields, wrong types and out-of-range values
 * are refused, naming the field.
 *
 * @param features the inputs, each a column of the joined table with its encoding
 * @param label the binary label column and its positive value
 * @param hiddenLayers widths of the hidden layers (may be empty: logistic regression)
 * @param activation {@code relu} or {@code tanh}
 * @param optimizer {@code sgd} or {@code adam} with its learning rate
 * @param batchSize the expected batch size; DP-SGD samples each example with rate batchSize / N
 * @param epochs the number of passes (each N / batchSize steps); the contract may allow fewer
 * @param split validation and test fractions; the rest trains
 * @param seed seeds only non-secret choices: the split and the initial weights
 * @param initialWeights optional model file (this trainer's format) to start from, relative to the
 *     specification's directory
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
        String initialWeights) {

    /** Most one-hot inputs one categorical column may produce. */
    public static final int MAX_CATEGORIES = 256;

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
            @JsonProperty("initialWeights") String initialWeights) {
        this.features = features == null ? null : List.copyOf(features);
        this.label = label;
        this.hiddenLayers = hiddenLayers == null ? null : List.copyOf(hiddenLayers);
        this.activation = activation;
        this.optimizer = optimizer;
        this.batchSize = batchSize;
        this.epochs = epochs;
        this.split = split;
        this.seed = seed;
        this.initialWeights = initialWeights;
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

        @JsonCreator
        public static Feature of(
                @JsonProperty(value = "column", required = true) String column,
                @JsonProperty(value = "encoding", required = true) String encoding,
                @JsonProperty("values") List<String> values,
                @JsonProperty("center") BigDecimal center,
                @JsonProperty("scale") BigDecimal scale) {
            if (column == null || column.isBlank()) {
                throw new ModelSpecException("features[].column must not be empty");
            }
            if (encoding == null) {
                throw new ModelSpecException("features[" + column + "].encoding is missing");
            }
            Encoding e;
            try {
                e = Encoding.valueOf(encoding.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw new ModelSpecException("features[" + column
                        + "].encoding must be numeric, categorical or date, not " + quoted(encoding));
            }
            if (values != null) {
                if (e != Encoding.CATEGORICAL) {
                    throw new ModelSpecException("features[" + column + "].values is only for categorical columns");
                }
                if (values.isEmpty()
                        || values.size() > MAX_CATEGORIES
                        || values.stream().anyMatch(v -> v == null)) {
                    throw new ModelSpecException(
                            "features[" + column + "].values must list 1 to " + MAX_CATEGORIES + " non-null values");
                }
                if (new HashSet<>(values).size() != values.size()) {
                    throw new ModelSpecException("features[" + column + "].values lists a value twice");
                }
            }
            if (center != null || scale != null) {
                if (e != Encoding.NUMERIC) {
                    throw new ModelSpecException(
                            "features[" + column + "].center and scale are only for numeric columns");
                }
                if (center == null || scale == null || scale.signum() <= 0) {
                    throw new ModelSpecException(
                            "features[" + column + "].center and scale go together, and scale must be positive");
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
                throw new ModelSpecException("label.column must not be empty");
            }
            if (positive == null || positive.isEmpty()) {
                throw new ModelSpecException("label.positive must not be empty");
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
                throw new ModelSpecException("optimizer.name must be sgd or adam, not " + quoted(name));
            }
            if (learningRate == null || learningRate.signum() <= 0 || learningRate.compareTo(BigDecimal.TEN) > 0) {
                throw new ModelSpecException("optimizer.learningRate must be in (0, 10]");
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
            if (validation == null || validation.signum() <= 0 || test == null || test.signum() <= 0) {
                throw new ModelSpecException("split.validation and split.test must be positive fractions");
            }
            if (validation.add(test).compareTo(new BigDecimal("0.9")) > 0) {
                throw new ModelSpecException("split.validation + split.test must leave at least 10% for training");
            }
        }
    }

    private void validate() {
        if (features == null || features.isEmpty()) {
            throw new ModelSpecException("features must name at least one column");
        }
        Set<String> seen = new HashSet<>();
        for (Feature f : features) {
            if (f == null) {
                throw new ModelSpecException("features[] must not contain null");
            }
            if (!seen.add(f.column())) {
                throw new ModelSpecException("features names column " + quoted(f.column()) + " twice");
            }
        }
        if (label == null) {
            throw new ModelSpecException("label is missing");
        }
        if (seen.contains(label.column())) {
            throw new ModelSpecException("the label column " + quoted(label.column()) + " is also a feature");
        }
        if (hiddenLayers == null) {
            throw new ModelSpecException("hiddenLayers is missing (use [] for logistic regression)");
        }
        if (hiddenLayers.size() > 8) {
            throw new ModelSpecException("hiddenLayers: at most 8 layers");
        }
        for (Integer width : hiddenLayers) {
            if (width == null || width < 1 || width > 4096) {
                throw new ModelSpecException("hiddenLayers: each width must be in [1, 4096]");
            }
        }
        if (!"relu".equals(activation) && !"tanh".equals(activation)) {
            throw new ModelSpecException("activation must be relu or tanh, not " + quoted(activation));
        }
        if (optimizer == null) {
            throw new ModelSpecException("optimizer is missing");
        }
        if (batchSize < 1 || batchSize > 65536) {
            throw new ModelSpecException("batchSize must be in [1, 65536]");
        }
        if (epochs < 1 || epochs > 10000) {
            throw new ModelSpecException("epochs must be in [1, 10000]");
        }
        if (split == null) {
            throw new ModelSpecException("split is missing");
        }
        if (initialWeights != null && (initialWeights.isBlank() || initialWeights.contains(".."))) {
            throw new ModelSpecException("initialWeights must be a file name inside the specification's directory");
        }
    }

    /** Column names the joined table must provide. */
    public List<String> requiredColumns() {
        List<String> columns = new ArrayList<>();
        features.forEach(f -> columns.add(f.column()));
        columns.add(label.column());
        return columns;
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
}
