package org.depa.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Set;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/** Reads which organisations endorsed a committed transaction, from the block that holds it. */
final class Endorsements {
    private Endorsements() {}

    static Set<String> endorsingMsps(byte[] blockBytes, String txId) throws InvalidProtocolBufferException {
        Block block = Block.parseFrom(blockBytes);
        for (com.google.protobuf.ByteString data : block.getData().getDataList()) {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(data).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (!header.getTxId().equals(txId)) {
                continue;
            }
            Set<String> msps = new TreeSet<>();
            Transaction tx = Transaction.parseFrom(payload.getData());
            for (TransactionAction action : tx.getActionsList()) {
                ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(action.getPayload());
                for (Endorsement e : cap.getAction().getEndorsementsList()) {
                    msps.add(SerializedIdentity.parseFrom(e.getEndorser()).getMspid());
                }
            }
            return msps;
        }
        throw new IllegalStateException("transaction " + txId + " is not in the block returned for it");
    }
}
