package org.depa.audit.fabric;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.bundle.BundleException;
import org.depa.audit.replay.WriteReplay;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.Checks;
import org.depa.audit.report.Status;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Verifies a Fabric bundle offline, streaming block by block over the first export and comparing
 * the others with it as it goes: only the current config, the previous header hash, the
 * replayed endorsement policies and the ids of valid transactions are kept between blocks.
 */
public final class FabricAudit {
    /**
     * What the auditor brings to the verification.
     *
     * @param genesisHash the genesis block's header hash the auditor pinned (hex), or null
     * @param expectHead the last block's header hash recorded earlier (hex), or null
     * @param progress draw a progress bar on standard error when it is a terminal
     */
    /**
     * @param allowDevelopmentRoots {@code --allow-dev-root}: a ledger whose chaincode trusts a
     *     development (emulator) attestation root is still flagged, but does not fail the audit
     */
    public record Options(String genesisHash, String expectHead, boolean progress, boolean allowDevelopmentRoots) {
        public Options {
            genesisHash = hash("--genesis-hash", genesisHash);
            expectHead = hash("--expect-head", expectHead);
        }

        public Options(String genesisHash, String expectHead, boolean progress) {
            this(genesisHash, expectHead, progress, false);
        }

        private static String hash(String option, String value) {
            if (value == null) {
                return null;
            }
            String v = value.toLowerCase(Locale.ROOT);
            if (!v.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(option + " must be 64 hex digits (a SHA-256 header hash)");
            }
            return v;
        }
    }

    private FabricAudit() {}

    /** Runs every Fabric check of {@code bundle} into {@code report}; a bundle that cannot be read is a {@link BundleException}. */
    public static void run(Bundle bundle, Options options, AuditReport report, PrintStream progressOut) {
        run(bundle, options, report, progressOut, List.of());
    }

    /** As {@link #run(Bundle, Options, AuditReport, PrintStream)}, feeding each valid transaction's writes to {@code replays}. */
    public static void run(
            Bundle bundle, Options options, AuditReport report, PrintStream progressOut, List<WriteReplay> replays) {
        List<Path> files = bundle.exports().get(0).blockFiles(bundle.root());
        if (files.isEmpty()) {
            throw new BundleException("the export " + bundle.exports().get(0).directory() + " holds no block file");
        }
        for (var e : bundle.exports().subList(1, bundle.exports().size())) {
            e.blockFiles(bundle.root()); // fails early when a listed export is missing
        }
        List<WriteReplay> all = new java.util.ArrayList<>(replays);
        all.addAll(org.depa.audit.domain.DomainReplay.standard(bundle.channel(), options.allowDevelopmentRoots()));
        replays = List.copyOf(all);
        AuditContext ctx = new AuditContext(report, bundle.channel(), replays);
        BlockAuditor blocks = new BlockAuditor(ctx, options.genesisHash());
        PeerComparison peers = new PeerComparison(bundle, report);
        Progress progress = new Progress(progressOut, files.size(), options.progress());
        long done = 0;
        for (Path f : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new BundleException("cannot read " + f + ": " + e.getMessage(), e);
            }
            Block b = blocks.audit(f.getFileName().toString(), bytes);
            if (b != null) {
                peers.compare(b);
            }
            progress.update(++done, report.count(Status.FAIL));
            org.depa.audit.report.AuditStopped.ifInterrupted(f.getFileName().toString());
        }
        replays.forEach(r -> r.finish(report));
        String genesis = genesisHash(bundle);
        if (genesis != null) {
            report.anchor("genesis", genesis);
        }
        String head = blocks.head();
        String scope = "block " + (blocks.height() - 1);
        if (head != null) {
            report.anchor("head", head);
            report.anchor("height", Long.toString(blocks.height()));
        }
        if (options.expectHead() == null) {
            report.skip(
                    Checks.HEAD,
                    scope,
                    "no --expect-head given; the head is " + head + " at height " + blocks.height()
                            + ": record it to detect a truncation or rewrite later");
        } else {
            report.verdict(
                    Checks.HEAD,
                    scope,
                    options.expectHead().equals(head)
                            ? null
                            : "the last block's hash is " + head + " at height " + blocks.height()
                                    + ", not the recorded head " + options.expectHead()
                                    + " (the ledger was truncated, extended or rewritten)",
                    "the recorded head");
        }
    }

    /** The genesis block's header hash of an export (hex), for pinning; null when block 0 is absent or unreadable. */
    public static String genesisHash(Bundle bundle) {
        Path f = bundle.root().resolve(bundle.exports().get(0).directory()).resolve("000000000000.block");
        try {
            Block b = Block.parseFrom(Files.readAllBytes(f));
            return java.util.HexFormat.of().formatHex(BlockHashes.headerHash(b.getHeader()));
        } catch (IOException e) {
            return null;
        }
    }
}
