package org.depa.modelspec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One dataset's columns as the joined table sees them: its id (the table's name), its join column
 * and its schema's column names.
 */
public record DatasetColumns(String datasetId, String joinColumn, List<String> columns) {
    /** Name of the join key column in the joined table. */
    public static final String KEY_COLUMN = "join_key";

    public DatasetColumns {
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(joinColumn, "joinColumn");
        columns = List.copyOf(columns);
    }

    /**
     * The joined table's column names, the one rule the trainer's join ({@code TableJoin}) and this
     * validator share: {@value #KEY_COLUMN} first, then every other column of every table in table
     * order; a name that occurs in more than one table is qualified as {@code datasetId.column} in
     * all of them.
     */
    public static List<String> joined(List<DatasetColumns> tables) {
        Map<String, Integer> count = new HashMap<>();
        for (DatasetColumns t : tables) {
            for (String c : t.columns()) {
                if (!c.equals(t.joinColumn())) {
                    count.merge(c, 1, Integer::sum);
                }
            }
        }
        List<String> names = new ArrayList<>();
        names.add(KEY_COLUMN);
        for (DatasetColumns t : tables) {
            for (String c : t.columns()) {
                if (!c.equals(t.joinColumn())) {
                    names.add(count.get(c) > 1 ? t.datasetId() + "." + c : c);
                }
            }
        }
        return names;
    }
}
