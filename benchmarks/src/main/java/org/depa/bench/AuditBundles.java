package org.depa.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.bundle.Export;
import org.depa.audit.fabric.FabricAudit;
import org.depa.audit.replay.CommittedTx;
import org.depa.audit.replay.WriteReplay;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.depa.audit.report.Status;

/**
 * What the audit benchmarks share: a bundle's prefix (its first blocks, a ledger as it was earlier,
 * so two sizes of one real ledger), one audit of it, and the bare signature verification the audit
 * is set against (ECDSA P-256 over 3,000 bytes, about an envelope's size).
 */
final class AuditBundles {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    /** What one audit did: the transactions it checked and whether any check failed. */
    record Audited(long transactions, long failures, long liveHeapAtEnd) {}

    private AuditBundles() {}

    /** The first {@code blocks} blocks of every export of {@code source}, as a bundle in {@code into}. */
    static Bundle prefix(Path source, int blocks, Path into) {
        Bundle b = Bundle.read(source);
        List<Export> exports = new ArrayList<>();
        try {
            for (Export e : b.exports()) {
                List<Path> files = e.blockFiles(b.root());
                if (files.size() < blocks) {
                    throw new IllegalArgumentException(source + " holds " + files.size() + " blocks in " + e.directory()
                            + ", fewer than " + blocks);
                }
                Path dir = Files.createDirectories(into.resolve(e.directory()));
                for (Path f : files.subList(0, blocks)) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
                exports.add(new Export(e.directory(), e.mspId(), e.peer(), blocks, e.exporter()));
            }
            Bundle out = new Bundle(into, b.ledger(), b.channel(), exports);
            out.write();
            return Bundle.read(into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One audit of {@code b}, its reports into {@code reports}. With {@code measureHeap}, the heap
     * still reachable when the last block has been checked (after a full GC, while the audit's state
     * is alive: a replay's end hook) is measured: what the audit keeps as the ledger grows.
     */
    static Audited audit(Bundle b, Path reports, boolean measureHeap) {
        long[] live = {-1};
        List<WriteReplay> probes = !measureHeap
                ? List.of()
                : List.of(new WriteReplay() {
                    @Override
                    public void transaction(CommittedTx tx, CheckSink sink) {}

                    @Override
                    public void finish(CheckSink sink) {
                        live[0] = liveHeap();
                    }
                });
        AuditReport r = new AuditReport(reports, "bench");
        try (r) {
            FabricAudit.run(b, new FabricAudit.Options(null, null, false, true), r, QUIET, probes);
        }
        long txs = 0;
        for (Status s : Status.values()) {
            txs += r.count(Checks.TX_SIGNATURE, s);
        }
        return new Audited(txs, r.count(Status.FAIL), live[0]);
    }

    static long liveHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** A key, a 3,000-byte message and its signature, for the bare verifications. */
    record Bare(KeyPair key, byte[] data, byte[] signature) {
        static Bare make() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair k = g.generateKeyPair();
                byte[] data = new byte[3000];
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(k.getPrivate());
                s.update(data);
                return new Bare(k, data, s.sign());
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean verify() {
            try {
                Signature v = Signature.getInstance("SHA256withECDSA");
                v.initVerify(key.getPublic());
                v.update(data);
                return v.verify(signature);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
