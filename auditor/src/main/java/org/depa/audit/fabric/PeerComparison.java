package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.bundle.Export;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.hyperledger.fabric.protos.common.Block;

/**
 * The other peers' exports against the first one, block by block as the audit goes: the same
 * header hash (so the same transactions, in the same order) and the same validation code for
 * every transaction. Peers validate independently, so a peer marking a transaction differently
 * is either faulty or its export was edited.
 */
final class PeerComparison {
    private final Bundle bundle;
    private final CheckSink sink;

    PeerComparison(Bundle bundle, CheckSink sink) {
        this.bundle = bundle;
        this.sink = sink;
    }

    void compare(Block primary) {
        long n = primary.getHeader().getNumber();
        String scope = "block " + n;
        Export first = bundle.exports().get(0);
        ByteString flags = BlockAuditor.flags(primary);
        if (flags.size() != primary.getData().getDataCount()) {
            sink.fail(
                    Checks.PEERS_FLAGS,
                    scope + " of " + first.directory(),
                    "the block has " + flags.size() + " validation codes for "
                            + primary.getData().getDataCount() + " transactions");
        }
        byte[] hash = BlockHashes.headerHash(primary.getHeader());
        for (Export other : bundle.exports().subList(1, bundle.exports().size())) {
            String where = scope + " of " + other.directory();
            Path file = bundle.root().resolve(other.directory()).resolve(Export.fileName(n));
            if (!Files.isRegularFile(file)) {
                if (other.height() >= 0 && n >= other.height()) {
                    sink.skip(Checks.PEERS_BLOCKS, where, "this export ends at height " + other.height());
                } else {
                    sink.fail(
                            Checks.PEERS_BLOCKS,
                            where,
                            "the export of " + other.mspId() + " has no block " + n + " although it reports height "
                                    + other.height());
                }
                continue;
            }
            Block b;
            try {
                b = Block.parseFrom(Files.readAllBytes(file));
            } catch (IOException e) {
                sink.fail(Checks.PEERS_BLOCKS, where, "cannot read " + file.getFileName() + ": " + e.getMessage());
                continue;
            }
            boolean same = b.getHeader().getNumber() == n
                    && Arrays.equals(hash, BlockHashes.headerHash(b.getHeader()))
                    && Arrays.equals(BlockHashes.dataHash(b.getData()), BlockHashes.dataHash(primary.getData()));
            sink.verdict(
                    Checks.PEERS_BLOCKS,
                    where,
                    same ? null : "the block from " + other.mspId() + "'s peer differs from " + first.mspId() + "'s",
                    "same header and data as " + first.directory());
            ByteString otherFlags = BlockAuditor.flags(b);
            String diff = null;
            if (!otherFlags.equals(flags)) {
                StringBuilder d = new StringBuilder();
                for (int i = 0; i < Math.max(flags.size(), otherFlags.size()); i++) {
                    int a = i < flags.size() ? flags.byteAt(i) & 0xff : 255;
                    int c = i < otherFlags.size() ? otherFlags.byteAt(i) & 0xff : 255;
                    if (a != c) {
                        d.append(d.length() == 0 ? "" : "; ")
                                .append("tx ")
                                .append(i)
                                .append(": ")
                                .append(first.mspId())
                                .append(" marked ")
                                .append(TxScope.flagName(a))
                                .append(", ")
                                .append(other.mspId())
                                .append(" marked ")
                                .append(TxScope.flagName(c));
                    }
                }
                diff = d.toString();
            }
            sink.verdict(Checks.PEERS_FLAGS, where, diff, "the same validation codes as " + first.directory());
        }
    }
}
