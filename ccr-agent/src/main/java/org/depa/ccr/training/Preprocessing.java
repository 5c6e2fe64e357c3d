package org.depa.ccr.training;

import java.util.Objects;
import org.depa.modelspec.ModelSpec;

/** Deterministic split of the joined table and its encoding. */
final class Preprocessing {
    private Preprocessing() {}

    /** The three splits, encoded with statistics of the training split. */
    record Prepared(FeatureEncoder encoder, Matrix train, Matrix validation, Matrix test) {}

    static Prepared prepare(Table joined, ModelSpec spec) {
        Objects.requireNonNull(joined, "joined");
        Objects.requireNonNull(spec, "spec");
        for (String c : spec.requiredColumns()) {
            joined.columnIndex(c);
        }
        int[][] split = split(
                joined,
                spec.split().validation().doubleValue(),
                spec.split().test().doubleValue(),
                spec.seed());
        if (split[0].length < 2 || split[1].length < 1 || split[2].length < 1) {
            throw new TableException("table " + joined.name() + " has too few rows (" + joined.size() + ") to split");
        }
        FeatureEncoder enc = FeatureEncoder.fit(joined, spec, split[0]);
        return new Prepared(
                enc, enc.encode(joined, split[0]), enc.encode(joined, split[1]), enc.encode(joined, split[2]));
    }

    /**
     * Row indices of train, validation and test. Each row's part depends only on its own join key
     * (or, without a join key column, its cells) and the specification's public seed: a SHA-256
     * of both, read as a uniform number in [0, 1), falls below test, below test + validation, or
     * above. So adding or removing one person never moves anyone else between training and
     * held-out data, which the DP guarantee (neighbouring training sets differ in one row) needs;
     * a shuffled permutation would not have that property. The parts' sizes are close to, not
     * exactly, the fractions.
     */
    static int[][] split(Table table, double validation, double test, long seed) {
        int keyColumn = table.hasColumn(TableJoin.KEY_COLUMN) ? table.columnIndex(TableJoin.KEY_COLUMN) : -1;
        java.util.List<Integer> tr = new java.util.ArrayList<>();
        java.util.List<Integer> va = new java.util.ArrayList<>();
        java.util.List<Integer> te = new java.util.ArrayList<>();
        for (int r = 0; r < table.size(); r++) {
            String identity = keyColumn >= 0 ? table.row(r).get(keyColumn) : String.join("\u0000", table.row(r));
            double u = uniform(seed, identity);
            (u < test ? te : u < test + validation ? va : tr).add(r);
        }
        return new int[][] {toArray(tr), toArray(va), toArray(te)};
    }

    static double uniform(long seed, String identity) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(java.nio.ByteBuffer.allocate(8).putLong(seed).array());
            md.update(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long bits = java.nio.ByteBuffer.wrap(md.digest()).getLong();
            return (bits >>> 11) * 0x1.0p-53;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[] toArray(java.util.List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
