package org.depa.kms.protocol;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * What a clean-room agent calls to obtain one dataset key from the dataset owner's kms-bridge:
 *
 * <pre>{@code
 * KeyReleaseClient client = KeyReleaseClient.create();
 * Challenge challenge = client.challenge(bridgeUri, runId);
 * EphemeralKey key = EphemeralKey.generate();
 * byte[] reportData = ReportDataBinding.reportData(challenge.nonceBytes(), key.publicJwk(), runId);
 * byte[] report = ...; // SNP_GET_REPORT with reportData, VMPL 0
 * ReleasedKey released = client.release(
 *         bridgeUri, ReleaseRequest.of(runId, datasetId, challenge, report, vcekChainPem, key, runKey), key);
 * byte[] datasetKey = released.datasetKey(); // 32 bytes
 * }</pre>
 *
 * Implementations are thread-safe. A challenge is single-use: every release needs its own challenge (and so its
 * own report).
 */
public interface KeyReleaseClient {

    /**
     * A client over a new {@link HttpClient} with 10 s connect and 60 s request time-outs. It calls an https bridge
     * only at an address pinning its server certificate ({@link BridgeAddress}) and refuses an unpinned https one
     * before connecting (fail closed: the JDK's public roots would be its only trust); plain http is the embedded
     * quick start's loopback bridge.
     */
    static KeyReleaseClient create() {
        return new HttpKeyReleaseClient(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofSeconds(60), false);
    }

    /**
     * A client over {@code http}; {@code requestTimeout} bounds each request (a release waits for a commit). An https
     * address without a pin is called with {@code http}'s own trust: the caller chose it.
     */
    static KeyReleaseClient create(HttpClient http, Duration requestTimeout) {
        return new HttpKeyReleaseClient(
                Objects.requireNonNull(http, "http"), Objects.requireNonNull(requestTimeout, "requestTimeout"), true);
    }

    /**
     * Asks the bridge at {@code bridgeUri} (its base URI, e.g. {@code http://127.0.0.1:8081/}) for a nonce for
     * {@code runId}; the bridge issues one only while the run is STARTED on the ledger, and the nonce serves a
     * release for that run only.
     *
     * @throws ChallengeException the bridge was unreachable, refused, or answered something unreadable
     */
    Challenge challenge(URI bridgeUri, String runId) throws ChallengeException;

    /**
     * Sends {@code request}, and on success opens the returned JWE with {@code key} (whose public half must be the
     * request's recipientJwk) after checking that it names the request's dataset and run, and that the ledger
     * record is for the same run, dataset and recipient key.
     *
     * @return the dataset key (32 bytes) with its ledger record
     * @throws ReleaseRefusedException the bridge refused, with its {@link RefusalCode}
     * @throws ReleaseTransportException no readable answer
     * @throws KeyUnwrapException the answer does not open under {@code key} or names another dataset or run
     * @throws IllegalArgumentException {@code key} is not the request's recipient key
     */
    ReleasedKey release(URI bridgeUri, ReleaseRequest request, EphemeralKey key)
            throws ReleaseRefusedException, ReleaseTransportException, KeyUnwrapException;

    /**
     * Sends {@code request} to a job's TDC's bridge, and on success opens the returned JWE with {@code key} after
     * checking that it names the job's spec and the run, and that the ledger record is for the same run, job and
     * recipient key.
     *
     * @return the spec key (32 bytes) with its ledger record
     */
    ReleasedSpecKey releaseSpec(URI bridgeUri, SpecReleaseRequest request, EphemeralKey key)
            throws ReleaseRefusedException, ReleaseTransportException, KeyUnwrapException;
}
