package org.depa.dataset;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a TDP does to each direct identifier before its table leaves its hands: drop it, or
 * replace it by a keyed pseudonym (the join column). Columns named in neither set are kept.
 */
public record ColumnPolicy(Set<String> drop, Set<String> pseudonymise) {
    public ColumnPolicy {
        drop = Set.copyOf(Objects.requireNonNull(drop, "drop"));
        pseudonymise = Set.copyOf(Objects.requireNonNull(pseudonymise, "pseudonymise"));
        Set<String> both = new TreeSet<>(drop);
        both.retainAll(pseudonymise);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("columns both dropped and pseudonymised: " + both);
        }
    }
}
