package org.depa.fabric;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;

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
    static final String SPEC =
            "{\"features\":[{\"column\":\"age\",\"encoding\":\"numeric\",\"center\":50,\"scale\":20}],"
                    + "\"label\":{\"column\":\"result\",\"positive\":\"1\"},\"hiddenLayers\":[8],\"activation\":\"relu\","
                    + "\"optimizer\":{\"name\":\"sgd\",\"learningRate\":\"0.1\"},\"batchSize\":8,\"epochs\":20,"
                    + "\"split\":{\"validation\":\"0.2\",\"test\":\"0.2\"},\"seed\":1}";
    static final byte[] SALT = Hashes.sha256("fabric-clean-room-salt".getBytes(StandardCharsets.UTF_8));
    static final String COMMITMENT = ModelSpecCommitments.commit(SALT, SPEC);
    static final String EPSILON = "8";

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
        Random rnd = new Random(7);
        StringBuilder a = new StringBuilder("mobile,result\n");
        StringBuilder b = new StringBuilder("mobile,age\n");
        for (int i = 1; i <= 400; i++) {
            int age = 20 + rnd.nextInt(60);
            a.append(i).append(',').append(age + rnd.nextInt(20) > 60 ? 1 : 0).append('\n');
            b.append(i).append(',').append(age).append('\n');
        }
        icmrData = world.id("cr-icmr-data");
        cowinData = world.id("cr-cowin-data");
        register(icmr, icmrData, a.toString());
        register(cowin, cowinData, b.toString());

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        outputKey = g.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'})
                        .encodeToString(outputKey.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        outKey = world.id("cr-out");
        tdc.ledger().submit(Jobs.REGISTER_OUTPUT_KEY, new RegisterOutputKeyRequest(outKey, tdc.id(), pem));

        // The TDC's own bridge holds the spec key; the clean room gets the spec only sealed.
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("spec", Json.tree(SPEC));
        bundle.put("salt", HexFormat.of().formatHex(SALT));
        Path tdcDir = Files.createDirectories(dir.resolve("tdc"));
        DatasetKeyStore tdcKeys = DatasetKeyStore.pkcs12(tdcDir.resolve("bridge.p12"), "test-only".toCharArray());
        open.add(tdcKeys);
        tdcKeys.importKey(SealedSpec.keyId(COMMITMENT), specKey.bytes());
        tdcBridge = LoopbackBridge.start(bridgeService(tdc, tdcKeys));
        open.add(tdcBridge);
        Files.write(
                tdcDir.resolve("spec.sealed"),
                SealedSpec.seal(
                        Json.canonicalString(bundle).getBytes(StandardCharsets.UTF_8),
                        specKey,
                        new SealedSpec.Header(tdc.id(), COMMITMENT, tdcBridge.uri())));
        // The image's settings: the emulated chip of this host, the certified measurement, the real clock.
        Files.writeString(
                dir.resolve("agent.properties"),
                "evidence=emulated\nevidence.emulated.chip=" + dir.resolve("chip.properties")
                        + "\nevidence.emulated.measurement=" + FabricWorld.MEASUREMENT
                        + "\nledger.channel=" + LocalNetwork.CHANNEL
                        + "\nledger.chaincode=" + LocalNetwork.CHAINCODE
                        + "\nclock=system\n");
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
        List<SchemaField> schema = Arrays.stream(
                        csv.substring(0, csv.indexOf('\n')).split(","))
                .map(c -> new SchemaField(c, "string", null))
                .toList();
        owner.ledger()
                .submit(
                        Datasets.REGISTER,
                        new DatasetRequest(
                                datasetId,
                                owner.id(),
                                datasetId,
                                "synthetic",
                                schema,
                                "file:///samples/" + datasetId + ".csv",
                                enc.toUri().toString(),
                                sha,
                                bridge.uri().toString(),
                                datasetId + "-key",
                                new DatasetTerms(
                                        List.of("TRAINING"),
                                        1000L,
                                        "INR",
                                        new BigDecimal("10"),
                                        new BigDecimal("20"),
                                        new BigDecimal("0.01"))));
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
        List<DatasetClauseRequest> clauses = new ArrayList<>();
        for (String d : List.of(cowinData, icmrData)) {
            clauses.add(new DatasetClauseRequest(
                    d,
                    "mobile",
                    new PrivacyConstraints(
                            new BigDecimal(EPSILON),
                            new BigDecimal("0.01"),
                            new BigDecimal("1.0"),
                            new BigDecimal("1.0"),
                            20),
                    5000L));
        }
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
                        clauses,
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
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new OperatorSettings(
                ccr.id(),
                dir.resolve("operator"),
                1,
                maxAttempts,
                List.of(
                        java.toString(),
                        "-Xmx512m",
                        "-Dai.djl.offline=true",
                        "-Dai.djl.default_engine=PyTorch",
                        "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"),
                        "-DENGINE_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"),
                        "-Dai.djl.pytorch.num_interop_threads=1",
                        "-Dai.djl.pytorch.num_threads=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.depa.ccr.agent.CleanRoomMain",
                        dir.resolve("agent.properties").toString(),
                        OperatorSettings.CONFIG_PLACEHOLDER),
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
