package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import java.util.HexFormat;
import org.depa.audit.bundle.Export;
import org.depa.audit.report.Checks;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;

/**
 * The block-level checks, one block at a time, in order: number, hash chain (from the pinned
 * genesis hash), data hash, orderer signatures under the governing config; then each envelope
 * ({@link TxAuditor}) and, for a config block, the update's authorisation
 * ({@link ConfigUpdateAuditor}) before its config starts to govern.
 */
final class BlockAuditor {
    private static final HexFormat HEX = HexFormat.of();
    private final AuditContext ctx;
    private final TxAuditor txs;
    private final String genesisHash;
    private long expected;
    private byte[] previousHash;
    private long height;

    BlockAuditor(AuditContext ctx, String genesisHash) {
        this.ctx = ctx;
        this.txs = new TxAuditor(ctx);
        this.genesisHash = genesisHash;
    }

    /** The last block's header hash (hex), or null when it could not be read. */
    String head() {
        return previousHash == null ? null : HEX.formatHex(previousHash);
    }

    long height() {
        return height;
    }

    /** Audits one block file; returns the parsed block, or null when it is not a block. */
    Block audit(String fileName, byte[] bytes) {
        Block block;
        try {
            block = Block.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            ctx.sink.fail(
                    Checks.BLOCK_SEQUENCE, "file " + fileName, "the file is not a Fabric block: " + e.getMessage());
            previousHash = null;
            expected++;
            return null;
        }
        long n = block.getHeader().getNumber();
        String scope = "block " + n;
        String seq = null;
        if (n != expected) {
            seq = "block " + n + " is where block " + expected
                    + " should be (a block is missing, added or out of order)";
        } else if (!fileName.equals(Export.fileName(n))) {
            seq = "block " + n + " is in file " + fileName;
        }
        ctx.sink.verdict(Checks.BLOCK_SEQUENCE, scope, seq, "number " + n);
        expected = n + 1;
        height = Math.max(height, n + 1);
        byte[] hash = BlockHashes.headerHash(block.getHeader());
        chain(block, scope, hash);
        byte[] data = BlockHashes.dataHash(block.getData());
        ctx.sink.verdict(
                Checks.DATA_HASH,
                scope,
                Arrays.equals(data, block.getHeader().getDataHash().toByteArray())
                        ? null
                        : "the header's data_hash is "
                                + HEX.formatHex(block.getHeader().getDataHash().toByteArray())
                                + " but the transactions hash to " + HEX.formatHex(data),
                block.getData().getDataCount() + " transaction(s)");
        ConfigEnvelope config = configOf(block);
        orderers(block, scope, config != null);
        ByteString flags = flags(block);
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            int flag = i < flags.size() ? flags.byteAt(i) & 0xff : 255;
            if (ctx.config == null && !(n == 0 && config != null)) {
                ctx.sink.fail(Checks.TX_CREATOR, scope + " tx " + i, "no config block precedes this transaction");
                continue;
            }
            txs.audit(n, i, block.getData().getData(i), flag);
        }
        if (config != null) {
            applyConfig(block, config, scope);
        }
        previousHash = hash;
        return block;
    }

    private void chain(Block block, String scope, byte[] hash) {
        byte[] prev = block.getHeader().getPreviousHash().toByteArray();
        long n = block.getHeader().getNumber();
        if (n == 0) {
            String hex = HEX.formatHex(hash);
            ctx.sink.verdict(
                    Checks.HASH_CHAIN,
                    scope,
                    prev.length == 0 ? null : "the genesis block has a previous hash",
                    "genesis");
            if (genesisHash == null) {
                ctx.sink.skip(
                        Checks.TRUST_ANCHOR,
                        scope,
                        "no --genesis-hash given; this ledger's genesis hash is " + hex
                                + ": pin it and give it to later audits");
            } else {
                ctx.sink.verdict(
                        Checks.TRUST_ANCHOR,
                        scope,
                        genesisHash.equalsIgnoreCase(hex)
                                ? null
                                : "the genesis hash is " + hex + ", not the pinned " + genesisHash,
                        "genesis hash " + hex + " as pinned");
            }
            return;
        }
        String problem = null;
        if (previousHash == null) {
            problem = "the block before could not be read, so the chain cannot be followed";
        } else if (!Arrays.equals(prev, previousHash)) {
            problem = "previous_hash is " + HEX.formatHex(prev) + " but the block before hashes to "
                    + HEX.formatHex(previousHash);
        }
        ctx.sink.verdict(
                Checks.HASH_CHAIN,
                scope,
                problem,
                "links to " + (previousHash == null ? "" : HEX.formatHex(previousHash)));
    }

    private void orderers(Block block, String scope, boolean isConfig) {
        if (block.getHeader().getNumber() == 0) {
            ctx.sink.skip(
                    Checks.ORDERER_SIGNATURES, scope, "the genesis block is not signed; it is pinned by its hash");
            return;
        }
        if (ctx.config == null) {
            ctx.sink.fail(Checks.ORDERER_SIGNATURES, scope, "no config block precedes this block");
            return;
        }
        StringBuilder details = new StringBuilder();
        String problem = OrdererSignatures.check(block, ctx.config, isConfig, details);
        ctx.sink.verdict(Checks.ORDERER_SIGNATURES, scope, problem, details.toString());
    }

    private void applyConfig(Block block, ConfigEnvelope config, String scope) {
        long n = block.getHeader().getNumber();
        if (ctx.config == null) {
            ctx.sink.skip(Checks.CONFIG_UPDATE, scope, "the genesis config: pinned by the trust anchor, not an update");
        } else {
            StringBuilder details = new StringBuilder();
            try {
                org.hyperledger.fabric.protos.common.Payload p = org.hyperledger.fabric.protos.common.Payload.parseFrom(
                        org.hyperledger.fabric.protos.common.Envelope.parseFrom(
                                        block.getData().getData(0))
                                .getPayload());
                String problem = new ConfigUpdateAuditor(ctx.config).check(p, ctx.channel, details);
                ctx.sink.verdict(Checks.CONFIG_UPDATE, scope, problem, details.toString());
            } catch (InvalidProtocolBufferException e) {
                ctx.sink.fail(Checks.CONFIG_UPDATE, scope, "the config transaction cannot be parsed");
            }
        }
        try {
            ctx.config = new ChannelConfig(n, config.getConfig());
        } catch (ChannelConfig.InvalidConfigException e) {
            ctx.sink.fail(
                    Checks.CONFIG_UPDATE,
                    scope,
                    "the config cannot be used: " + e.getMessage() + "; the previous config keeps governing");
        }
    }

    /** The config envelope when this is a config block (one CONFIG envelope), else null. */
    static ConfigEnvelope configOf(Block block) {
        if (block.getData().getDataCount() != 1) {
            return null;
        }
        try {
            var env = org.hyperledger.fabric.protos.common.Envelope.parseFrom(
                    block.getData().getData(0));
            var payload = org.hyperledger.fabric.protos.common.Payload.parseFrom(env.getPayload());
            var ch = org.hyperledger.fabric.protos.common.ChannelHeader.parseFrom(
                    payload.getHeader().getChannelHeader());
            if (ch.getType() != org.hyperledger.fabric.protos.common.HeaderType.CONFIG_VALUE) {
                return null;
            }
            return ConfigEnvelope.parseFrom(payload.getData());
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    /** The peer's validation codes, one byte per transaction (empty when absent). */
    static ByteString flags(Block block) {
        if (block.getMetadata().getMetadataCount() <= BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) {
            return ByteString.EMPTY;
        }
        return block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE);
    }
}
