package org.depa.ccr.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.Verdict;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.World;

/**
 * A ledger with two TDPs whose small tables join on "mobile", a TDC, a CCR provider, an ACTIVE
 * contract over both datasets, their ciphertexts on disk, and an emulated clean room.
 */
final class AgentWorld implements AutoCloseable {
    static final String CONTRACT = "c-agent";
    static final String ICMR = "icmr-data";
    static final String COWIN = "cowin-data";

    final World w;
    final Party icmr;
    final Party cowin;
    final Party tdc;
    final Party ccr;
    final Path dir;
    /** A chip under the test worlds' development root, so that runs:start accepts its reports. */
    final SnpEmulator emulator = org.depa.ledger.testing.CleanRooms.ROOT;

    final Map<String, DatasetKey> keys = new LinkedHashMap<>();
    final Map<String, Party> owners = new LinkedHashMap<>();
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    AgentWorld(Path dir) throws IOException {
        this(dir, new World());
    }

    AgentWorld(Path dir, World world) throws IOException {
        this.dir = dir;
        this.w = world;
        w.publishAgreement("v1");
        icmr = w.onboard("icmr", Role.TDP, "ProviderMSP");
        cowin = w.onboard("cowin", Role.TDP, "ProviderMSP");
        tdc = w.onboard("tdc", Role.TDC, "ConsumerMSP");
        ccr = w.onboard("ccr", Role.CCR_PROVIDER, "ConsumerMSP");
        w.certify(World.MEASUREMENT);
        register(icmr, ICMR, "mobile,result\n1,0\n2,1\n3,1\n4,0\n");
        register(cowin, COWIN, "mobile,age\n1,40\n2,55\n3,61\n4,33\n");
        Files.writeString(modelSpec(), SPEC);
        Scenarios.activate(this);
    }

    /** A spec the shared validator accepts over the two datasets' columns and the contract's limits. */
    static final String SPEC =
            """
            {"features": [{"column": "age", "encoding": "numeric", "center": 50, "scale": 20}],
             "label": {"column": "result", "positive": "1"},
             "hiddenLayers": [4], "activation": "relu",
             "optimizer": {"name": "sgd", "learningRate": "0.1"},
             "batchSize": 2, "epochs": 5,
             "split": {"validation": "0.2", "test": "0.2"}, "seed": 1}
            """;

    /** The clean room's opened spec file. */
    Path modelSpec() {
        return dir.resolve("model.json");
    }

    private void register(Party owner, String datasetId, String csv) throws IOException {
        Path plain = dir.resolve("tdp").resolve(datasetId + ".csv");
        Files.createDirectories(plain.getParent());
        Files.writeString(plain, csv);
        DatasetKey key = DatasetKey.generate();
        Path enc = dir.resolve("tdp").resolve(datasetId + ".enc");
        String sha =
                DatasetCipher.create(key).encryptFile(plain, enc, datasetId).ciphertextSha256();
        DatasetRequest base = World.datasetRequest(datasetId, owner.id(), "10")
                .withEncryptedLocation(enc.toUri().toString())
                .withCiphertextSha256(sha);
        // The schema the TDP publishes: its table's header, which the spec's columns are checked against.
        List<SchemaField> schema = java.util.Arrays.stream(
                        csv.substring(0, csv.indexOf('\n')).split(","))
                .map(c -> new SchemaField(c, "string", null))
                .toList();
        DatasetRequest registration = new DatasetRequest(
                base.id(),
                base.ownerId(),
                base.name(),
                base.description(),
                schema,
                base.sampleLocation(),
                base.encryptedLocation(),
                base.ciphertextSha256(),
                base.kmsEndpoint(),
                base.keyId(),
                base.terms());
        owner.ledger().submit(Datasets.REGISTER, registration);
        keys.put(datasetId, key);
        owners.put(datasetId, owner);
    }

    Path ciphertext(String datasetId) {
        return dir.resolve("tdp").resolve(datasetId + ".enc");
    }

    EvidenceSource evidence() {
        return EvidenceSource.emulated(emulator, HexFormat.of().parseHex(World.MEASUREMENT));
    }

    Agent.Settings settings(String runId, Path workDir) {
        return new Agent.Settings(
                runId, CONTRACT, ccr.id(), w.domain(), workDir, dir.resolve("out"), modelSpec(), w.clock);
    }

    Agent agent(String runId, Path workDir, KeySource keySource, Trainer trainer) {
        return agent(runId, workDir, ccr.client(), keySource, trainer);
    }

    Agent agent(String runId, Path workDir, LedgerClient client, KeySource keySource, Trainer trainer) {
        return new Agent(settings(runId, workDir), new TypedLedger(client), evidence(), keySource, trainer, log);
    }

    /**
     * A TDP's release as the test's stand-in for the kms-bridge: it verifies fresh emulated evidence
     * bound to the run and dataset, records the release on the ledger as the TDP, then hands over
     * the key. The real bridge is exercised in the kms-bridge module and the end-to-end tests.
     */
    KeySource releasingKeys() {
        return releasingKeys(datasetId -> owners.get(datasetId).ledger(), keys::get);
    }

    /**
     * The release step for {@code ledgerOf(datasetId)} (the TDP's ledger client) and the TDP's key:
     * shared by the in-process tests and the separate-process agent of AgentKillTest.
     */
    static KeySource releasingKeys(
            java.util.function.Function<String, TypedLedger> ledgerOf,
            java.util.function.Function<String, DatasetKey> keyOf) {
        return (dataset, runId, evidence, runKey) -> {
            byte[] binding = Hashes.sha256(("release|" + runId + "|" + dataset.id()).getBytes(StandardCharsets.UTF_8));
            byte[] reportData = new byte[64];
            System.arraycopy(binding, 0, reportData, 0, 32);
            EvidenceSource.Evidence e = evidence.evidence(reportData);
            Verdict v = SnpVerifier.create(evidence.verifierOptions())
                    .verify(e.report(), e.chain(), VerificationPolicy.defaults().withExpectedReportData(reportData));
            if (!v.accepted()) {
                throw new AgentException(AgentException.Stage.KEY_RELEASE, "bridge refused: " + v.reasons());
            }
            ledgerOf.apply(dataset.id())
                    .submit(
                            Runs.RECORD_KEY_RELEASE,
                            new KeyReleaseRequest(
                                    runId,
                                    dataset.id(),
                                    dataset.ownerId(),
                                    v.measurementHex(),
                                    Hashes.sha256Hex(e.report()),
                                    Hashes.sha256Hex(reportData),
                                    v.chipIdHex(),
                                    v.reportedTcbHex(),
                                    Base64.getEncoder()
                                            .encodeToString(runKey.sign(SigningPayloads.keyRelease(
                                                    runId,
                                                    dataset.id(),
                                                    Hashes.sha256Hex(e.report()),
                                                    Hashes.sha256Hex(reportData))))));
            return DatasetKey.of(keyOf.apply(dataset.id()).bytes());
        };
    }

    /**
     * A trainer standing in for the DP trainer: it joins the decrypted tables (proving decryption
     * and the join column reached it), writes a model and a report, and reports {@code epsilon}.
     * {@code crashOnCall} makes that call die like a killed process, after writing its checkpoint.
     */
    static final class JoiningTrainer implements Trainer {
        final BigDecimal epsilon;
        final int crashOnCall;
        final AtomicInteger calls = new AtomicInteger();
        volatile Input lastInput;

        JoiningTrainer(String epsilon, int crashOnCall) {
            this.epsilon = new BigDecimal(epsilon);
            this.crashOnCall = crashOnCall;
        }

        @Override
        public Outcome train(Input input) {
            int call = calls.incrementAndGet();
            lastInput = input;
            try {
                Files.createDirectories(input.workDir());
                Path checkpoint = input.workDir().resolve("checkpoint");
                int epochsDone = Files.exists(checkpoint) ? Integer.parseInt(Files.readString(checkpoint)) : 0;
                Files.writeString(checkpoint, Integer.toString(epochsDone + 1));
                if (call == crashOnCall) {
                    throw new Killed();
                }
                Map<String, Map<String, String>> byKey = new TreeMap<>();
                for (Table t : input.tables()) {
                    List<String> lines = Files.readAllLines(t.csv());
                    String[] header = lines.get(0).split(",");
                    int k = List.of(header).indexOf(t.joinColumn());
                    for (String line : lines.subList(1, lines.size())) {
                        String[] f = line.split(",");
                        Map<String, String> row = byKey.computeIfAbsent(f[k], x -> new TreeMap<>());
                        for (int i = 0; i < f.length; i++) {
                            row.put(header[i], f[i]);
                        }
                    }
                }
                Path model = input.workDir().resolve("model.bin");
                Files.writeString(model, "joined " + byKey);
                Path report = input.workDir().resolve("report");
                Files.createDirectories(report);
                Files.writeString(report.resolve("report.md"), "# report\nrows " + byKey.size());
                TreeMap<String, BigDecimal> metrics = new TreeMap<>();
                metrics.put("rows", BigDecimal.valueOf(byKey.size()));
                return new Outcome(model, report, metrics, epsilon);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stands for a process killed mid-step: an Error, which the agent does not catch. */
    static final class Killed extends Error {
        private static final long serialVersionUID = 1L;
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        w.close();
    }
}
