package org.depa.audit.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.depa.audit.replay.CommittedTx;
import org.depa.audit.replay.WriteReplay;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/** A valid Fabric transaction's public writes to one namespace, handed to the domain replays. */
final class Replays {
    private Replays() {}

    static void feed(AuditContext ctx, TxScope tx, TxAuditor.Parsed p, String namespace, KVRWSet kv) {
        if (ctx.replays.isEmpty() || kv.getWritesCount() == 0) {
            return;
        }
        String msp;
        try {
            msp = SerializedIdentity.parseFrom(p.signatureHeader().getCreator()).getMspid();
        } catch (InvalidProtocolBufferException e) {
            msp = "";
        }
        var ts = p.channelHeader().getTimestamp();
        List<CommittedTx.Write> writes = kv.getWritesList().stream()
                .map(w -> new CommittedTx.Write(
                        w.getKey(), w.getValue().toString(StandardCharsets.UTF_8), w.getIsDelete()))
                .toList();
        CommittedTx c = new CommittedTx(
                tx.scope,
                tx.block,
                tx.index,
                p.channelHeader().getTxId(),
                Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos()),
                msp,
                namespace,
                writes);
        for (WriteReplay r : ctx.replays) {
            r.transaction(c, ctx.sink);
        }
    }
}
