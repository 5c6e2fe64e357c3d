package org.depa.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Probe;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.ProbeWrite;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeGrpc;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage.Type;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.PutState;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chaincode server over a real gRPC connection, this test playing the peer's side of Fabric's
 * chaincode protocol: register, ready, transactions, the answers to the chaincode's state calls.
 * Messages from the peer are handled on the server's event loop ({@link PeerServer}), so the
 * concurrent case checks that it never waits for a transaction, and that the process runs {@link
 * TransactionRouter#TRANSACTION_THREADS} transactions at once: that many writes arrive before
 * any is answered, then more transactions than threads complete, each after its own write.
 */
class PeerServerTest {
    private static final String CHANNEL = "depa";
    private static final Instant NOW = Instant.parse("2026-12-05T21:40:00Z");
    private static final String CLIENT_PEM = Credentials.generate(
                    SignatureAlgorithm.ED25519,
                    "peer-server-test",
                    NOW.minus(Duration.ofDays(1)),
                    NOW.plus(Duration.ofDays(1)))
            .certificatePem();

    private Server server;
    private ManagedChannel channel;
    private BlockingQueue<ChaincodeMessage> fromChaincode;
    private StreamObserver<ChaincodeMessage> toChaincode;

    @BeforeEach
    void connect() throws Exception {
        TransactionRouter router = TransactionRouter.forProcess(
                new String[] {"-i", "depa:peer-server-test"},
                new ProposalTimeWindow(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5)));
        ChaincodeServerProperties properties = new ChaincodeServerProperties();
        properties.setServerAddress(new InetSocketAddress("127.0.0.1", 0));
        server = PeerServer.build(router, properties).start();
        openStream();
    }

    /** A peer's connection: its own channel and stream, registered and ready. */
    private void openStream() throws Exception {
        BlockingQueue<ChaincodeMessage> received = new LinkedBlockingQueue<>();
        fromChaincode = received;
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .usePlaintext()
                .build();
        toChaincode = ChaincodeGrpc.newStub(channel).connect(new StreamObserver<>() {
            @Override
            public void onNext(ChaincodeMessage m) {
                received.add(m);
            }

            @Override
            public void onError(Throwable t) {
                received.add(ChaincodeMessage.newBuilder()
                        .setType(Type.UNDEFINED)
                        .setTxid("stream failed: " + t)
                        .build());
            }

            @Override
            public void onCompleted() {}
        });
        assertThat(next().getType()).as("the chaincode registers first").isEqualTo(Type.REGISTER);
        toChaincode.onNext(
                ChaincodeMessage.newBuilder().setType(Type.REGISTERED).build());
        toChaincode.onNext(ChaincodeMessage.newBuilder().setType(Type.READY).build());
    }

    @AfterEach
    void close() throws Exception {
        closeStream();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The peer goes away: its stream ends and its connection closes. */
    private void closeStream() throws Exception {
        toChaincode.onCompleted();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aTransactionWritesThroughThePeerAndCompletes() throws Exception {
        toChaincode.onNext(transaction("tx-1", "key-1", NOW));
        ChaincodeMessage put = next();
        assertThat(put.getType()).isEqualTo(Type.PUT_STATE);
        assertThat(put.getTxid()).isEqualTo("tx-1");
        assertThat(put.getChannelId()).isEqualTo(CHANNEL);
        PutState write = PutState.parseFrom(put.getPayload());
        assertThat(write.getKey()).isEqualTo("\u0000" + ObjectType.PROBE.prefix() + "\u0000key-1\u0000");
        assertThat(Json.readStored(write.getValue().toByteArray(), ProbeWrite.class))
                .isEqualTo(new ProbeWrite("key-1", "tx-1"));
        toChaincode.onNext(answer(put));
        ChaincodeMessage done = next();
        assertThat(done.getType()).isEqualTo(Type.COMPLETED);
        assertThat(done.getTxid()).isEqualTo("tx-1");
        org.hyperledger.fabric.protos.peer.Response response =
                org.hyperledger.fabric.protos.peer.Response.parseFrom(done.getPayload());
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getPayload().toStringUtf8()).contains("\"txId\":\"tx-1\"");
    }

    @Test
    void aProposalStampedOutsideTheWindowIsRefusedBeforeItTouchesState() throws Exception {
        toChaincode.onNext(transaction("tx-late", "key-late", NOW.minus(Duration.ofMinutes(6))));
        ChaincodeMessage done = next();
        assertThat(done.getType()).as("no state call first").isEqualTo(Type.COMPLETED);
        org.hyperledger.fabric.protos.peer.Response response =
                org.hyperledger.fabric.protos.peer.Response.parseFrom(done.getPayload());
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMessage()).startsWith("TIMESTAMP_OUTSIDE_WINDOW");
    }

    @Test
    void manyTransactionsInFlightEachGetTheirOwnAnswers() throws Exception {
        int count = TransactionRouter.TRANSACTION_THREADS + 8; // the rest wait in the pool's queue
        for (int i = 0; i < count; i++) {
            toChaincode.onNext(transaction("tx-" + i, "key-" + i, NOW));
        }
        Map<String, String> written = new HashMap<>();
        // Every thread's transaction reaches its write before any write is answered: the process runs
        // TRANSACTION_THREADS transactions at once (with the shim's default pool of five this waits in vain).
        List<ChaincodeMessage> waiting = new ArrayList<>();
        for (int i = 0; i < TransactionRouter.TRANSACTION_THREADS; i++) {
            ChaincodeMessage m = next();
            assertThat(m.getType())
                    .as("write %d of the first %d", i, TransactionRouter.TRANSACTION_THREADS)
                    .isEqualTo(Type.PUT_STATE);
            waiting.add(m);
        }
        for (ChaincodeMessage m : waiting) {
            written.put(m.getTxid(), PutState.parseFrom(m.getPayload()).getKey());
            toChaincode.onNext(answer(m));
        }
        Set<String> completed = new HashSet<>();
        while (completed.size() < count) {
            ChaincodeMessage m = next();
            switch (m.getType()) {
                case PUT_STATE -> {
                    PutState write = PutState.parseFrom(m.getPayload());
                    assertThat(written.put(m.getTxid(), write.getKey())).isNull();
                    toChaincode.onNext(answer(m));
                }
                case COMPLETED -> {
                    assertThat(written).as("completed after its write").containsKey(m.getTxid());
                    assertThat(org.hyperledger.fabric.protos.peer.Response.parseFrom(m.getPayload())
                                    .getStatus())
                            .isEqualTo(200);
                    assertThat(completed.add(m.getTxid())).isTrue();
                }
                default -> throw new AssertionError("unexpected " + m.getType() + " " + m.getTxid());
            }
        }
        for (int i = 0; i < count; i++) {
            assertThat(written.get("tx-" + i)).endsWith("\u0000key-" + i + "\u0000");
        }
    }

    @Test
    void aStreamThatEndsWithATransactionWaitingDoesNotHoldUpTheNextStreams() throws Exception {
        toChaincode.onNext(transaction("tx-stuck", "key-stuck", NOW));
        assertThat(next().getType()).isEqualTo(Type.PUT_STATE);
        // The peer goes away without answering: the shim's shutdown waits up to a minute for that
        // transaction. New streams (more than the event loop has threads) are still served at once.
        int streams = 2 * Runtime.getRuntime().availableProcessors() + 1;
        for (int i = 0; i < streams; i++) {
            closeStream();
            openStream();
            toChaincode.onNext(transaction("tx-next-" + i, "key-next-" + i, NOW));
            ChaincodeMessage put = next();
            assertThat(put.getType()).isEqualTo(Type.PUT_STATE);
            toChaincode.onNext(answer(put));
            assertThat(next().getType()).isEqualTo(Type.COMPLETED);
        }
    }

    private ChaincodeMessage next() throws InterruptedException {
        ChaincodeMessage m = fromChaincode.poll(20, TimeUnit.SECONDS);
        assertThat(m).as("a message from the chaincode within 20 s").isNotNull();
        assertThat(m.getType()).as(m.getTxid()).isNotEqualTo(Type.UNDEFINED);
        return m;
    }

    private static ChaincodeMessage answer(ChaincodeMessage call) {
        return ChaincodeMessage.newBuilder()
                .setType(Type.RESPONSE)
                .setTxid(call.getTxid())
                .setChannelId(call.getChannelId())
                .build();
    }

    /** A TRANSACTION message as the peer sends it: probe:write of {@code key}, proposed by a client at {@code at}. */
    private static ChaincodeMessage transaction(String txId, String key, Instant at) {
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setChannelId(CHANNEL)
                .setTxId(txId)
                .setTimestamp(
                        Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                .build();
        SignatureHeader signatureHeader = SignatureHeader.newBuilder()
                .setCreator(SerializedIdentity.newBuilder()
                        .setMspid("ConsumerMSP")
                        .setIdBytes(ByteString.copyFromUtf8(CLIENT_PEM))
                        .build()
                        .toByteString())
                .setNonce(ByteString.copyFromUtf8("nonce-" + txId))
                .build();
        Proposal proposal = Proposal.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(signatureHeader.toByteString())
                        .build()
                        .toByteString())
                .setPayload(ChaincodeProposalPayload.newBuilder().build().toByteString())
                .build();
        return ChaincodeMessage.newBuilder()
                .setType(Type.TRANSACTION)
                .setTxid(txId)
                .setChannelId(CHANNEL)
                .setPayload(ChaincodeInput.newBuilder()
                        .addArgs(ByteString.copyFrom(Probe.WRITE.name(), StandardCharsets.UTF_8))
                        .addArgs(ByteString.copyFrom(key, StandardCharsets.UTF_8))
                        .build()
                        .toByteString())
                .setProposal(SignedProposal.newBuilder()
                        .setProposalBytes(proposal.toByteString())
                        .build())
                .build();
    }
}
