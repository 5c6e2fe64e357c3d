package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.depa.audit.bundle.Export;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.Transaction;

/**
 * What a hostile holder of the ledger can do to an export: edit a block, and "reseal" the chain
 * after it (recompute the data hash and every later previous_hash), which leaves only what needs
 * a key it does not have: the orderers', the creators' and the endorsers' signatures.
 */
final class Tamper {
    static final String PRIMARY = "SROMSP-peer0";

    private final Path bundle;

    Tamper(Path bundle) {
        this.bundle = bundle;
    }

    Path file(String export, long n) {
        return bundle.resolve(export).resolve(Export.fileName(n));
    }

    Block read(long n) {
        return read(PRIMARY, n);
    }

    Block read(String export, long n) {
        try {
            return Block.parseFrom(Files.readAllBytes(file(export, n)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(String export, Block b) {
        try {
            Files.write(file(export, b.getHeader().getNumber()), b.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces block n's transaction tx in every export and reseals the chains. */
    void editTx(long n, int tx, UnaryOperator<ByteString> edit) {
        for (String export : exports()) {
            Block b = read(export, n);
            Block.Builder nb = b.toBuilder();
            nb.getDataBuilder().setData(tx, edit.apply(b.getData().getData(tx)));
            write(export, nb.build());
            reseal(export, n);
        }
    }

    /** Edits the endorsed action of an endorser transaction, rebuilding the envelope around it. */
    static ByteString editAction(ByteString envelope, UnaryOperator<ChaincodeEndorsedAction> edit) {
        try {
            Envelope env = Envelope.parseFrom(envelope);
            Payload p = Payload.parseFrom(env.getPayload());
            Transaction t = Transaction.parseFrom(p.getData());
            ChaincodeActionPayload cap =
                    ChaincodeActionPayload.parseFrom(t.getActions(0).getPayload());
            ChaincodeActionPayload cap2 =
                    cap.toBuilder().setAction(edit.apply(cap.getAction())).build();
            Transaction t2 = t.toBuilder()
                    .setActions(0, t.getActions(0).toBuilder().setPayload(cap2.toByteString()))
                    .build();
            Payload p2 = p.toBuilder().setData(t2.toByteString()).build();
            return env.toBuilder().setPayload(p2.toByteString()).build().toByteString();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Recomputes block n's data hash and the previous_hash of every block after it. */
    void reseal(String export, long n) {
        Block b = read(export, n);
        Block fixed = b.toBuilder()
                .setHeader(
                        b.getHeader().toBuilder().setDataHash(ByteString.copyFrom(BlockHashes.dataHash(b.getData()))))
                .build();
        write(export, fixed);
        byte[] prev = BlockHashes.headerHash(fixed.getHeader());
        for (long i = n + 1; Files.exists(file(export, i)); i++) {
            Block next = read(export, i);
            Block relinked = next.toBuilder()
                    .setHeader(next.getHeader().toBuilder().setPreviousHash(ByteString.copyFrom(prev)))
                    .build();
            write(export, relinked);
            prev = BlockHashes.headerHash(relinked.getHeader());
        }
    }

    static java.util.List<String> exports() {
        return java.util.List.of("SROMSP-peer0", "ProviderMSP-peer0", "ConsumerMSP-peer0");
    }
}
