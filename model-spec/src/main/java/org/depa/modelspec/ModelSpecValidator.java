package org.depa.modelspec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.modelspec.ModelSpecException.Code;

/**
 * The one validator of a model specification, run by the TDC's CLI before it submits a job and by
 * the clean room before it trains: the spec is parsed strictly ({@link ModelSpecs}), then checked
 * against what the contract and its datasets allow. Every refusal is a {@link ModelSpecException}
 * naming the field's JSON path.
 *
 * <ul>
 *   <li>every feature and the label is a column of the joined table the datasets' schemas give
 *       ({@link DatasetColumns#joined});
 *   <li>the multilayer perceptron has at most {@value #MAX_PARAMETERS} trainable parameters,
 *       counting a categorical column without declared values at its most ({@value
 *       ModelSpec#MAX_CATEGORIES} inputs);
 *   <li>the epochs are at most the contract's, the spec's clipping norm at most the contract's and
 *       its noise multiplier at least the contract's.
 * </ul>
 */
public final class ModelSpecValidator {
    /** Most trainable parameters a model may have. */
    public static final long MAX_PARAMETERS = 4_000_000;

    private static final int LISTED_COLUMNS = 12;

    /**
     * What a spec is checked against. Either part may be null when the caller does not have it
     * (the CLI without a contract's terms); the clean room always gives both.
     *
     * @param datasets the contract's datasets in clause order, with their schemas' columns
     * @param limits the tightest of the contract's privacy limits ({@link PrivacyLimits#tightest})
     */
    public record Context(List<DatasetColumns> datasets, PrivacyConstraints limits) {
        public Context {
            datasets = datasets == null ? null : List.copyOf(datasets);
        }

        /**
         * The context a contract's terms give, with each dataset's registered record (for its
         * schema). A clause whose dataset is missing from {@code datasets}, or has no schema, is
         * refused: the columns cannot be checked.
         */
        public static Context of(ContractTerms terms, Map<String, Dataset> datasets) {
            Objects.requireNonNull(terms, "terms");
            Objects.requireNonNull(datasets, "datasets");
            List<DatasetColumns> tables = new ArrayList<>();
            for (DatasetClause clause : terms.datasets()) {
                Dataset d = datasets.get(clause.datasetId());
                if (d == null || d.schema() == null || d.schema().isEmpty()) {
                    throw new IllegalArgumentException(
                            "dataset " + clause.datasetId() + " of the contract has no registered schema");
                }
                tables.add(new DatasetColumns(
                        clause.datasetId(),
                        clause.joinColumn(),
                        d.schema().stream().map(SchemaField::name).toList()));
            }
            return new Context(tables, PrivacyLimits.tightest(terms.datasets()));
        }
    }

    private ModelSpecValidator() {}

    /** Parses {@code json} strictly and validates it; the first refusal is thrown. */
    public static ModelSpec check(String json, Context context) {
        ModelSpec spec = ModelSpecs.parse(json);
        validate(spec, context);
        return spec;
    }

    /** Throws the first of {@link #problems}, if any. */
    public static void validate(ModelSpec spec, Context context) {
        List<ModelSpecException> problems = problems(spec, context);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
    }

    /** Every refusal of {@code spec} in {@code context}, in the order of the spec's fields. */
    public static List<ModelSpecException> problems(ModelSpec spec, Context context) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(context, "context");
        List<ModelSpecException> problems = new ArrayList<>();
        if (context.datasets() != null) {
            columns(spec, context.datasets(), problems);
        }
        ModelSpecException size = parameterCount(spec);
        if (size != null) {
            problems.add(size);
        }
        if (context.limits() != null) {
            privacy(spec, context.limits(), problems);
        }
        return problems;
    }

    /** The most trainable parameters {@code spec} can have: a dense layer has in * out weights and out biases. */
    public static long maxParameters(ModelSpec spec) {
        long width =
                spec.features().stream().mapToLong(ModelSpec.Feature::maxInputs).sum();
        long total = 0;
        for (int w : spec.hiddenLayers()) {
            total += width * w + w;
            width = w;
        }
        return total + width + 1;
    }

    private static void columns(ModelSpec spec, List<DatasetColumns> datasets, List<ModelSpecException> problems) {
        List<String> joined = DatasetColumns.joined(datasets);
        Set<String> available = new HashSet<>(joined);
        for (int i = 0; i < spec.features().size(); i++) {
            String column = spec.features().get(i).column();
            if (!available.contains(column)) {
                problems.add(unknownColumn("features[" + i + "].column", column, datasets, joined));
            }
        }
        if (!available.contains(spec.label().column())) {
            problems.add(unknownColumn("label.column", spec.label().column(), datasets, joined));
        }
    }

    private static ModelSpecException unknownColumn(
            String field, String column, List<DatasetColumns> datasets, List<String> joined) {
        String quoted = ModelSpec.quoted(column);
        List<String> qualified = new ArrayList<>();
        for (DatasetColumns d : datasets) {
            if (column.equals(d.joinColumn())) {
                return new ModelSpecException(
                        Code.UNKNOWN_COLUMN,
                        field,
                        quoted + " is dataset " + d.datasetId() + "'s join column, which the joined table holds as "
                                + DatasetColumns.KEY_COLUMN + " and cannot be a feature or the label");
            }
            if (d.columns().contains(column)) {
                qualified.add(d.datasetId() + "." + column);
            }
        }
        if (!qualified.isEmpty()) {
            return new ModelSpecException(
                    Code.UNKNOWN_COLUMN,
                    field,
                    quoted + " occurs in several datasets; name one of " + String.join(", ", qualified));
        }
        List<String> listed = joined.subList(1, Math.min(joined.size(), LISTED_COLUMNS + 1));
        return new ModelSpecException(
                Code.UNKNOWN_COLUMN,
                field,
                quoted + " is not a column of the contract's datasets ("
                        + datasets.stream().map(DatasetColumns::datasetId).toList() + "; their columns: "
                        + String.join(", ", listed) + (joined.size() - 1 > LISTED_COLUMNS ? ", ..." : "") + ")");
    }

    private static ModelSpecException parameterCount(ModelSpec spec) {
        long count = maxParameters(spec);
        if (count <= MAX_PARAMETERS) {
            return null;
        }
        boolean undeclared = spec.features().stream()
                .anyMatch(f -> f.encoding() == ModelSpec.Encoding.CATEGORICAL && f.values() == null);
        return new ModelSpecException(
                Code.TOO_MANY_PARAMETERS,
                "hiddenLayers",
                "the model would have up to " + count + " trainable parameters; at most " + MAX_PARAMETERS
                        + (undeclared
                                ? " (a categorical feature without values counts " + ModelSpec.MAX_CATEGORIES
                                        + " inputs: declare its values)"
                                : ""));
    }

    private static void privacy(ModelSpec spec, PrivacyConstraints limits, List<ModelSpecException> problems) {
        if (limits.epochs() != null && spec.epochs() > limits.epochs()) {
            problems.add(new ModelSpecException(
                    Code.OUTSIDE_CONTRACT,
                    "epochs",
                    spec.epochs() + " is more than the contract's " + limits.epochs() + " epochs"));
        }
        ModelSpec.DpParameters dp = spec.dp();
        if (dp == null) {
            return;
        }
        if (dp.maxGradNorm() != null
                && limits.maxGradNorm() != null
                && dp.maxGradNorm().compareTo(limits.maxGradNorm()) > 0) {
            problems.add(new ModelSpecException(
                    Code.OUTSIDE_CONTRACT,
                    "dp.maxGradNorm",
                    dp.maxGradNorm().toPlainString() + " is above the contract's clipping norm "
                            + limits.maxGradNorm().toPlainString()));
        }
        if (dp.noiseMultiplier() != null
                && limits.noiseMultiplier() != null
                && dp.noiseMultiplier().compareTo(limits.noiseMultiplier()) < 0) {
            problems.add(new ModelSpecException(
                    Code.OUTSIDE_CONTRACT,
                    "dp.noiseMultiplier",
                    dp.noiseMultiplier().toPlainString() + " is below the contract's noise multiplier "
                            + limits.noiseMultiplier().toPlainString()));
        }
    }
}
