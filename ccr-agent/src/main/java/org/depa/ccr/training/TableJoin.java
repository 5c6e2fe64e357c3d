package org.depa.ccr.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.depa.modelspec.DatasetColumns;

/**
 * Inner join of the providers' tables on each one's declared key column.
 *
 * <p>Rules: every table must have its key column; a key cell must not be empty; a key must not
 * repeat within a table (a repeated key would silently multiply rows and with them one person's
 * influence on the model, which the privacy accounting assumes is one row). The result has one
 * column {@value #KEY_COLUMN}, then every other column of every table in table order; a column name
 * that occurs in more than one table is qualified as {@code table.column} in all of them. Rows are
 * ordered by key, so the result does not depend on the providers' row order.
 */
public final class TableJoin {
    /** Name of the join key column in the joined table. */
    public static final String KEY_COLUMN = DatasetColumns.KEY_COLUMN;

    /** A provider's table and the column it joins on. */
    public record KeyedTable(Table table, String keyColumn) {
        public KeyedTable {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(keyColumn, "keyColumn");
        }
    }

    private TableJoin() {}

    /** Joins {@code tables}; the result is named {@code name}. */
    public static Table inner(String name, List<KeyedTable> tables) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tables, "tables");
        if (tables.isEmpty()) {
            throw new TableException("nothing to join: no tables");
        }
        Set<String> names = new HashSet<>();
        List<Map<String, Integer>> rowByKey = new ArrayList<>();
        for (KeyedTable kt : tables) {
            Table t = kt.table();
            if (!names.add(t.name())) {
                throw new TableException("two tables are named " + t.name());
            }
            int key = t.columnIndex(kt.keyColumn());
            Map<String, Integer> byKey = new HashMap<>();
            int duplicates = 0;
            for (int r = 0; r < t.size(); r++) {
                String k = t.row(r).get(key);
                if (k.isEmpty()) {
                    throw new TableException(
                            "table " + t.name() + ": row " + (r + 1) + " has an empty key " + kt.keyColumn());
                }
                if (byKey.putIfAbsent(k, r) != null) {
                    duplicates++;
                }
            }
            if (duplicates > 0) {
                throw new TableException("table " + t.name() + ": " + duplicates + " rows repeat a key in "
                        + kt.keyColumn() + "; one row per person is required");
            }
            rowByKey.add(byKey);
        }
        List<DatasetColumns> schemas = new ArrayList<>();
        for (KeyedTable kt : tables) {
            schemas.add(new DatasetColumns(
                    kt.table().name(), kt.keyColumn(), kt.table().columns()));
        }
        // The naming rule the model-spec validator checks the spec's columns against.
        List<String> columns = DatasetColumns.joined(schemas);
        // Keys present in every table, in key order.
        TreeMap<String, Integer> common = new TreeMap<>(rowByKey.get(0));
        for (int t = 1; t < rowByKey.size(); t++) {
            common.keySet().retainAll(rowByKey.get(t).keySet());
        }
        List<List<String>> rows = new ArrayList<>(common.size());
        for (String k : common.keySet()) {
            List<String> row = new ArrayList<>(columns.size());
            row.add(k);
            for (int t = 0; t < tables.size(); t++) {
                KeyedTable kt = tables.get(t);
                List<String> source = kt.table().row(rowByKey.get(t).get(k));
                int key = kt.table().columnIndex(kt.keyColumn());
                for (int c = 0; c < source.size(); c++) {
                    if (c != key) {
                        row.add(source.get(c));
                    }
                }
            }
            rows.add(row);
        }
        return new Table(name, columns, rows);
    }
}
