package org.depa.ledger.chaincode;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolNames;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.peer.ChaincodeGrpc;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;

/**
 * The chaincode-as-a-service server the peer dials: Fabric's {@code NettyGrpcServer} (same
 * address, keep-alive, connection age, message sizes and TLS) with one difference, gRPC's direct
 * executor. Fabric's server hands every message from the peer (each state read's answer, each new
 * transaction) from Netty's event loop to a pooled thread, which only posts it on to the waiting
 * transaction thread: a thread wake-up per round trip, and a lifecycle makes about seventy round
 * trips. Here the event loop posts it directly. That is safe because what it runs never blocks:
 * the shim's task manager either queues a new transaction on its own pool (refusing it when the
 * queue is full) or puts the answer in the waiting transaction's postbox, which holds the one
 * answer a transaction can be waiting for.
 */
final class PeerServer {
    private PeerServer() {}

    /** Serves {@code router} as Fabric's server would, until the process ends. */
    static void serve(TransactionRouter router, ChaincodeServerProperties properties)
            throws IOException, InterruptedException {
        Server server = build(router, properties).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "chaincode-server-shutdown"));
        server.awaitTermination();
    }

    /** The server, not started. */
    static Server build(TransactionRouter router, ChaincodeServerProperties properties) throws IOException {
        properties.validate();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(properties.getServerAddress())
                .addService(new ChaincodeGrpc.ChaincodeImplBase() {
                    @Override
                    public StreamObserver<ChaincodeMessage> connect(StreamObserver<ChaincodeMessage> toPeer) {
                        return router.chatWithPeer(toPeer);
                    }
                })
                .directExecutor()
                .keepAliveTime(properties.getKeepAliveTimeMinutes(), TimeUnit.MINUTES)
                .keepAliveTimeout(properties.getKeepAliveTimeoutSeconds(), TimeUnit.SECONDS)
                .permitKeepAliveTime(properties.getPermitKeepAliveTimeMinutes(), TimeUnit.MINUTES)
                .permitKeepAliveWithoutCalls(properties.isPermitKeepAliveWithoutCalls())
                .maxConnectionAge(properties.getMaxConnectionAgeSeconds(), TimeUnit.SECONDS)
                .maxInboundMetadataSize(properties.getMaxInboundMetadataSize())
                .maxInboundMessageSize(properties.getMaxInboundMessageSize());
        if (properties.isTlsEnabled()) {
            builder.sslContext(tls(properties).build());
        }
        return builder.build();
    }

    /** Fabric's server TLS: the key pair, HTTP/2 by ALPN, client certificates required when a trust file is set. */
    private static SslContextBuilder tls(ChaincodeServerProperties properties) {
        File certChain = new File(properties.getKeyCertChainFile());
        File key = new File(properties.getKeyFile());
        String password = properties.getKeyPassword();
        SslContextBuilder tls = password == null || password.isEmpty()
                ? SslContextBuilder.forServer(certChain, key)
                : SslContextBuilder.forServer(certChain, key, password);
        tls.applicationProtocolConfig(new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_2));
        if (properties.getTrustCertCollectionFile() != null) {
            tls.clientAuth(ClientAuth.REQUIRE).trustManager(new File(properties.getTrustCertCollectionFile()));
        }
        return tls;
    }
}
