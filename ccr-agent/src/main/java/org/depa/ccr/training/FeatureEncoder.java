package org.depa.ccr.training;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.depa.modelspec.ModelSpec;
import org.depa.modelspec.ModelSpecException;

/**
 * Turns the joined table's text cells into model inputs as the specification says, with statistics
 * fitted on the training split only (so validation and test rows do not leak into the encoding).
 *
 * @param columns one entry per feature, in specification order
 */
public record FeatureEncoder(List<Column> columns, String labelColumn, String positive) {

    private static final Set<String> MISSING = Set.of("", "na", "nan", "null", "?");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-uuuu", Locale.ROOT);

    public FeatureEncoder {
        columns = List.copyOf(columns);
    }

    /**
     * The encoding of one column: for numeric and date, center and scale (inputs are
     * (value - center) / scale, 0 when missing); for categorical, the category list (one input each).
     * {@code fittedOnPrivateData} says whether the categories came from the training rows.
     */
    public record Column(
            String name,
            ModelSpec.Encoding encoding,
            double center,
            double scale,
            List<String> categories,
            boolean fittedOnPrivateData) {
        public Column {
            categories = categories == null ? List.of() : List.copyOf(categories);
        }

        int width() {
            return encoding == ModelSpec.Encoding.CATEGORICAL ? categories.size() : 1;
        }
    }

    /** Fits the encoding on {@code trainRows} of {@code table}. */
    static FeatureEncoder fit(Table table, ModelSpec spec, int[] trainRows) {
        List<Column> cols = new ArrayList<>();
        for (ModelSpec.Feature f : spec.features()) {
            int c = table.columnIndex(f.column());
            switch (f.encoding()) {
                case NUMERIC, DATE -> {
                    if (f.center() != null) {
                        cols.add(new Column(
                                f.column(),
                                f.encoding(),
                                f.center().doubleValue(),
                                f.scale().doubleValue(),
                                List.of(),
                                false));
                        continue;
                    }
                    double sum = 0;
                    double sumSq = 0;
                    int n = 0;
                    for (int r : trainRows) {
                        double v = parse(table, r, c, f);
                        if (!Double.isNaN(v)) {
                            sum += v;
                            sumSq += v * v;
                            n++;
                        }
                    }
                    double mean = n == 0 ? 0 : sum / n;
                    double var = n == 0 ? 0 : Math.max(0, sumSq / n - mean * mean);
                    double sd = Math.sqrt(var);
                    cols.add(new Column(f.column(), f.encoding(), mean, sd > 1e-12 ? sd : 1, List.of(), true));
                }
                case CATEGORICAL -> {
                    if (f.values() != null) {
                        cols.add(new Column(f.column(), f.encoding(), 0, 1, f.values(), false));
                    } else {
                        TreeSet<String> seen = new TreeSet<>();
                        for (int r : trainRows) {
                            seen.add(table.row(r).get(c));
                        }
                        if (seen.size() > ModelSpec.MAX_CATEGORIES) {
                            throw new ModelSpecException(
                                    ModelSpecException.Code.OUT_OF_RANGE,
                                    "features[" + spec.features().indexOf(f) + "]",
                                    "column " + f.column() + " has more than " + ModelSpec.MAX_CATEGORIES
                                            + " distinct values; is it an identifier?");
                        }
                        cols.add(new Column(f.column(), f.encoding(), 0, 1, List.copyOf(seen), true));
                    }
                }
            }
        }
        table.columnIndex(spec.label().column());
        return new FeatureEncoder(cols, spec.label().column(), spec.label().positive());
    }

    /** Number of model inputs. */
    public int width() {
        return columns.stream().mapToInt(Column::width).sum();
    }

    /** Encodes {@code rows} of {@code table}. */
    Matrix encode(Table table, int[] rows) {
        int w = width();
        float[] x = new float[rows.length * w];
        float[] y = new float[rows.length];
        int[] idx = new int[columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            idx[j] = table.columnIndex(columns.get(j).name());
        }
        int labelIdx = table.columnIndex(labelColumn);
        for (int i = 0; i < rows.length; i++) {
            List<String> row = table.row(rows[i]);
            int off = i * w;
            for (int j = 0; j < columns.size(); j++) {
                Column col = columns.get(j);
                if (col.encoding() == ModelSpec.Encoding.CATEGORICAL) {
                    int k = col.categories().indexOf(row.get(idx[j]));
                    if (k >= 0) {
                        x[off + k] = 1f;
                    }
                } else {
                    double v = parseCell(row.get(idx[j]), col.encoding(), table.name(), col.name(), rows[i]);
                    x[off] = Double.isNaN(v) ? 0f : (float) ((v - col.center()) / col.scale());
                }
                off += col.width();
            }
            String label = row.get(labelIdx);
            if (isMissing(label)) {
                throw new TableException(
                        "table " + table.name() + ": row " + (rows[i] + 1) + " has no label in " + labelColumn);
            }
            y[i] = label.equals(positive) ? 1f : 0f;
        }
        return new Matrix(x, y, rows.length, w);
    }

    /** Names of the model inputs, for the report and the model file. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (Column c : columns) {
            if (c.encoding() == ModelSpec.Encoding.CATEGORICAL) {
                c.categories().forEach(v -> names.add(c.name() + "=" + v));
            } else {
                names.add(c.name());
            }
        }
        return names;
    }

    private static double parse(Table t, int r, int c, ModelSpec.Feature f) {
        return parseCell(t.row(r).get(c), f.encoding(), t.name(), f.column(), r);
    }

    static boolean isMissing(String cell) {
        return MISSING.contains(cell.trim().toLowerCase(Locale.ROOT));
    }

    /** The cell's number, NaN when missing. Errors name the column and row, never the value. */
    static double parseCell(String cell, ModelSpec.Encoding enc, String table, String column, int row) {
        if (isMissing(cell)) {
            return Double.NaN;
        }
        try {
            if (enc == ModelSpec.Encoding.DATE) {
                return LocalDate.parse(cell.trim(), DATE).toEpochDay();
            }
            double v = Double.parseDouble(cell.trim());
            if (Double.isInfinite(v) || Double.isNaN(v)) {
                throw new NumberFormatException("not finite");
            }
            return v;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new TableException("table " + table + ": row " + (row + 1) + " column " + column + " is not a "
                    + (enc == ModelSpec.Encoding.DATE ? "dd-MM-yyyy date" : "number"));
        }
    }
}
