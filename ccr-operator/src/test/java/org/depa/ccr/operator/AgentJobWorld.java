package org.depa.ccr.operator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.attestation.emulator.EmulatedChipFile;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.SealedSpec;
import org.depa.kms.bridge.KeyReleaseService;
import org.depa.kms.bridge.LoopbackBridge;
import org.depa.kms.bridge.NonceStore;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.World;
import org.depa.testkit.training.CleanRoomLaunch;
import org.depa.testkit.training.SyntheticTables;
import org.depa.testkit.training.TrainingSpec;

/**
 * The cast for the operator launching the REAL clean-room agent: two TDPs whose tables (a few
 * hundred synthetic rows) join on "mobile", each with its own kms-bridge (kms-bridge-core on
 * loopback, PKCS#12 custody) trusting the host's emulated chip (saved to a file, so every clean
 * room launched on this "host" attests with it), the TDC with its output key and the spec bundle,
 * and the CCR provider whose operator runs the job.
 */
final class AgentJobWorld implements AutoCloseable {
    /** The spec, salt and commitment of this world's TDC (testkit's, shared with fabric-it's CleanRoomWorld). */
    static final TrainingSpec TRAINING = TrainingSpec.salted("agent-job-salt");

    static final String SPEC = TRAINING.spec();
    static final byte[] SALT = TRAINING.salt();
    static final String COMMITMENT = TRAINING.commitment();
    static final String EPSILON = TrainingSpec.EPSILON;

    final World w;
    final Party icmr;
    final Party cowin;
    final Party tdc;
    final Party ccr;
    final Path dir;
    final Path state;
    final PrintStream log;
    final SnpEmulator chip = SnpEmulator.create(SnpProduct.MILAN);
    /** The TDC's output key (P-384): the job's output is sealed to its public half. */
    final java.security.KeyPair outputKey;
    /** The key of the TDC's sealed spec, held by the TDC's bridge only. */
    final DatasetKey specKey = DatasetKey.generate();

    final LoopbackBridge tdcBridge;

    private final List<AutoCloseable> open = new ArrayList<>();
    /** Each TDP's data endpoint by dataset id, when the ciphertexts are hosted over HTTPS. */
    private final Map<String, TdpDataEndpoint> endpoints = new LinkedHashMap<>();

    private final boolean httpsData;

    AgentJobWorld(Path dir) throws Exception {
        this(dir, false);
    }

    /**
     * @param httpsData each TDP hosts its ciphertext on its own data endpoint (HTTPS, its own
     *     certificate) and registers the https location; otherwise a file: location
     */
    AgentJobWorld(Path dir, boolean httpsData) throws Exception {
        this.dir = dir;
        this.httpsData = httpsData;
        this.w = new World(
                EmbeddedLedger.builder().directory(dir.resolve("ledger")).trustAnyDevelopmentRoot());
        this.state = dir.resolve("operator");
        this.log = new PrintStream(Files.newOutputStream(dir.resolve("operator.log")), true, StandardCharsets.UTF_8);
        w.publishAgreement("v1");
        icmr = w.onboard("icmr", Role.TDP, "ProviderMSP");
        cowin = w.onboard("cowin", Role.TDP, "ProviderMSP");
        tdc = w.onboard("tdc", Role.TDC, "ConsumerMSP");
        ccr = w.onboard("ccr", Role.CCR_PROVIDER, "ConsumerMSP");
        w.certify(World.MEASUREMENT);
        EmulatedChipFile.save(chip, dir.resolve("chip.properties"));
        SyntheticTables tables = SyntheticTables.generate();
        register(icmr, "icmr-data", tables.labels());
        register(cowin, "cowin-data", tables.features());
        outputKey = TrainingSpec.outputKeyPair();
        tdc.ledger()
                .submit(
                        Jobs.REGISTER_OUTPUT_KEY,
                        new RegisterOutputKeyRequest(
                                "tdc-out", "tdc", TrainingSpec.publicKeyPem(outputKey.getPublic())));
        String bundle = TRAINING.bundleJson();
        Files.createDirectories(dir.resolve("tdc"));
        Files.writeString(dir.resolve("tdc").resolve("spec-bundle.json"), bundle);
        // The TDC's own bridge holds the spec key; the clean room gets the spec only sealed.
        DatasetKeyStore tdcKeys =
                DatasetKeyStore.pkcs12(dir.resolve("tdc").resolve("bridge.p12"), "test-only".toCharArray());
        open.add(tdcKeys);
        tdcKeys.importKey(SealedSpec.keyId(COMMITMENT), specKey.bytes());
        tdcBridge = LoopbackBridge.start(bridgeService(tdc, tdcKeys));
        open.add(tdcBridge);
        Files.write(dir.resolve("tdc").resolve("spec.sealed"), seal(bundle, COMMITMENT, specKey));
        Files.writeString(
                dir.resolve("agent.properties"),
                CleanRoomLaunch.agentProperties(
                        dir.resolve("chip.properties"),
                        World.MEASUREMENT,
                        w.domain().channel(),
                        w.domain().chaincode(),
                        World.START.plus(Duration.ofHours(1)).toString()));
    }

    private void register(Party owner, String datasetId, String csv) throws Exception {
        Path tdp = Files.createDirectories(dir.resolve("tdp-" + owner.id()));
        Path plain = tdp.resolve(datasetId + ".csv");
        Files.writeString(plain, csv);
        DatasetKey key = DatasetKey.generate();
        Path enc = tdp.resolve(datasetId + ".enc");
        String sha =
                DatasetCipher.create(key).encryptFile(plain, enc, datasetId).ciphertextSha256();
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
                                location(owner, datasetId, enc),
                                sha,
                                bridge.uri().toString(),
                                datasetId + "-key"));
    }

    private String location(Party owner, String datasetId, Path enc) throws IOException {
        if (!httpsData) {
            return enc.toUri().toString();
        }
        TdpDataEndpoint endpoint = new TdpDataEndpoint(dir.resolve("tdp-" + owner.id()));
        open.add(endpoint);
        endpoints.put(datasetId, endpoint);
        return endpoint.publish(datasetId, enc).toString();
    }

    /** The endpoint hosting {@code datasetId}'s ciphertext (https worlds only). */
    TdpDataEndpoint endpoint(String datasetId) {
        return endpoints.get(datasetId);
    }

    /** What the operator passes its clean rooms to trust: every TDP endpoint's CA. */
    String dataTrustPem() {
        StringBuilder pem = new StringBuilder();
        endpoints.values().forEach(e -> pem.append(e.ca.certificatePem()));
        return pem.toString();
    }

    /** A party's bridge (TDP or TDC) trusting the host's emulated chip. */
    private KeyReleaseService bridgeService(Party owner, DatasetKeyStore keys) {
        return new KeyReleaseService(
                owner.client(),
                owner.id(),
                SnpVerifier.create(VerifierOptions.defaults().withDevelopmentRoot(chip.product(), chip.ark())),
                VerificationPolicy.defaults(),
                NonceStore.create(Clock.systemUTC(), Duration.ofSeconds(60), 100),
                keys,
                true);
    }

    /** {@code bundleJson} sealed as the TDC's spec for {@code commitment} under {@code key}, naming its bridge. */
    byte[] seal(String bundleJson, String commitment, DatasetKey key) throws IOException {
        return SealedSpec.seal(
                bundleJson.getBytes(StandardCharsets.UTF_8),
                key,
                new SealedSpec.Header("tdc", commitment, tdcBridge.uri()));
    }

    /** An ACTIVE contract over both datasets, committing to the spec. */
    void contract(String contractId) {
        contract(contractId, List.of("cowin-data", "icmr-data"));
    }

    /** An ACTIVE contract of the TDC over {@code datasets}, committing to the spec. */
    void contract(String contractId, List<String> datasets) {
        ContractProposal p = World.proposal(contractId, "tdc", "ccr", List.of("icmr-data"), EPSILON);
        w.propose(
                tdc,
                new ContractProposal(
                        p.contractId(),
                        p.tdcId(),
                        p.ccrProviderId(),
                        p.purpose(),
                        p.validFrom(),
                        p.validUntil(),
                        TrainingSpec.clauses(datasets),
                        p.allowedMeasurements(),
                        p.payment(),
                        p.revocation(),
                        COMMITMENT));
        for (String party : w.contract(contractId).parties()) {
            w.sign(w.party(party), contractId);
        }
        w.activate(tdc, contractId);
    }

    TrainingJob submit(String jobId, String contractId, String sealedSpecUri) {
        contract(contractId);
        return tdc.ledger()
                .submit(
                        Jobs.SUBMIT,
                        new SubmitJobRequest(jobId, "tdc", List.of(contractId), COMMITMENT, sealedSpecUri, "tdc-out"));
    }

    /** A job over two 2-party contracts of the TDC: c1 with icmr's dataset, c2 with cowin's. */
    TrainingJob submitOverTwoContracts(String jobId) {
        contract("c1", List.of("icmr-data"));
        contract("c2", List.of("cowin-data"));
        return tdc.ledger()
                .submit(
                        Jobs.SUBMIT,
                        new SubmitJobRequest(jobId, "tdc", List.of("c1", "c2"), COMMITMENT, specUri(), "tdc-out"));
    }

    /** The TDC's sealed spec, as the TDC submits it. */
    String specUri() {
        return dir.resolve("tdc").resolve("spec.sealed").toUri().toString();
    }

    /** The spec and salt in clear: taken only by an image with the development switch spec.unsealed=allow. */
    String bundleUri() {
        return dir.resolve("tdc").resolve("spec-bundle.json").toUri().toString();
    }

    OperatorSettings settings(int maxAttempts) {
        return new OperatorSettings(
                "ccr",
                state,
                1,
                maxAttempts,
                CleanRoomLaunch.command(dir.resolve("agent.properties"), OperatorSettings.CONFIG_PLACEHOLDER),
                Duration.ofMillis(200));
    }

    Operator operator(OperatorSettings settings) throws IOException {
        return Operator.start(ccr.client(), settings, log);
    }

    Path workspace(String jobId) {
        return state.resolve("jobs").resolve(jobId);
    }

    @Override
    public void close() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                log.println("close: " + e);
            }
        }
        log.close();
        w.close();
    }
}
