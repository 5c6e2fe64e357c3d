package org.depa.kms.bridge.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.util.HexFormat;
import java.util.List;
import org.depa.kms.bridge.EmulatedCcr;
import org.depa.kms.bridge.TestWorld;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.KeyReleaseClient;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleaseRefusedException;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.kms.protocol.ReleasedKey;
import org.depa.kms.protocol.ReportDataBinding;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.Test;

/**
 * Emulated clean room -> challenge -> release -> ledger record -> unwrap, through the protocol's own client, as the
 * ccr-agent will call it.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class EndToEndTest extends BridgeTest {
    @TestHTTPResource("/")
    URL bridge;

    @Test
    void anAttestedCleanRoomGetsTheKeyAndTheLedgerRecordsIt() throws Exception {
        String run = startedRun();
        KeyReleaseClient client = KeyReleaseClient.create();
        URI uri = bridge.toURI();
        long heightBefore = W.ledger.height();

        for (EphemeralKey key : List.of(EphemeralKey.generate(), EphemeralKey.generateRsa())) {
            Challenge challenge = client.challenge(uri, run);
            ReleaseRequest request = EmulatedCcr.trusted().request(run, Scenario.ICMR_DATA, challenge, key);

            ReleasedKey released = client.release(uri, request, key);

            assertThat(released.datasetKey()).isEqualTo(TestWorld.ICMR_KEY);
            assertThat(released.keyId()).isEqualTo("icmr-data-key");
            KeyReleaseRecord r = released.record();
            assertThat(r.runId()).isEqualTo(run);
            assertThat(r.datasetId()).isEqualTo(Scenario.ICMR_DATA);
            assertThat(r.tdpId()).isEqualTo("icmr");
            assertThat(r.measurement()).isEqualTo(World.MEASUREMENT);
            assertThat(r.recipientKeySha256()).isEqualTo(ReportDataBinding.recipientKeySha256(key.publicJwk()));
            byte[] report = java.util.Base64.getDecoder().decode(request.reportBase64());
            assertThat(r.reportSha256()).isEqualTo(Hashes.sha256Hex(report));
        }

        // Both releases are on the ledger, as the SRO reads it, and nothing else was written.
        JavaType listType = Json.mapper().getTypeFactory().constructCollectionType(List.class, KeyReleaseRecord.class);
        List<KeyReleaseRecord> onLedger = W.sroLedger().evaluate(Runs.KEY_RELEASES, run);
        assertThat(onLedger).hasSize(2).allMatch(k -> k.datasetId().equals(Scenario.ICMR_DATA));
        assertThat(W.ledger.height()).isEqualTo(heightBefore + 2);
        // The audit log says what was released, and never the key.
        String keyHex = HexFormat.of().formatHex(TestWorld.ICMR_KEY);
        assertThat(AUDIT.lines()).anyMatch(l -> l.contains("outcome=RELEASED") && l.contains("run=" + run));
        assertThat(AUDIT.lines())
                .noneMatch(l -> l.toLowerCase(java.util.Locale.ROOT).contains(keyHex));
    }

    @Test
    void theClientSurfacesTheBridgesReasonCode() throws Exception {
        KeyReleaseClient client = KeyReleaseClient.create();
        URI uri = bridge.toURI();
        String run = startedRun();
        Challenge challenge = client.challenge(uri, run);
        EphemeralKey key = EphemeralKey.generate();
        ReleaseRequest request = EmulatedCcr.trusted().request(run, Scenario.COWIN_DATA, challenge, key);

        assertThatThrownBy(() -> client.release(uri, request, key))
                .isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
                    assertThat(e.reasonCode()).isEqualTo(RefusalCode.NOT_RELEASABLE);
                    assertThat(e.problem().ledgerCode()).isEqualTo("NOT_A_PARTY");
                });
        assertThatThrownBy(() -> client.challenge(uri, "r-unknown"))
                .isInstanceOf(org.depa.kms.protocol.ChallengeException.class)
                .hasMessageContaining("NOT_RELEASABLE");
    }

    @Test
    void theClientRefusesAKeyThatIsNotTheRequestsRecipient() throws Exception {
        KeyReleaseClient client = KeyReleaseClient.create();
        URI uri = bridge.toURI();
        String run = startedRun();
        Challenge challenge = client.challenge(uri, run);
        ReleaseRequest request =
                EmulatedCcr.trusted().request(run, Scenario.ICMR_DATA, challenge, EphemeralKey.generate());

        assertThatThrownBy(() -> client.release(uri, request, EphemeralKey.generate()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
