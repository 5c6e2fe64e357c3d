package org.depa.ledger.client.fabric;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one organisation's gateway peer and as whom to submit.
 *
 * @param peerEndpoint host:port of the peer's gateway service (loopback in this project)
 * @param peerHostOverride the TLS server name of the peer's certificate
 * @param tlsRootCertificate the organisation's TLS CA certificate (PEM)
 * @param mspId the caller's organisation
 * @param certificate the caller's enrollment certificate (PEM)
 * @param privateKey the caller's private key (PEM); read once, never logged
 * @param maxAttempts attempts per submit when commits fail on an MVCC or phantom conflict
 */
public record FabricSettings(
        String peerEndpoint,
        String peerHostOverride,
        Path tlsRootCertificate,
        String mspId,
        Path certificate,
        Path privateKey,
        String channel,
        String chaincode,
        Duration timeout,
        int maxAttempts) {

    public FabricSettings {
        Objects.requireNonNull(peerEndpoint, "peerEndpoint");
        Objects.requireNonNull(peerHostOverride, "peerHostOverride");
        Objects.requireNonNull(tlsRootCertificate, "tlsRootCertificate");
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(chaincode, "chaincode");
        Objects.requireNonNull(timeout, "timeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /**
     * The same settings with another call timeout T (commit-status waits are 2T, see {@link
     * FabricDeadlines}). An application that would rather resubmit than wait shortens it.
     */
    public FabricSettings withTimeout(Duration newTimeout) {
        return new FabricSettings(
                peerEndpoint,
                peerHostOverride,
                tlsRootCertificate,
                mspId,
                certificate,
                privateKey,
                channel,
                chaincode,
                newTimeout,
                maxAttempts);
    }
}
