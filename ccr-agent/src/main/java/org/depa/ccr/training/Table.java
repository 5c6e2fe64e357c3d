package org.depa.ccr.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table of text cells with named columns: one provider's decrypted data or the join of several.
 * Cells stay text until preprocessing decides, per the model specification, what they mean.
 */
public final class Table {
    private final String name;
    private final List<String> columns;
    private final Map<String, Integer> index;
    private final List<List<String>> rows;

    /**
     * @throws TableException on duplicate or empty column names, or a row of the wrong width
     */
    public Table(String name, List<String> columns, List<List<String>> rows) {
        this.name = Objects.requireNonNull(name, "name");
        this.columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        Objects.requireNonNull(rows, "rows");
        this.index = new HashMap<>();
        for (int i = 0; i < this.columns.size(); i++) {
            String c = this.columns.get(i);
            if (c.isEmpty()) {
                throw new TableException("table " + name + ": column " + (i + 1) + " has no name");
            }
            if (index.put(c, i) != null) {
                throw new TableException("table " + name + ": column " + c + " appears twice");
            }
        }
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() != this.columns.size()) {
                throw new TableException("table " + name + ": row " + (r + 1) + " has " + row.size()
                        + " cells, the header " + this.columns.size());
            }
            copy.add(List.copyOf(row));
        }
        this.rows = List.copyOf(copy);
    }

    /** Reads an RFC 4180 CSV file (header line, optional double quotes) as a table. */
    public static Table readCsv(String name, Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return parseCsv(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TableException("table " + name + ": cannot read " + file.getFileName() + ": " + e.getMessage());
        }
    }

    /** Parses CSV text (see {@link #readCsv}). */
    public static Table parseCsv(String name, String text) {
        Objects.requireNonNull(text, "text");
        List<List<String>> records = Csv.parse(text, name);
        if (records.isEmpty()) {
            throw new TableException("table " + name + ": no header line");
        }
        return new Table(name, records.get(0), records.subList(1, records.size()));
    }

    public String name() {
        return name;
    }

    public List<String> columns() {
        return columns;
    }

    public int size() {
        return rows.size();
    }

    public List<String> row(int r) {
        return rows.get(r);
    }

    public boolean hasColumn(String column) {
        return index.containsKey(column);
    }

    /** The position of {@code column}, or a {@link TableException} naming it. */
    public int columnIndex(String column) {
        Integer i = index.get(column);
        if (i == null) {
            throw new TableException("table " + name + " has no column " + column);
        }
        return i;
    }

    public String cell(int row, String column) {
        return rows.get(row).get(columnIndex(column));
    }
}
