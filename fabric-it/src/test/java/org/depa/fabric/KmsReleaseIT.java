package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.attestation.emulator.VcekSpec;
import org.depa.kms.bridge.KeyReleaseService;
import org.depa.kms.bridge.NonceStore;
import org.depa.kms.bridge.RefusalException;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.ChallengeRequest;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleaseJwe;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.kms.protocol.ReleaseResponse;
import org.depa.kms.protocol.ReportDataBinding;
import org.depa.kms.protocol.RunKeySigner;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.testing.CleanRooms;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key release on the Fabric network: an emulated clean room asks the TDP's release service (the bridge's
 * {@link KeyReleaseService}, bound to the TDP's gateway identity) for a key; the release is endorsed by a majority
 * and committed before the key is sealed; the clean room unwraps it. HTTP is covered by kms-bridge's own tests.
 */
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
class KmsReleaseIT {
    private static FabricWorld world;
    private static FabricWorld.Party tdp;
    private static FabricWorld.Party tdc;
    private static FabricWorld.Party ccr;
    private static final SnpEmulator CHIP = SnpEmulator.create(SnpProduct.MILAN);

    @BeforeAll
    static void setUp() {
        world = new FabricWorld(Path.of(System.getProperty("depa.fabric.network")));
        world.setUp();
        tdp = world.onboard("kms-tdp", Role.TDP, "ProviderMSP");
        tdc = world.onboard("kms-tdc", Role.TDC, "ConsumerMSP");
        ccr = world.onboard("kms-ccr", Role.CCR_PROVIDER, "ConsumerMSP");
    }

    private static String chipIdHex(SnpEmulator chip) {
        return HexFormat.of().formatHex(java.util.Arrays.copyOf(chip.vcekSpec().hwId(), 64));
    }

    private static String tcbHex(SnpEmulator chip) {
        return HexFormat.of().formatHex(chip.vcekSpec().tcb().toBytes(chip.product()));
    }

    private static byte[] randomHwId() {
        byte[] id = new byte[SnpProduct.MILAN.hwIdLength()];
        new SecureRandom().nextBytes(id);
        return id;
    }

    @AfterAll
    static void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void anAttestedCleanRoomGetsTheKeyAfterTheReleaseCommits(@TempDir Path dir) throws Exception {
        String dataset = world.id("kms-ds");
        world.registerDataset(tdp, dataset, "10", "2");
        String contractId = world.id("kms-c");
        world.propose(tdc, ccr, contractId, List.of(dataset), "1");
        world.signAll(contractId, tdc, ccr, tdp);
        tdc.ledger().submit(Contracts.ACTIVATE, new ContractActionRequest(contractId, tdc.id(), null));
        String runId = world.id("kms-run");
        Credentials runKey = SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P384_SHA384,
                "run",
                Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        ccr.ledger()
                .submit(
                        Runs.START,
                        CleanRooms.start(
                                CHIP, runId, contractId, ccr.id(), FabricWorld.MEASUREMENT, runKey.publicKeyPem()));
        RunKeySigner runKeySigner = LocalSigner.fromPem(runKey.privateKeyPem())::sign;

        byte[] datasetKey = new byte[32];
        new SecureRandom().nextBytes(datasetKey);
        DatasetKeyStore keys = DatasetKeyStore.pkcs12(dir.resolve("keys.p12"), "it".toCharArray());
        keys.importKey("key", datasetKey); // FabricWorld registers every dataset with keyId "key"
        KeyReleaseService bridge = new KeyReleaseService(
                tdp.client(),
                tdp.id(),
                SnpVerifier.create(VerifierOptions.defaults().withDevelopmentRoot(SnpProduct.MILAN, CHIP.ark())),
                VerificationPolicy.defaults(),
                NonceStore.create(Clock.systemUTC(), Duration.ofSeconds(60), 100),
                keys,
                true);

        Challenge challenge = bridge.challenge(new ChallengeRequest(runId), "127.0.0.1");
        EphemeralKey ephemeral = EphemeralKey.generate();
        byte[] report = CHIP.report(CHIP.reportSpec()
                .reportData(ReportDataBinding.reportData(challenge.nonceBytes(), ephemeral.publicJwk(), runId))
                .measurement(HexFormat.of().parseHex(FabricWorld.MEASUREMENT))
                .build());
        StringBuilder chain = new StringBuilder();
        for (var c : CHIP.chain()) {
            chain.append("-----BEGIN CERTIFICATE-----\n")
                    .append(java.util.Base64.getMimeEncoder().encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        ReleaseRequest request =
                ReleaseRequest.of(runId, dataset, challenge, report, chain.toString(), ephemeral, runKeySigner);

        ReleaseResponse response = bridge.release(request);

        assertThat(ReleaseJwe.open(response.jwe(), ephemeral, dataset, runId).datasetKey())
                .isEqualTo(datasetKey);
        JavaType listType = Json.mapper().getTypeFactory().constructCollectionType(List.class, KeyReleaseRecord.class);
        List<KeyReleaseRecord> onLedger =
                Json.mapper().readValue(world.any().evaluate(Runs.KEY_RELEASES.name(), runId), listType);
        assertThat(onLedger).singleElement().satisfies(r -> {
            assertThat(r.txId()).isEqualTo(response.txId());
            assertThat(r.tdpId()).isEqualTo(tdp.id());
            assertThat(r.recipientKeySha256()).isEqualTo(ReportDataBinding.recipientKeySha256(ephemeral.publicJwk()));
            assertThat(r.chipId()).isEqualTo(chipIdHex(CHIP));
        });

        // Issue 15: a second chip under the same root, even holding the run key, is refused by the bridge; a TDP
        // recording a release for it directly is refused by the chaincode on the network; nothing is recorded.
        SnpEmulator second = CHIP.withVcek(
                VcekSpec.builder(SnpProduct.MILAN, randomHwId(), CHIP.vcekSpec().tcb())
                        .build());
        Challenge forSecond = bridge.challenge(new ChallengeRequest(runId), "127.0.0.1");
        EphemeralKey secondKey = EphemeralKey.generate();
        byte[] fromSecond = second.report(second.reportSpec()
                .reportData(ReportDataBinding.reportData(forSecond.nonceBytes(), secondKey.publicJwk(), runId))
                .measurement(HexFormat.of().parseHex(FabricWorld.MEASUREMENT))
                .build());
        StringBuilder secondChain = new StringBuilder();
        for (var c : second.chain()) {
            secondChain
                    .append("-----BEGIN CERTIFICATE-----\n")
                    .append(java.util.Base64.getMimeEncoder().encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        assertThatThrownBy(() -> bridge.release(ReleaseRequest.of(
                        runId, dataset, forSecond, fromSecond, secondChain.toString(), secondKey, runKeySigner)))
                .isInstanceOfSatisfying(
                        RefusalException.class,
                        e -> assertThat(e.problem().reasonCode()).isEqualTo(RefusalCode.CHIP_MISMATCH));
        String reportSha = Hashes.sha256Hex(fromSecond);
        String recipientSha = ReportDataBinding.recipientKeySha256(secondKey.publicJwk());
        KeyReleaseRequest direct = new KeyReleaseRequest(
                runId,
                dataset,
                tdp.id(),
                FabricWorld.MEASUREMENT,
                reportSha,
                recipientSha,
                chipIdHex(second),
                tcbHex(second),
                java.util.Base64.getEncoder()
                        .encodeToString(runKeySigner.sign(
                                SigningPayloads.keyRelease(runId, dataset, reportSha, recipientSha))));
        assertThatThrownBy(() -> tdp.ledger().submit(Runs.RECORD_KEY_RELEASE, direct))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHIP_MISMATCH));
        assertThat(Json.mapper()
                        .<List<KeyReleaseRecord>>readValue(
                                world.any().evaluate(Runs.KEY_RELEASES.name(), runId), listType))
                .hasSize(1);

        // The same nonce again, and a release once the contract is revoked: refused, nothing recorded.
        assertThatThrownBy(() -> bridge.release(request))
                .isInstanceOfSatisfying(
                        RefusalException.class,
                        e -> assertThat(e.problem().reasonCode()).isEqualTo(RefusalCode.NONCE_REPLAYED));
        tdp.ledger().submit(Contracts.REVOKE, new ContractActionRequest(contractId, tdp.id(), "withdrawn"));
        Challenge again = bridge.challenge(new ChallengeRequest(runId), "127.0.0.1");
        EphemeralKey secondEphemeral = EphemeralKey.generate();
        byte[] secondReport = CHIP.report(CHIP.reportSpec()
                .reportData(ReportDataBinding.reportData(again.nonceBytes(), secondEphemeral.publicJwk(), runId))
                .measurement(HexFormat.of().parseHex(FabricWorld.MEASUREMENT))
                .build());
        assertThatThrownBy(() -> bridge.release(ReleaseRequest.of(
                        runId, dataset, again, secondReport, chain.toString(), secondEphemeral, runKeySigner)))
                .isInstanceOfSatisfying(RefusalException.class, e -> {
                    assertThat(e.problem().reasonCode()).isEqualTo(RefusalCode.LEDGER_REFUSED);
                    assertThat(e.problem().ledgerCode()).isEqualTo("INVALID_STATE");
                });
        assertThat(Json.mapper()
                        .<List<KeyReleaseRecord>>readValue(
                                world.any().evaluate(Runs.KEY_RELEASES.name(), runId), listType))
                .hasSize(1);
    }
}
