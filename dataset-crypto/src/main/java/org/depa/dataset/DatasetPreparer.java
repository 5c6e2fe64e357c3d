package org.depa.dataset;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies a {@link ColumnPolicy} to a CSV table with a header row: the TDP's last step before
 * encryption. A policy naming a column the table lacks is refused (a typo must not let an
 * identifier through), as is a row whose width differs from the header's.
 */
public final class DatasetPreparer {
    private final ColumnPolicy policy;
    private final Pseudonymiser pseudonymiser;

    /** {@code pseudonymiser} may be null only when the policy pseudonymises nothing. */
    public DatasetPreparer(ColumnPolicy policy, Pseudonymiser pseudonymiser) {
        this.policy = Objects.requireNonNull(policy, "policy");
        if (!policy.pseudonymise().isEmpty() && pseudonymiser == null) {
            throw new IllegalArgumentException("columns to pseudonymise but no pseudonym key");
        }
        this.pseudonymiser = pseudonymiser;
    }

    /** What preparation did. */
    public record Report(long rows, List<String> kept, List<String> dropped, List<String> pseudonymised) {}

    /** Prepares {@code in} into {@code out}; the output appears only when complete. */
    public Report prepare(Path in, Path out) throws IOException {
        Path partial = out.toAbsolutePath().resolveSibling(out.getFileName() + ".partial");
        try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8);
                BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            Report report = prepare(r, w);
            w.close();
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return report;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Prepares a table read from {@code in} (must support mark/reset) into {@code out}. */
    public Report prepare(Reader in, Writer out) throws IOException {
        Reader r = in.markSupported() ? in : new BufferedReader(in);
        List<String> header = Csv.readRecord(r);
        if (header == null) {
            throw new IOException("CSV: empty input, no header row");
        }
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        Set<String> seen = new HashSet<>();
        for (String h : header) {
            if (!seen.add(h)) {
                throw new IOException("CSV: duplicate column '" + h + "' in the header");
            }
        }
        Set<String> missing = new TreeSet<>(policy.drop());
        missing.addAll(policy.pseudonymise());
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("columns not in the table: " + missing);
        }
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<String> pseudonymised = new ArrayList<>();
        int[] action = new int[header.size()]; // 0 keep, 1 drop, 2 pseudonymise
        List<String> outHeader = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            if (policy.drop().contains(h)) {
                action[i] = 1;
                dropped.add(h);
                continue;
            }
            if (policy.pseudonymise().contains(h)) {
                action[i] = 2;
                pseudonymised.add(h);
            } else {
                kept.add(h);
            }
            outHeader.add(h);
        }
        Csv.writeRecord(out, outHeader);
        long rows = 0;
        List<String> row;
        List<String> outRow = new ArrayList<>(outHeader.size());
        while ((row = Csv.readRecord(r)) != null) {
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue; // blank line
            }
            rows++;
            if (row.size() != header.size()) {
                throw new IOException(
                        "CSV: row " + rows + " has " + row.size() + " fields, the header " + header.size());
            }
            outRow.clear();
            for (int i = 0; i < action.length; i++) {
                if (action[i] == 0) {
                    outRow.add(row.get(i));
                } else if (action[i] == 2) {
                    outRow.add(pseudonymiser.pseudonym(row.get(i)));
                }
            }
            Csv.writeRecord(out, outRow);
        }
        out.flush();
        return new Report(rows, List.copyOf(kept), List.copyOf(dropped), List.copyOf(pseudonymised));
    }
}
