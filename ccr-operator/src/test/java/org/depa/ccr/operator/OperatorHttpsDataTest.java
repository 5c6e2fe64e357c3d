package org.depa.ccr.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator launching the REAL clean room on a job whose datasets are registered at https
 * locations: each TDP hosts its ciphertext on its own data endpoint (real HTTPS, its own
 * certificate), and the operator passes the clean rooms the endpoints' CAs to trust.
 */
class OperatorHttpsDataTest {
    @TempDir
    Path dir;

    private AgentJobWorld aw;

    @BeforeEach
    void setUp() throws Exception {
        aw = new AgentJobWorld(dir, true);
    }

    @AfterEach
    void tearDown() {
        aw.close();
    }

    @Test
    void theCleanRoomDownloadsBothCiphertextsOverHttpsAndTheJobCompletes() throws Exception {
        assertThat(aw.w.sroLedger().evaluate(Datasets.GET, "icmr-data").encryptedLocation())
                .startsWith("https://127.0.0.1:");
        // The TDC hosts its sealed spec on its own endpoint; the location pins that endpoint's certificate and size,
        // which the operator's dataTrust (the TDPs' CAs only) does not cover: the pin alone is trusted.
        try (TdpDataEndpoint tdcHost = new TdpDataEndpoint(Files.createDirectories(dir.resolve("tdc-host")))) {
            String specAt = pinned(tdcHost, "job-1-spec", Path.of(java.net.URI.create(aw.specUri())), null);
            aw.submit("job-1", "c1", specAt);
            completes();
            assertThat(aw.w.sroLedger().evaluate(Jobs.GET, "job-1").sealedSpecUri())
                    .startsWith("https://127.0.0.1:")
                    .contains("#tls-cert-sha256=");
            assertThat(tdcHost.accessLog())
                    .as("the clean room downloaded the sealed spec from the TDC's endpoint")
                    .contains("ciphertext dataset=\"job-1-spec\"")
                    .contains("outcome=\"served\"");
        }
    }

    /**
     * A sealed-spec location pinning another certificate than the endpoint's (a host not the TDC's): the download
     * is refused, the job FAILED at MODEL_SPEC at once (a permanent failure: no relaunch though K=3), no run.
     */
    @Test
    void aSealedSpecLocationPinningAnotherCertificateFailsTheJobAtOnce() throws Exception {
        try (TdpDataEndpoint tdcHost = new TdpDataEndpoint(Files.createDirectories(dir.resolve("tdc-host")))) {
            String specAt = pinned(tdcHost, "job-1-spec", Path.of(java.net.URI.create(aw.specUri())), "ab".repeat(32));
            aw.submit("job-1", "c1", specAt);
            try (Operator op = aw.operator(aw.settings(3).withDataTrust(aw.dataTrustPem()))) {
                TrainingJob failed = awaitStatus(JobStatus.FAILED);
                assertThat(failed.reason())
                        .startsWith("clean room failed on attempt 1 (permanent, not retried): MODEL_SPEC: cannot"
                                + " download the sealed spec from https://127.0.0.1:");
                assertThat(aw.workspace("job-1").resolve("clean-room-2.log")).doesNotExist();
                assertThat(aw.w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, "c1"))
                        .isEmpty();
            }
        }
    }

    /** Publishes {@code file} on {@code host} and returns its location pinning {@code certSha256} (else the host's). */
    private static String pinned(TdpDataEndpoint host, String id, Path file, String certSha256) throws Exception {
        java.net.URI at = host.publish(id, file);
        String sha = certSha256 != null
                ? certSha256
                : java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(host.server.chain().get(0).getEncoded()));
        return org.depa.data.endpoint.PinnedLocation.of(at, sha, Files.size(file))
                .toString();
    }

    private void completes() throws Exception {
        try (Operator op = aw.operator(aw.settings(1).withDataTrust(aw.dataTrustPem()))) {
            TrainingJob done = awaitStatus(JobStatus.COMPLETED);
            assertThat(done.runIds()).containsExactly("job-1-c1");
            var receipt = aw.w.sroLedger().evaluate(Runs.GET_RECEIPT, "job-1-c1");
            for (String d : List.of("icmr-data", "cowin-data")) {
                assertThat(aw.w.sroLedger().evaluate(Datasets.GET_BUDGET, d).spentEpsilon())
                        .isEqualByComparingTo(receipt.body().datasets().get(0).epsilonSpent());
                assertThat(aw.endpoint(d).accessLog())
                        .contains("ciphertext dataset=\"" + d + "\"")
                        .contains("outcome=\"served\"");
            }
        }
    }

    /** The TDP's host serves other bytes than the ciphertext every party signed. */
    @Test
    void aTamperedCiphertextOnTheEndpointFailsTheJobAtDataWithNoKeyReleasedAndNothingTrained() throws Exception {
        byte[] tampered = Files.readAllBytes(dir.resolve("tdp-cowin").resolve("cowin-data.enc"));
        tampered[tampered.length / 2] ^= 1;
        aw.endpoint("cowin-data").replace("cowin-data", tampered);
        aw.submit("job-1", "c1", aw.specUri());
        try (Operator op = aw.operator(aw.settings(1).withDataTrust(aw.dataTrustPem()))) {
            TrainingJob failed = awaitStatus(JobStatus.FAILED);
            assertThat(failed.reason())
                    .startsWith(
                            "clean room failed on attempt 1 (permanent, not retried): DATA: dataset 'cowin-data': ciphertext sha256 ")
                    .contains("no key was asked for");
            assertThat(aw.w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, "c1"))
                    .extracting(TrainingRun::status)
                    .containsExactly(RunStatus.FAILED);
            assertThat(aw.w.sroLedger().evaluate(Runs.KEY_RELEASES, "job-1-c1"))
                    .as("no TDP released a key")
                    .isEmpty();
            for (String d : List.of("icmr-data", "cowin-data")) {
                assertThat(aw.w.sroLedger().evaluate(Datasets.GET_BUDGET, d).spentEpsilon())
                        .isEqualByComparingTo("0");
            }
            Path ws = aw.workspace("job-1");
            assertThat(Files.readString(ws.resolve("failure.txt")))
                    .startsWith("DATA: dataset 'cowin-data': ciphertext sha256 ");
            assertThat(Files.readString(ws.resolve("agent.log")).lines().filter(l -> l.startsWith("training ")))
                    .as("nothing trained")
                    .isEmpty();
        }
    }

    /** An operator that passes no trust: the clean room refuses https locations rather than trusting anything. */
    @Test
    void withoutTrustFromTheOperatorTheCleanRoomRefusesHttpsLocations() throws Exception {
        aw.submit("job-1", "c1", aw.specUri());
        try (Operator op = aw.operator(aw.settings(1))) {
            TrainingJob failed = awaitStatus(JobStatus.FAILED);
            assertThat(failed.reason())
                    .contains("DATA: dataset '")
                    .contains("no TLS trust is configured for https data locations");
            assertThat(aw.w.sroLedger().evaluate(Runs.KEY_RELEASES, "job-1-c1")).isEmpty();
        }
    }

    private TrainingJob job() {
        return aw.w.sroLedger().evaluate(Jobs.GET, "job-1");
    }

    private TrainingJob awaitStatus(JobStatus status) throws Exception {
        await("job-1 " + status, () -> job().status() == status);
        return job();
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; operator log:\n"
                        + Files.readString(dir.resolve("operator.log")));
            }
            Thread.sleep(100);
        }
    }
}
