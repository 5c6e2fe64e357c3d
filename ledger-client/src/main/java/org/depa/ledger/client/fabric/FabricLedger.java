package org.depa.ledger.client.fabric;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.InvalidKeyException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.model.ErrorCode;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * {@link LedgerClient} over a Fabric network, through one organisation's gateway peer (Fabric
 * Gateway SDK). Submits gather endorsements as the chaincode's policy requires; a commit refused
 * for an MVCC or phantom conflict is retried as a fresh transaction with jittered backoff, since
 * re-submitting the same transaction could never succeed.
 */
public final class FabricLedger implements LedgerClient {
    private final FabricSettings settings;
    private final ManagedChannel channel;
    private final Gateway gateway;
    private final Network network;
    private final Contract contract;
    private final LedgerIdentity identity;

    private FabricLedger(FabricSettings settings, ManagedChannel channel, Gateway gateway, LedgerIdentity identity) {
        this.settings = settings;
        this.channel = channel;
        this.gateway = gateway;
        this.network = gateway.getNetwork(settings.channel());
        this.contract = network.getContract(settings.chaincode());
        this.identity = identity;
    }

    /** Connects to the gateway peer; fails with stage UNAVAILABLE if credentials or TLS files cannot be read. */
    public static FabricLedger connect(FabricSettings settings) {
        Objects.requireNonNull(settings, "settings");
        X509Certificate certificate;
        Signer signer;
        String certificatePem;
        ManagedChannel channel;
        try {
            certificatePem = Files.readString(settings.certificate(), StandardCharsets.UTF_8);
            certificate = Identities.readX509Certificate(certificatePem);
            try (Reader reader = Files.newBufferedReader(settings.privateKey(), StandardCharsets.UTF_8)) {
                signer = FabricSigners.forKey(Identities.readPrivateKey(reader));
            }
            channel = NettyChannelBuilder.forTarget(settings.peerEndpoint())
                    .sslContext(GrpcSslContexts.forClient()
                            .trustManager(settings.tlsRootCertificate().toFile())
                            .build())
                    .overrideAuthority(settings.peerHostOverride())
                    .build();
        } catch (IOException | CertificateException | InvalidKeyException e) {
            throw new LedgerException(
                    LedgerException.Stage.UNAVAILABLE,
                    ErrorCode.INTERNAL,
                    "cannot load the Fabric identity or TLS settings: "
                            + e.getClass().getSimpleName(),
                    null,
                    e);
        }
        long call = FabricDeadlines.call(settings).toMillis();
        long submit = FabricDeadlines.submit(settings).toMillis();
        long commit = FabricDeadlines.commitStatus(settings).toMillis();
        Gateway gateway = Gateway.newInstance()
                .identity(new X509Identity(settings.mspId(), certificate))
                .signer(signer)
                .hash(Hash.SHA256)
                .connection(channel)
                .evaluateOptions(o -> o.withDeadlineAfter(call, TimeUnit.MILLISECONDS))
                .endorseOptions(o -> o.withDeadlineAfter(call, TimeUnit.MILLISECONDS))
                .submitOptions(o -> o.withDeadlineAfter(submit, TimeUnit.MILLISECONDS))
                .commitStatusOptions(o -> o.withDeadlineAfter(commit, TimeUnit.MILLISECONDS))
                .connect();
        return new FabricLedger(settings, channel, gateway, new LedgerIdentity(settings.mspId(), certificatePem));
    }

    @Override
    public byte[] submit(String function, String... args) {
        LedgerException last = null;
        int staleRetries = 0;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            try {
                return endorse(function, args).submit();
            } catch (LedgerException e) {
                last = e;
                if (e.code() == ErrorCode.MVCC_READ_CONFLICT && attempt < settings.maxAttempts()) {
                    backoff(attempt);
                } else if (mayBeLaggingPeer(e) && staleRetries < LaggingPeerPauses.RETRIES) {
                    // Peers commit each block independently: a write this caller saw committed through
                    // one organisation's peer may not yet be on another endorser. Wait briefly and
                    // endorse again; a refusal that persists is genuine and is returned as it is.
                    staleRetries++;
                    attempt--;
                    pause(LaggingPeerPauses.beforeRetry(staleRetries));
                } else {
                    throw e;
                }
            }
        }
        throw Objects.requireNonNull(last);
    }

    /** The gateway's words when endorsing peers returned different results. */
    private static final String PAYLOADS_DIFFER = "ProposalResponsePayloads do not match";

    /** Refusals that a peer one block behind would give for a transaction that depends on that block. */
    private static boolean mayBeLaggingPeer(LedgerException e) {
        if (e.stage() != LedgerException.Stage.ENDORSE) {
            return false;
        }
        if (e.code() == ErrorCode.INTERNAL && String.valueOf(e.getMessage()).contains(PAYLOADS_DIFFER)) {
            // The endorsers simulated against different heights (one has not committed the last
            // block yet; with three orderers, peers receive each block from different nodes).
            return true;
        }
        return switch (e.code()) {
            case NOT_FOUND,
                    SIGNATURES_MISSING,
                    KEY_NOT_RELEASED,
                    PARTICIPANT_NOT_VERIFIED,
                    AGREEMENT_NOT_SIGNED,
                    NO_AGREEMENT,
                    CONTRACT_NOT_STARTED,
                    MEASUREMENT_NOT_CERTIFIED,
                    STALE_VERSION -> true;
            default -> false;
        };
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new LedgerException(
                    LedgerException.Stage.SUBMIT, ErrorCode.INTERNAL, "interrupted while retrying", null, ie);
        }
    }

    @Override
    public byte[] evaluate(String function, String... args) {
        try {
            return contract.evaluateTransaction(Objects.requireNonNull(function, "function"), args);
        } catch (GatewayException e) {
            throw FabricErrors.fromGateway(LedgerException.Stage.EVALUATE, e, null, settings);
        }
    }

    @Override
    public EndorsedTransaction endorse(String function, String... args) {
        return endorse(function, null, args);
    }

    /**
     * Endorses on the named organisations only (all the policy needs when null). Naming too few
     * organisations lets a test show the commit-time policy check refusing the transaction.
     */
    @Override
    public EndorsedTransaction endorse(String function, String[] endorsingOrgs, String... args) {
        Proposal.Builder builder = contract.newProposal(Objects.requireNonNull(function, "function"))
                .addArguments(args);
        if (endorsingOrgs != null) {
            builder.setEndorsingOrganizations(endorsingOrgs);
        }
        Proposal proposal = builder.build();
        Transaction tx;
        try {
            tx = proposal.endorse();
        } catch (EndorseException e) {
            throw FabricErrors.fromGateway(LedgerException.Stage.ENDORSE, e, proposal.getTransactionId(), settings);
        }
        return new EndorsedTransaction() {
            @Override
            public String txId() {
                return tx.getTransactionId();
            }

            @Override
            public byte[] result() {
                return tx.getResult();
            }

            @Override
            public byte[] submit() {
                Status status;
                try {
                    status = tx.submitAsync().getStatus();
                } catch (SubmitException e) {
                    throw FabricErrors.fromGateway(LedgerException.Stage.SUBMIT, e, tx.getTransactionId(), settings);
                } catch (CommitStatusException e) {
                    throw FabricErrors.fromGateway(LedgerException.Stage.COMMIT, e, tx.getTransactionId(), settings);
                }
                if (!status.isSuccessful()) {
                    throw FabricErrors.fromValidation(status.getCode(), tx.getTransactionId());
                }
                return tx.getResult();
            }
        };
    }

    @Override
    public EventStream events(long startBlock) {
        CloseableIterator<ChaincodeEvent> it = network.newChaincodeEventsRequest(settings.chaincode())
                .startBlock(startBlock)
                .build()
                .getEvents();
        return new EventStream() {
            @Override
            public boolean hasNext() {
                try {
                    return it.hasNext();
                } catch (io.grpc.StatusRuntimeException e) {
                    if (e.getStatus().getCode() == io.grpc.Status.Code.CANCELLED) {
                        return false;
                    }
                    throw new LedgerException(
                            LedgerException.Stage.UNAVAILABLE,
                            ErrorCode.INTERNAL,
                            "chaincode event stream failed: " + e.getStatus(),
                            null,
                            e);
                }
            }

            @Override
            public LedgerEventRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("event stream closed");
                }
                ChaincodeEvent e = it.next();
                return new LedgerEventRecord(
                        e.getBlockNumber(), e.getTransactionId(), e.getEventName(), e.getPayload());
            }

            @Override
            public void close() {
                it.close();
            }
        };
    }

    /**
     * The block that holds {@code txId}, as the peer's query system chaincode returns it (for
     * auditors checking endorsements).
     */
    public byte[] blockOfTransaction(String txId) {
        try {
            return network.getContract("qscc").evaluateTransaction("GetBlockByTxID", settings.channel(), txId);
        } catch (GatewayException e) {
            throw FabricErrors.fromGateway(LedgerException.Stage.EVALUATE, e, txId, settings);
        }
    }

    /** The channel's height (qscc {@code GetChainInfo}) less one: blocks are numbered from 0. */
    @Override
    public long lastBlock() {
        try {
            byte[] info = network.getContract("qscc").evaluateTransaction("GetChainInfo", settings.channel());
            return org.hyperledger.fabric.protos.common.BlockchainInfo.parseFrom(info)
                            .getHeight()
                    - 1;
        } catch (GatewayException e) {
            throw FabricErrors.fromGateway(LedgerException.Stage.EVALUATE, e, "GetChainInfo", settings);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("the peer answered GetChainInfo with no BlockchainInfo", e);
        }
    }

    @Override
    public LedgerIdentity identity() {
        return identity;
    }

    @Override
    public void close() {
        gateway.close();
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void backoff(int attempt) {
        long base = Math.min(1000L, 25L << Math.min(attempt, 6));
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(
                    LedgerException.Stage.SUBMIT, ErrorCode.INTERNAL, "interrupted while retrying", null, e);
        }
    }
}
