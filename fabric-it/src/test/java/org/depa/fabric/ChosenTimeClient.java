package org.depa.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.depa.ledger.client.fabric.FabricSettings;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Tx;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.gateway.ProposedTransaction;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * A hostile client: a member's own enrolment, signing proposals whose channel-header timestamp it
 * chose. The Gateway SDK stamps each proposal with the client's clock; nothing stops a client from
 * stamping another time before it signs. The transaction id does not cover the time (it is the
 * hash of nonce and creator), so the rest of the proposal is the SDK's, untouched. The chaincode
 * judges time by this timestamp ({@code stub.getTxTimestamp()}, DepaContext.now); Fabric checks it
 * nowhere, and the chaincode's peer processes refuse it beyond their window
 * (TIMESTAMP_OUTSIDE_WINDOW, chaincode ProposalTimeWindow).
 */
final class ChosenTimeClient implements AutoCloseable {
    private static final Pattern CODE = Pattern.compile("\\b([A-Z][A-Z_]+): ");

    /** The chaincode or the network refused: {@code code} is the ledger's error code, or the gRPC status. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;

        Refused(String code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }
    }

    private final ManagedChannel channel;
    private final Gateway gateway;
    private final Contract contract;
    private final Signer signer;

    ChosenTimeClient(FabricSettings settings) throws Exception {
        PrivateKey key;
        try (Reader reader = Files.newBufferedReader(settings.privateKey(), StandardCharsets.UTF_8)) {
            key = Identities.readPrivateKey(reader);
        }
        signer = Signers.newPrivateKeySigner(key);
        channel = NettyChannelBuilder.forTarget(settings.peerEndpoint())
                .sslContext(GrpcSslContexts.forClient()
                        .trustManager(settings.tlsRootCertificate().toFile())
                        .build())
                .overrideAuthority(settings.peerHostOverride())
                .build();
        gateway = Gateway.newInstance()
                .identity(new X509Identity(
                        settings.mspId(),
                        Identities.readX509Certificate(
                                Files.readString(settings.certificate(), StandardCharsets.UTF_8))))
                .signer(signer)
                .hash(Hash.SHA256)
                .connection(channel)
                .connect();
        contract = gateway.getNetwork(settings.channel()).getContract(settings.chaincode());
    }

    /** Submits {@code tx} with {@code time} as the proposal's timestamp; endorsed as discovery chooses. */
    <Q, R> R submitAt(Instant time, Tx<Q, R> tx, Q request) {
        byte[] unsigned = contract.newProposal(tx.name())
                .addArguments(tx.encode(request))
                .build()
                .getBytes();
        try {
            byte[] stamped = restamp(unsigned, time);
            ProposedTransaction pt = ProposedTransaction.parseFrom(stamped);
            byte[] digest = Hashes.sha256(pt.getProposal().getProposalBytes().toByteArray());
            byte[] result = gateway.newSignedProposal(stamped, signer.sign(digest))
                    .endorse()
                    .submit();
            return tx.result(result);
        } catch (GatewayException e) {
            throw refused(e);
        } catch (org.hyperledger.fabric.client.CommitException e) {
            throw new Refused(e.getCode().name(), "invalidated at commit: " + e.getCode(), e);
        } catch (InvalidProtocolBufferException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot restamp the proposal", e);
        }
    }

    /** The SDK's unsigned proposal (a ProposedTransaction) with the channel header's timestamp replaced. */
    private static byte[] restamp(byte[] proposedTransaction, Instant time) throws InvalidProtocolBufferException {
        ProposedTransaction pt = ProposedTransaction.parseFrom(proposedTransaction);
        Proposal proposal = Proposal.parseFrom(pt.getProposal().getProposalBytes());
        Header header = Header.parseFrom(proposal.getHeader());
        ChannelHeader channelHeader = ChannelHeader.parseFrom(header.getChannelHeader()).toBuilder()
                .setTimestamp(Timestamp.newBuilder()
                        .setSeconds(time.getEpochSecond())
                        .setNanos(time.getNano())
                        .build())
                .build();
        Header stamped = header.toBuilder()
                .setChannelHeader(channelHeader.toByteString())
                .build();
        ByteString proposalBytes =
                proposal.toBuilder().setHeader(stamped.toByteString()).build().toByteString();
        return pt.toBuilder()
                .setProposal(SignedProposal.newBuilder().setProposalBytes(proposalBytes))
                .build()
                .toByteArray();
    }

    private static Refused refused(GatewayException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getStatus().getDescription()));
        e.getDetails()
                .forEach(
                        d -> text.append("; ").append(d.getMspId()).append(": ").append(d.getMessage()));
        Matcher m = CODE.matcher(text);
        while (m.find()) {
            if (java.util.Arrays.stream(ErrorCode.values())
                    .anyMatch(c -> c.name().equals(m.group(1)))) {
                return new Refused(m.group(1), text.toString(), e);
            }
        }
        return new Refused(e.getStatus().getCode().name(), text.toString(), e);
    }

    @Override
    public void close() {
        gateway.close();
        channel.shutdownNow();
    }
}
