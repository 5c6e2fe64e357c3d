package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.kms.protocol.RunKeySigner;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.domain.DatasetClause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFetcherTest {
    @TempDir
    Path dir;

    AgentWorld a;
    Agent.Settings settings;
    final AtomicInteger released = new AtomicInteger();

    private RunKeySigner runKey;

    @BeforeEach
    void world() throws Exception {
        a = new AgentWorld(dir);
        settings = a.settings("run-1", dir.resolve("work"));
        // The releases are recorded against a started run.
        RunJournal journal =
                new StepKit(a, "run-1", dir.resolve("work"), new AgentWorld.JoiningTrainer("0.5", 0)).started();
        runKey = LocalSigner.fromPem(journal.state().runKeyPem())::sign;
    }

    @AfterEach
    void close() {
        a.close();
    }

    DatasetFetcher fetcher(TypedLedger ledger) {
        return fetcher(ledger, CiphertextSource.locations(null));
    }

    DatasetFetcher fetcher(TypedLedger ledger, CiphertextSource ciphertexts) {
        KeySource counting = (d, runId, ev, rk) -> {
            released.incrementAndGet();
            return a.releasingKeys().obtain(d, runId, ev, rk);
        };
        return new DatasetFetcher(settings, ledger, counting, a.evidence(), ciphertexts, a.log);
    }

    DatasetClause clause(String datasetId) {
        return a.w.contract(AgentWorld.CONTRACT).terms().datasets().stream()
                .filter(c -> c.datasetId().equals(datasetId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void decryptsTheSignedCiphertextWithTheReleasedKey() throws Exception {
        Trainer.Table table = fetcher(a.ccr.ledger()).fetch(clause(AgentWorld.COWIN), runKey);

        assertThat(table.csv()).isEqualTo(dir.resolve("work/plain/cowin-data.csv"));
        assertThat(table.joinColumn()).isEqualTo("mobile");
        assertThat(Files.readString(table.csv())).isEqualTo(Files.readString(dir.resolve("tdp/cowin-data.csv")));
        assertThat(released.get()).isEqualTo(1);
        assertThat(a.log())
                .contains("ccr-agent: cowin-data ciphertext hash matches the contract, key released by cowin");
    }

    /** A restart finds the plaintext decrypted before the kill: no key is asked for again. */
    @Test
    void reusesAPlaintextAlreadyDecrypted() {
        DatasetFetcher fetcher = fetcher(a.ccr.ledger());
        fetcher.fetch(clause(AgentWorld.ICMR), runKey);
        Trainer.Table again = fetcher.fetch(clause(AgentWorld.ICMR), runKey);

        assertThat(again.csv()).exists();
        assertThat(released.get()).isEqualTo(1);
    }

    /** The dataset's registered location rewritten to {@code location} (the ledger read through a lying host). */
    TypedLedger locatedAt(String location) {
        return new TypedLedger(new LyingLedger(
                a.ccr.client(),
                Datasets.GET.name(),
                json -> json.replaceAll("\"file:[^\"]*\"", "\"" + location + "\"")));
    }

    @Test
    void downloadsAnHttpsLocationFromTheTdpsEndpointTrustingOnlyItsPinnedCertificate() throws Exception {
        try (TdpEndpoint tdp = new TdpEndpoint(dir)) {
            String location = tdp.publish(AgentWorld.ICMR, Files.readAllBytes(a.ciphertext(AgentWorld.ICMR)))
                    .toString();

            Trainer.Table table = fetcher(locatedAt(location), CiphertextSource.locations(tdp.trusted()))
                    .fetch(clause(AgentWorld.ICMR), runKey);

            assertThat(Files.readString(table.csv())).isEqualTo(Files.readString(dir.resolve("tdp/icmr-data.csv")));
            assertThat(released.get()).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("endpoint-access.log")))
                    .contains("ciphertext dataset=\"icmr-data\"")
                    .contains("outcome=\"served\"");
            // The downloaded ciphertext does not stay beside the plaintext.
            assertThat(dir.resolve("work/plain/icmr-data.enc")).doesNotExist();
        }
    }

    /** A TDP endpoint serving other bytes than the signed ciphertext: DATA, and no key is even asked for. */
    @Test
    void aTamperedCiphertextOnTheEndpointFailsAtDataBeforeAnyKeyIsAskedFor() throws Exception {
        try (TdpEndpoint tdp = new TdpEndpoint(dir)) {
            byte[] ct = Files.readAllBytes(a.ciphertext(AgentWorld.ICMR));
            ct[ct.length / 2] ^= 1;
            String location = tdp.publish(AgentWorld.ICMR, ct).toString();

            assertThatThrownBy(() -> fetcher(locatedAt(location), CiphertextSource.locations(tdp.trusted()))
                            .fetch(clause(AgentWorld.ICMR), runKey))
                    .isInstanceOfSatisfying(
                            AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.DATA))
                    .hasMessageStartingWith("DATA: dataset 'icmr-data': ciphertext sha256 ")
                    .hasMessageContaining("differs from the contract's "
                            + clause(AgentWorld.ICMR).ciphertextSha256())
                    .hasMessageContaining("no key was asked for");
            assertThat(released.get()).isZero();
            assertThat(dir.resolve("work/plain/icmr-data.csv")).doesNotExist();
            assertThat(dir.resolve("work/plain/icmr-data.enc")).doesNotExist();
        }
    }

    @Test
    void refusesAnHttpsLocationWithoutConfiguredTrustOrServedUnderAnotherCertificate() throws Exception {
        try (TdpEndpoint tdp = new TdpEndpoint(dir)) {
            String location = tdp.publish(AgentWorld.ICMR, Files.readAllBytes(a.ciphertext(AgentWorld.ICMR)))
                    .toString();

            assertThatThrownBy(() -> fetcher(locatedAt(location)).fetch(clause(AgentWorld.ICMR), runKey))
                    .isInstanceOfSatisfying(
                            AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.DATA))
                    .hasMessageContaining("dataset 'icmr-data': no TLS trust is configured for https data locations");
            try (TdpEndpoint impostor = new TdpEndpoint(dir.resolve("other"))) {
                assertThatThrownBy(() -> fetcher(locatedAt(location), CiphertextSource.locations(impostor.trusted()))
                                .fetch(clause(AgentWorld.ICMR), runKey))
                        .isInstanceOfSatisfying(
                                AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.DATA))
                        .hasMessageContaining("dataset 'icmr-data': cannot download the ciphertext of TDP 'icmr'")
                        .hasMessageContaining("only the pinned certificate is trusted");
            }
            assertThatThrownBy(() -> fetcher(
                                    locatedAt(location),
                                    CiphertextSource.locations(tdp.trusted().withMaxBytes(10)))
                            .fetch(clause(AgentWorld.ICMR), runKey))
                    .hasMessageContaining("over the limit of 10");
            assertThat(released.get()).isZero();
        }
    }

    /** The trust the TDP registered in the location: enough without the operator's, and it beats the operator's. */
    @Test
    void aLocationPinningTheEndpointCertificateNeedsNoConfiguredTrustAndRefusesAnyOther() throws Exception {
        try (TdpEndpoint tdp = new TdpEndpoint(dir);
                TdpEndpoint impostor = new TdpEndpoint(dir.resolve("other"))) {
            byte[] ct = Files.readAllBytes(a.ciphertext(AgentWorld.ICMR));
            String pinned = tdp.pinned(tdp.publish(AgentWorld.ICMR, ct), (long) ct.length)
                    .toString();
            impostor.publish(AgentWorld.ICMR, ct);
            String impostorPinnedToTdp = tdp.pinned(impostor.endpoint.ciphertextUri(AgentWorld.ICMR), null)
                    .toString();
            String declaredTooSmall = tdp.pinned(tdp.endpoint.ciphertextUri(AgentWorld.ICMR), ct.length - 1L)
                    .toString();

            assertThatThrownBy(() -> fetcher(
                                    locatedAt(impostorPinnedToTdp), CiphertextSource.locations(impostor.trusted()))
                            .fetch(clause(AgentWorld.ICMR), runKey))
                    .isInstanceOfSatisfying(
                            AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.DATA))
                    .hasMessageContaining("not the one registered with the data location");
            assertThatThrownBy(() -> fetcher(locatedAt(declaredTooSmall), CiphertextSource.locations(null))
                            .fetch(clause(AgentWorld.ICMR), runKey))
                    .isInstanceOfSatisfying(
                            AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.DATA))
                    .hasMessageContaining("over the limit of " + (ct.length - 1));
            assertThat(released.get()).isZero();

            Trainer.Table table =
                    fetcher(locatedAt(pinned), CiphertextSource.locations(null)).fetch(clause(AgentWorld.ICMR), runKey);

            assertThat(Files.readString(table.csv())).isEqualTo(Files.readString(dir.resolve("tdp/icmr-data.csv")));
            assertThat(released.get()).isEqualTo(1);
        }
    }

    @Test
    void refusesACiphertextOtherThanTheSignedOneAndLeavesNoPlaintext() throws Exception {
        Path enc = a.ciphertext(AgentWorld.ICMR);
        byte[] ct = Files.readAllBytes(enc);
        ct[ct.length - 1] ^= 1;
        Files.write(enc, ct);

        assertThatThrownBy(() -> fetcher(a.ccr.ledger()).fetch(clause(AgentWorld.ICMR), runKey))
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.DATA))
                .hasMessageContaining("dataset 'icmr-data': ciphertext sha256")
                .hasMessageContaining(
                        "differs from the contract's " + clause(AgentWorld.ICMR).ciphertextSha256());
        assertThat(dir.resolve("work/plain/icmr-data.csv")).doesNotExist();
    }

    @Test
    void refusesALocationOtherThanFileOrHttps() {
        LyingLedger host = new LyingLedger(
                a.ccr.client(),
                Datasets.GET.name(),
                json -> json.replaceAll("\"file:[^\"]*\"", "\"ftp://host/x.enc\""));

        assertThatThrownBy(() -> fetcher(new TypedLedger(host)).fetch(clause(AgentWorld.ICMR), runKey))
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.DATA))
                .hasMessageContaining("only file: and https: locations are supported, got 'ftp'");
    }
}
