package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.depa.audit.report.Checks;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;

/**
 * The checks on one envelope: canonical encoding, id, creator, signature; endorser transactions
 * then go to {@link EndorsementAuditor}. Returns the parsed envelope so the block auditor can
 * read a config transaction.
 */
final class TxAuditor {
    /** A parsed envelope: what the checks after this one need. */
    record Parsed(Envelope envelope, Payload payload, ChannelHeader channelHeader, SignatureHeader signatureHeader) {}

    private final AuditContext ctx;
    private final EndorsementAuditor endorsements;

    TxAuditor(AuditContext ctx) {
        this.ctx = ctx;
        this.endorsements = new EndorsementAuditor(ctx);
    }

    Parsed audit(long block, int index, ByteString bytes, int flag) {
        TxScope tx = new TxScope(ctx.sink, block, index, "block " + block + " tx " + index, flag);
        Parsed p;
        List<String> canonical = new ArrayList<>();
        try {
            Envelope env = Envelope.parseFrom(bytes);
            add(canonical, Canonical.problem("the envelope", env, bytes));
            Payload payload = Payload.parseFrom(env.getPayload());
            add(canonical, Canonical.problem("the payload", payload, env.getPayload()));
            ChannelHeader ch = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            add(
                    canonical,
                    Canonical.problem(
                            "the channel header", ch, payload.getHeader().getChannelHeader()));
            SignatureHeader sh = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
            add(
                    canonical,
                    Canonical.problem(
                            "the signature header", sh, payload.getHeader().getSignatureHeader()));
            p = new Parsed(env, payload, ch, sh);
        } catch (InvalidProtocolBufferException e) {
            tx.verdict(Checks.TX_CANONICAL, "the envelope cannot be parsed: " + e.getMessage(), null);
            return null;
        }
        String txId = p.channelHeader().getTxId();
        tx = new TxScope(ctx.sink, block, index, tx.scope + (txId.isEmpty() ? "" : " (" + txId + ")"), flag);
        int type = p.channelHeader().getType();
        boolean genesis = block == 0 && type == HeaderType.CONFIG_VALUE;
        if (type == HeaderType.ENDORSER_TRANSACTION_VALUE) {
            endorsements.audit(tx, p, canonical);
        } else if (type != HeaderType.CONFIG_VALUE) {
            canonical.add("header type " + type + " is neither an endorser nor a config transaction");
        }
        tx.verdict(
                Checks.TX_CANONICAL,
                canonical.isEmpty() ? null : String.join("; ", canonical),
                "every message re-marshals to its bytes");
        if (genesis) {
            String why = "the genesis block is the trust anchor: it is pinned by its hash, not signed";
            tx.skip(Checks.TX_ID, why);
            tx.skip(Checks.TX_CREATOR, why);
            tx.skip(Checks.TX_SIGNATURE, why);
            return p;
        }
        id(tx, p, type);
        creatorAndSignature(tx, p);
        return p;
    }

    private void id(TxScope tx, Parsed p, int type) {
        String problem = null;
        if (!ctx.channel.equals(p.channelHeader().getChannelId())) {
            problem = "the header names channel '" + p.channelHeader().getChannelId() + "', not " + ctx.channel;
        } else if (type == HeaderType.CONFIG_VALUE) {
            tx.verdict(
                    Checks.TX_ID,
                    null,
                    "config transaction of channel " + ctx.channel + " (config transactions carry no id)");
            return;
        } else {
            byte[] expected = BlockHashes.sha256(
                    p.signatureHeader().getNonce().toByteArray(),
                    p.signatureHeader().getCreator().toByteArray());
            String hex = HexFormat.of().formatHex(expected);
            if (!hex.equals(p.channelHeader().getTxId())) {
                problem = "the transaction id is not SHA-256(nonce || creator) = " + hex;
            } else if (tx.valid() && !ctx.validTxIds.add(ByteString.copyFrom(expected))) {
                problem = "a transaction with this id was already marked valid earlier (a replay)";
            }
        }
        tx.verdict(Checks.TX_ID, problem, "SHA-256(nonce || creator), first valid use");
    }

    private void creatorAndSignature(TxScope tx, Parsed p) {
        Identity creator;
        try {
            creator = ctx.config.identify(p.signatureHeader().getCreator());
        } catch (Msp.MspException e) {
            tx.verdict(Checks.TX_CREATOR, e.getMessage(), null);
            tx.verdict(
                    Checks.TX_SIGNATURE, "the creator is not a valid identity, so its signature proves nothing", null);
            return;
        }
        Instant at = Instant.ofEpochSecond(
                p.channelHeader().getTimestamp().getSeconds(),
                p.channelHeader().getTimestamp().getNanos());
        X509Certificate cert = creator.certificate();
        String problem = null;
        if (at.isAfter(cert.getNotAfter().toInstant())
                || at.isBefore(cert.getNotBefore().toInstant())) {
            problem = "the creator's certificate is not valid at the transaction's time " + at + " (valid "
                    + cert.getNotBefore().toInstant() + " to "
                    + cert.getNotAfter().toInstant() + ")";
        }
        tx.verdict(
                Checks.TX_CREATOR,
                problem,
                creator.describe() + " under the config of block " + ctx.config.blockNumber);
        tx.verdict(
                Checks.TX_SIGNATURE,
                Signatures.check(
                        cert.getPublicKey(),
                        p.envelope().getPayload().toByteArray(),
                        p.envelope().getSignature().toByteArray()),
                "signed by " + creator.mspId());
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }
}
