package org.depa.audit.fabric;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.bundle.Export;
import org.depa.ledger.client.fabric.FabricSettings;
import org.depa.ledger.client.fabric.FabricSigners;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;

/**
 * Exports every block of a channel from one peer into a bundle: the height from qscc's
 * {@code GetChainInfo}, then the blocks from 0 through the peer's deliver service (the Gateway
 * SDK's block events), each written as the peer sent it, one file per block. Config blocks are
 * blocks of the chain like any other, so they are all in the export.
 */
public final class FabricExporter {
    private FabricExporter() {}

    /** Thrown when the peer cannot be reached or refuses; the message says what to check. */
    public static final class ExportException extends Exception {
        private static final long serialVersionUID = 1L;

        ExportException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Exports into {@code bundleRoot/directory} and adds the export to the bundle's manifest. */
    public static Export export(FabricSettings settings, Path bundleRoot, String directory, PrintStream log)
            throws ExportException, IOException {
        ManagedChannel channel;
        Gateway gateway;
        try {
            String pem = Files.readString(settings.certificate(), StandardCharsets.UTF_8);
            var key = readKey(settings.privateKey());
            channel = NettyChannelBuilder.forTarget(settings.peerEndpoint())
                    .sslContext(GrpcSslContexts.forClient()
                            .trustManager(settings.tlsRootCertificate().toFile())
                            .build())
                    .overrideAuthority(settings.peerHostOverride())
                    .build();
            long ms = settings.timeout().toMillis();
            gateway = Gateway.newInstance()
                    .identity(new X509Identity(settings.mspId(), Identities.readX509Certificate(pem)))
                    .signer(FabricSigners.forKey(key))
                    .hash(Hash.SHA256)
                    .connection(channel)
                    .evaluateOptions(o -> o.withDeadlineAfter(ms, TimeUnit.MILLISECONDS))
                    .connect();
        } catch (IOException | GeneralSecurityException e) {
            throw new ExportException(
                    "cannot load the identity or TLS files of " + settings.mspId() + ": " + forPeople(e.getMessage()),
                    e);
        }
        try (gateway) {
            return export(gateway.getNetwork(settings.channel()), settings, bundleRoot, directory, log);
        } finally {
            channel.shutdownNow();
        }
    }

    private static Export export(
            Network network, FabricSettings settings, Path bundleRoot, String directory, PrintStream log)
            throws ExportException, IOException {
        long height;
        try {
            byte[] info = network.getContract("qscc").evaluateTransaction("GetChainInfo", settings.channel());
            height = BlockchainInfo.parseFrom(info).getHeight();
        } catch (GatewayException e) {
            throw new ExportException(
                    "the peer " + settings.peerEndpoint() + " did not give the channel height: "
                            + reason(e.getStatus()),
                    e);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ExportException(
                    "the peer " + settings.peerEndpoint() + " answered GetChainInfo with no BlockchainInfo", e);
        }
        Path dir = bundleRoot.resolve(directory);
        Path tmp = bundleRoot.resolve(directory + ".partial");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        log.println("exporting " + height + " blocks of channel " + settings.channel() + " from " + settings.mspId()
                + "'s peer " + settings.peerEndpoint() + " into " + dir);
        try (CloseableIterator<Block> blocks = network.newBlockEventsRequest()
                .startBlock(0)
                .build()
                // a deadline for the whole stream: the settings' timeout and 20 ms per block
                .getEvents(
                        o -> o.withDeadlineAfter(settings.timeout().toMillis() + 20 * height, TimeUnit.MILLISECONDS))) {
            long next = 0;
            while (next < height) {
                Block b = blocks.next();
                if (b.getHeader().getNumber() != next) {
                    throw new ExportException(
                            "the peer sent block " + b.getHeader().getNumber() + " where " + next + " was expected",
                            null);
                }
                Files.write(tmp.resolve(Export.fileName(next)), b.toByteArray());
                next++;
            }
        } catch (org.hyperledger.fabric.client.GatewayRuntimeException e) {
            throw new ExportException("the peer's deliver service failed: " + reason(e.getStatus()), e);
        } catch (io.grpc.StatusRuntimeException e) {
            throw new ExportException("the peer's deliver service failed: " + reason(e.getStatus()), e);
        }
        deleteTree(dir);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        Export export = new Export(
                directory,
                settings.mspId(),
                settings.peerEndpoint(),
                height,
                "depa audit export (Fabric Gateway deliver) at " + Instant.now());
        Bundle bundle = Files.exists(bundleRoot.resolve(Bundle.MANIFEST))
                ? Bundle.read(bundleRoot)
                : new Bundle(bundleRoot, "fabric", settings.channel(), java.util.List.of());
        if (!bundle.channel().equals(settings.channel())) {
            throw new ExportException(
                    "the bundle holds channel " + bundle.channel() + ", not " + settings.channel(), null);
        }
        bundle.with(export).write();
        return export;
    }

    /** A gRPC status for people: the code, its description, and what to check when the peer is unreachable. */
    private static String reason(io.grpc.Status status) {
        String d = forPeople(status.getDescription());
        return status.getCode()
                + (d == null ? "" : " (" + d + ")")
                + (status.getCode() == io.grpc.Status.Code.UNAVAILABLE
                        ? "; is the network up? (network-config/network.sh up)"
                        : "");
    }

    /**
     * A library's message without the Java class names it may carry (gRPC's descriptions and I/O messages can name
     * {@code ...Exception} classes, which mean nothing to the person running the command); null stays null.
     */
    static String forPeople(String message) {
        if (message == null) {
            return null;
        }
        String plain = message.replaceAll("\\b(?:[\\w$]+\\.)*[\\w$]+(?:Exception|Error)\\b:?\\s*", "")
                .strip();
        return plain.isEmpty() ? "no detail given" : plain;
    }

    private static java.security.PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return Identities.readPrivateKey(r);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
