package org.depa.fabric;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.attestation.emulator.EmulatedChipFile;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.ccr.operator.Operator;
import org.depa.ccr.operator.OperatorSettings;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.SealedSpec;
import org.depa.kms.bridge.KeyReleaseService;
import org.depa.kms.bridge.LoopbackBridge;
import org.depa.kms.bridge.NonceStore;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.testkit.training.CleanRoomLaunch;
import org.depa.testkit.training.SyntheticTables;
import org.depa.testkit.training.TrainingSpec;

/**
 * The CCR provider's operator on the Fabric network, launching the REAL clean-room agent
 * ({@code CleanRoomMain}, a child JVM per launch), as ccr-operator's {@code AgentJobWorld} does on
 * the embedded ledger: two TDPs (icmr with the label, cowin with the feature, joined on "mobile",
 * 400 synthetic rows) each with its own kms-bridge (kms-bridge-core on loopback, PKCS#12 custody)
 * bound to the TDP's own Fabric enrolment and trusting this host's emulated chip; the TDC with its
 * output key, its sealed spec and its own bridge holding the spec key; the CCR provider, whose
 * operator follows the jobs through the provider's own enrolment (as the deployment runs it) and
 * relays its clean rooms' few writes.
 */
final class CleanRoomWorld implements AutoCloseable {
    /** The spec, salt and commitment of this world's TDC (testkit's, shared with ccr-operator's AgentJobWorld). */
    static final TrainingSpec TRAINING = TrainingSpec.salted("fabric-clean-room-salt");

    static final String COMMITMENT = TRAINING.commitment();
    static final String EPSILON = TrainingSpec.EPSILON;

    final FabricWorld world;
    final FabricWorld.Party icmr;
    final FabricWorld.Party cowin;
    final FabricWorld.Party tdc;
    final FabricWorld.Party ccr;
    final String icmrData;
    final String cowinData;
    final String outKey;
    final Path dir;
    final PrintStream log;
    final KeyPair outputKey;

    private final SnpEmulator chip = SnpEmulator.create(SnpProduct.MILAN);
    private final DatasetKey specKey = DatasetKey.generate();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final LoopbackBridge tdcBridge;

    CleanRoomWorld(Path varNetwork, Path dir) throws Exception {
        this.dir = dir;
        this.log = new PrintStream(Files.newOutputStream(dir.resolve("operator.log")), true, StandardCharsets.UTF_8);
        world = new FabricWorld(varNetwork);
        world.setUp();
        icmr = world.onboard("cr-icmr", Role.TDP, "ProviderMSP");
        cowin = world.onboard("cr-cowin", Role.TDP, "ProviderMSP");
        tdc = world.onboard("cr-tdc", Role.TDC, "ConsumerMSP");
        ccr = world.onboard("cr-ccr", Role.CCR_PROVIDER, "ConsumerMSP");
        EmulatedChipFile.save(chip, dir.resolve("chip.properties"));
        SyntheticTables tables = SyntheticTables.generate();
        icmrData = world.id("cr-icmr-data");
        cowinData = world.id("cr-cowin-data");
        register(icmr, icmrData, tables.labels());
        register(cowin, cowinData, tables.features());

        outputKey = TrainingSpec.outputKeyPair();
        outKey = world.id("cr-out");
        tdc.ledger()
                .submit(
                        Jobs.REGISTER_OUTPUT_KEY,
                        new RegisterOutputKeyRequest(
                                outKey, tdc.id(), TrainingSpec.publicKeyPem(outputKey.getPublic())));

        // The TDC's own bridge holds the spec key; the clean room gets the spec only sealed.
        Path tdcDir = Files.createDirectories(dir.resolve("tdc"));
        DatasetKeyStore tdcKeys = DatasetKeyStore.pkcs12(tdcDir.resolve("bridge.p12"), "test-only".toCharArray());
        open.add(tdcKeys);
        tdcKeys.importKey(SealedSpec.keyId(COMMITMENT), specKey.bytes());
        tdcBridge = LoopbackBridge.start(bridgeService(tdc, tdcKeys));
        open.add(tdcBridge);
        Files.write(
                tdcDir.resolve("spec.sealed"),
                SealedSpec.seal(
                        TRAINING.bundleJson().getBytes(StandardCharsets.UTF_8),
                        specKey,
                        new SealedSpec.Header(tdc.id(), COMMITMENT, tdcBridge.uri())));
        // The image's settings: the emulated chip of this host, the certified measurement, the real clock.
        Files.writeString(
                dir.resolve("agent.properties"),
                CleanRoomLaunch.agentProperties(
                        dir.resolve("chip.properties"),
                        FabricWorld.MEASUREMENT,
                        LocalNetwork.CHANNEL,
                        LocalNetwork.CHAINCODE,
                        "system"));
    }

    private void register(FabricWorld.Party owner, String datasetId, String csv) throws Exception {
        Path tdp = Files.createDirectories(dir.resolve("tdp-" + owner.id()));
        Path plain = tdp.resolve("data.csv");
        Files.writeString(plain, csv);
        DatasetKey key = DatasetKey.generate();
        Path enc = tdp.resolve("data.enc");
        String sha =
                DatasetCipher.create(key).encryptFile(plain, enc, datasetId).ciphertextSha256();
        Files.delete(plain);
        DatasetKeyStore keys = DatasetKeyStore.pkcs12(tdp.resolve("bridge.p12"), "test-only".toCharArray());
        open.add(keys);
        keys.importKey(datasetId + "-key", key.bytes());
        LoopbackBridge bridge = LoopbackBridge.start(bridgeService(owner, keys));
        open.add(bridge);
        owner.ledger()
                .submit(
                        Datasets.REGISTER,
                        SyntheticTables.registration(
                                datasetId,
                                owner.id(),
                                csv,
                                enc.toUri().toString(),
                                sha,
                                bridge.uri().toString(),
                                datasetId + "-key"));
    }

    /** A party's bridge, bound to its own enrolment, trusting this host's emulated chip. */
    private KeyReleaseService bridgeService(FabricWorld.Party owner, DatasetKeyStore keys) {
        return new KeyReleaseService(
                owner.client(),
                owner.id(),
                SnpVerifier.create(VerifierOptions.defaults().withDevelopmentRoot(chip.product(), chip.ark())),
                VerificationPolicy.defaults(),
                NonceStore.create(Clock.systemUTC(), Duration.ofSeconds(60), 100),
                keys,
                true);
    }

    /** An ACTIVE contract of the TDC over both datasets, committing to the spec, every party signed. */
    String contract(String base) {
        String id = world.id(base);
        Instant now = Instant.now();
        world.propose(
                tdc,
                new ContractProposal(
                        id,
                        tdc.id(),
                        ccr.id(),
                        "TRAINING",
                        now.minus(Duration.ofMinutes(5)).toString(),
                        now.plus(Duration.ofDays(7)).toString(),
                        TrainingSpec.clauses(List.of(cowinData, icmrData)),
                        List.of(FabricWorld.MEASUREMENT),
                        new PaymentTerms("INR", 1000),
                        new RevocationTerms(List.of(Role.TDP, Role.TDC)),
                        COMMITMENT));
        world.signAll(id, tdc, ccr, icmr, cowin);
        tdc.ledger().submit(Contracts.ACTIVATE, new ContractActionRequest(id, tdc.id(), null));
        return id;
    }

    /** The TDC submits a job over {@code contractId} naming its sealed spec. */
    TrainingJob submit(String jobId, String contractId) {
        return tdc.ledger()
                .submit(
                        Jobs.SUBMIT,
                        new SubmitJobRequest(
                                jobId,
                                tdc.id(),
                                List.of(contractId),
                                COMMITMENT,
                                dir.resolve("tdc")
                                        .resolve("spec.sealed")
                                        .toUri()
                                        .toString(),
                                outKey));
    }

    /** The operator's settings: one clean room at a time, {@code maxAttempts} launches per job. */
    OperatorSettings settings(int maxAttempts) {
        return new OperatorSettings(
                ccr.id(),
                dir.resolve("operator"),
                1,
                maxAttempts,
                CleanRoomLaunch.command(dir.resolve("agent.properties"), OperatorSettings.CONFIG_PLACEHOLDER),
                Duration.ofMillis(200));
    }

    /** The operator, following the ledger through the CCR provider's own Fabric client. */
    Operator operator(OperatorSettings settings) throws java.io.IOException {
        return Operator.start(ccr.client(), settings, log);
    }

    Path workspace(String jobId) {
        return dir.resolve("operator").resolve("jobs").resolve(jobId);
    }

    @Override
    public void close() {
        // Only this world's clean rooms (their command line names its directory): a peer that an earlier test
        // restarted from this JVM is a descendant too, and must live on.
        ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(dir.toString()))
                .forEach(ProcessHandle::destroyForcibly);
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                log.println("close: " + e);
            }
        }
        log.close();
        world.close();
    }
}
