package org.depa.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.ccr.agent.Agent;
import org.depa.ccr.agent.BridgeKeySource;
import org.depa.ccr.agent.DpTrainer;
import org.depa.ccr.agent.EvidenceSource;
import org.depa.dataset.ColumnPolicy;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.DatasetPreparer;
import org.depa.dataset.PseudonymKey;
import org.depa.dataset.Pseudonymiser;
import org.depa.kms.bridge.KeyReleaseService;
import org.depa.kms.bridge.LoopbackBridge;
import org.depa.kms.bridge.NonceStore;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.custody.KeyCustodyException;
import org.depa.kms.protocol.KeyReleaseClient;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.HistoryEntry;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.SigningRequest;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.HistoryRequest;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.depa.ledger.model.tx.RegisterParticipantRequest;
import org.depa.ledger.model.tx.SignAgreementRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.depa.testkit.GenuineSnpFixtures;

/**
 * The COVID scenario of the reference implementation, on the embedded ledger: the SRO, three TDPs
 * (ICMR test results, CoWIN vaccinations, the state war-room index), one TDC and one CCR provider
 * go through registration, verification, the common agreement, datasets, a three-TDP contract,
 * five signatures, activation with budget reservation, a run, three key releases, a receipt and
 * payment instructions. Every step is a real transaction; every key is generated fresh.
 *
 * <p>What this ledger-only demo does not do yet, it says: the clean room's attestation (issue 5)
 * and the training itself (issue 6). Its receipt therefore reports no metrics and spends no
 * epsilon rather than inventing figures.
 */
final class CovidScenario {
    /** The clean room's measurement: the genuine Milan report's, which the emulated clean room claims. */
    private static final String MEASUREMENT = GenuineSnpFixtures.MILAN_MEASUREMENT;

    private static final String AGREEMENT_TEXT = "DEPA Training common agreement, version 2026-1: participants "
            + "share data only under signed contracts, inside certified clean rooms, within the privacy budgets they publish.";

    /**
     * One TDP of the scenario: its file, the column its rows join on, and the direct identifiers
     * it drops before encryption (names, ID numbers, addresses, other registries' record numbers).
     */
    private record Provider(String id, String mspId, String name, String file, String joinColumn, Set<String> drop) {}

    private static final List<Provider> PROVIDERS = List.of(
            new Provider(
                    "icmr",
                    "ProviderMSP",
                    "ICMR (lab test results)",
                    "poc_data_icmr_data.csv",
                    "icmr_patient_mobilenumber",
                    Set.of("icmrnumber", "srfnumber")),
            new Provider(
                    "cowin",
                    "ProviderMSP",
                    "CoWIN (vaccinations)",
                    "poc_data_cowin_data.csv",
                    "cowin_registered_mobile",
                    Set.of("beneficiary_name", "id_verified", "uhid", "beneficiary_reference_id")),
            new Provider(
                    "index",
                    "ProviderMSP",
                    "State war room (patient index)",
                    "poc_data_statewarroom_data.csv",
                    "pcnumber",
                    Set.of("idcpatient", "pname", "srfnumber", "icmrnumber", "paddress")));

    private final Path dataDir;
    private final Path dir;
    private final boolean wipe;
    private final PrintStream out;
    private final Ledger ledgerKind;
    private final String tag;
    private final Set<String> committed = ConcurrentHashMap.newKeySet();
    private final Map<String, LedgerClient> clients = new HashMap<>();
    private final Map<String, Actor> actors = new LinkedHashMap<>();
    private SigningPayloads.Domain domain;
    /** Each TDP's key-release service (the keys live only there), closed at the end. */
    private final List<AutoCloseable> bridges = new ArrayList<>();
    /** The emulated SEV-SNP chip of the clean room; its root is trusted by the bridges as a development root. */
    private final SnpEmulator chip = SnpEmulator.create(SnpProduct.MILAN);

    private Path modelSpec;

    /** A participant of the demo: identity, signing key (kept in this process only) and its org's client. */
    private record Actor(String id, Role role, String mspId, Credentials credentials, TypedLedger ledger) {
        String sign(byte[] payload) {
            return Base64.getEncoder()
                    .encodeToString(
                            LocalSigner.fromPem(credentials.privateKeyPem()).sign(payload));
        }
    }

    /** Which ledger the scenario runs on. */
    enum Ledger {
        EMBEDDED,
        FABRIC
    }

    /**
     * @param tag appended to every id the scenario creates, so it can run again on a ledger that
     *     keeps its history (the Fabric network); empty on a fresh embedded ledger
     */
    CovidScenario(Path dataDir, Path dir, boolean wipe, PrintStream out, Ledger ledgerKind, String tag) {
        this.dataDir = dataDir;
        this.dir = dir;
        this.wipe = wipe;
        this.out = out;
        this.ledgerKind = ledgerKind;
        this.tag = tag;
    }

    /** The id a scenario object gets in this run. */
    private String id(String base) {
        return tag.isEmpty() ? base : base + "-" + tag;
    }

    static Path defaultDataDir() {
        Path root =
                Path.of(System.getProperty("depa.home", ".")).toAbsolutePath().normalize();
        return root.resolve("data").resolve("covid-poc");
    }

    int run() throws IOException, GeneralSecurityException {
        for (Provider p : PROVIDERS) {
            if (!Files.isRegularFile(dataDir.resolve(p.file()))) {
                System.err.println("missing " + dataDir.resolve(p.file()) + " (pass --data DIR)");
                return 2;
            }
        }
        modelSpec = Path.of(System.getProperty("depa.home", "."))
                .resolve("ccr-agent/examples/covid-model-spec.json")
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(modelSpec)) {
            System.err.println("missing the TDC's model specification " + modelSpec);
            return 2;
        }
        if (wipe) {
            deleteTree(dir);
        }
        Files.createDirectories(dir);
        Instant t0 = Instant.now();
        String chaincodeName = "depa";
        EmbeddedLedger embedded = null;
        try {
            Function<String, LedgerClient> connect;
            String channel;
            if (ledgerKind == Ledger.EMBEDDED) {
                embedded = EmbeddedLedger.builder()
                        .directory(dir.resolve("ledger"))
                        .chaincodeName(chaincodeName)
                        .open();
                EmbeddedLedger e = embedded;
                connect = msp -> e.connect(orgIdentity(msp, msp + "-client"));
                channel = e.channel();
                heading("Embedded ledger at " + dir.resolve("ledger") + " (channel " + channel + ", chaincode "
                        + chaincodeName + ")");
            } else {
                LocalNetwork network = new LocalNetwork(
                        Path.of(System.getProperty("depa.home", ".")).resolve("var/network"));
                if (!network.exists()) {
                    System.err.println(
                            "no Fabric network in var/network: run network-config/network.sh up && network-config/network.sh deploy");
                    return 2;
                }
                connect = msp -> FabricLedger.connect(network.settings(msp, "User1"));
                channel = LocalNetwork.CHANNEL;
                heading("Fabric network (channel " + channel + ", chaincode " + LocalNetwork.CHAINCODE
                        + ", peers of SROMSP, ProviderMSP, ConsumerMSP; ids tagged -" + tag + ")");
            }
            domain = new SigningPayloads.Domain(channel, chaincodeName);
            Function<String, LedgerClient> connectOnce =
                    msp -> clients.computeIfAbsent(msp, m -> new RecordingClient(connect.apply(m), committed));
            run(connectOnce);
            heading("Done: " + committed.size() + " transactions committed in "
                    + Duration.between(t0, Instant.now()).toMillis() + " ms"
                    + (embedded != null ? "; ledger file " + dir.resolve("ledger/ledger.jsonl") : ""));
        } finally {
            for (AutoCloseable b : bridges) {
                try {
                    b.close();
                } catch (Exception e) {
                    out.println("   (closing a bridge: " + e.getMessage() + ")");
                }
            }
            clients.values().forEach(LedgerClient::close);
            if (embedded != null) {
                embedded.close();
            }
        }
        return 0;
    }

    private void run(Function<String, LedgerClient> connect) throws IOException, GeneralSecurityException {
        TypedLedger sro = new TypedLedger(connect.apply("SROMSP"));
        step("1. The SRO publishes the common agreement");
        Agreement agreement = sro.submit(
                Participants.PUBLISH_AGREEMENT,
                new PublishAgreementRequest(id("2026-1"), Hashes.sha256Hex(AGREEMENT_TEXT)));
        line("agreement %s, text sha256 %s", agreement.version(), agreement.textSha256());

        step("2. Participants register; the SRO verifies them; each signs the agreement with its own key");
        for (Provider p : PROVIDERS) {
            enrol(connect, sro, p.id(), Role.TDP, p.mspId(), p.name(), agreement);
        }
        enrol(connect, sro, "ai-lab", Role.TDC, "ConsumerMSP", "AI Lab (model trainer)", agreement);
        enrol(
                connect,
                sro,
                "ccr-cloud",
                Role.CCR_PROVIDER,
                "ConsumerMSP",
                "Confidential clean-room provider",
                agreement);
        enrol(connect, sro, "auditor", Role.AUDITOR, "SROMSP", "Regulator's auditor", agreement);

        step("3. The SRO certifies the clean-room image (SEV-SNP launch measurement)");
        try {
            sro.submit(
                    Measurements.CERTIFY,
                    new CertifyMeasurementRequest(
                            MEASUREMENT,
                            "depa training framework 0.1 (measurement of the Milan sample report)",
                            new Tcb(3, 0, 8, 115)));
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            line("(already certified on this ledger by an earlier run)");
        }
        line("certified %s...", MEASUREMENT.substring(0, 24));

        step("4. Each TDP drops direct identifiers, pseudonymises the join column with the key the three"
                + " TDPs share (HMAC-SHA-256), encrypts under its own dataset key (Tink streaming AEAD) and"
                + " registers the dataset with its terms");
        Path encrypted = dir.resolve("encrypted");
        Path prepared = dir.resolve("tdp-prepared");
        Files.createDirectories(encrypted);
        Files.createDirectories(prepared);
        Pseudonymiser joinKey = new Pseudonymiser(PseudonymKey.generate());
        for (Provider p : PROVIDERS) {
            Path source = dataDir.resolve(p.file());
            Path csv = prepared.resolve(p.id() + ".csv");
            DatasetPreparer.Report prep = new DatasetPreparer(
                            new ColumnPolicy(p.drop(), Set.of(p.joinColumn())), joinKey)
                    .prepare(source, csv);
            DatasetKey key = DatasetKey.generate();
            String cipherHash = DatasetCipher.create(key)
                    .encryptFile(csv, encrypted.resolve(p.id() + ".enc"), id(p.id() + "-2026"))
                    .ciphertextSha256();
            URI bridge = startBridge(p, key);
            key.destroy();
            line(
                    "%-8s %d rows; dropped %s; pseudonymised %s; key in its bridge at %s",
                    p.id(), prep.rows(), prep.dropped(), prep.pseudonymised(), bridge);
            List<SchemaField> schema = new ArrayList<>();
            String header = Files.readAllLines(csv, StandardCharsets.UTF_8).get(0);
            for (String column : header.split(",")) {
                schema.add(new SchemaField(column.trim(), "string", null));
            }
            Dataset d = actors.get(p.id())
                    .ledger()
                    .submit(
                            Datasets.REGISTER,
                            new DatasetRequest(
                                    id(p.id() + "-2026"),
                                    id(p.id()),
                                    p.name(),
                                    "Synthetic COVID-19 records (" + p.file() + ")",
                                    schema,
                                    csv.toAbsolutePath().toUri().toString(),
                                    encrypted
                                            .resolve(p.id() + ".enc")
                                            .toAbsolutePath()
                                            .toUri()
                                            .toString(),
                                    cipherHash,
                                    bridge.toString(),
                                    p.id() + "-dataset-key",
                                    new DatasetTerms(
                                            List.of("TRAINING"),
                                            250_000L,
                                            "INR",
                                            new BigDecimal("2"),
                                            new BigDecimal("10"),
                                            new BigDecimal("0.01"))));
            line(
                    "%-12s %s  %d columns  ciphertext sha256 %s...",
                    d.id(), d.ownerId(), schema.size(), cipherHash.substring(0, 16));
        }

        step("5. The TDC proposes a three-TDP contract (per dataset: epsilon 1.5 at delta 0.01, noise"
                + " multiplier 2.0, clipping norm 1.0, at most 30 epochs)");
        List<DatasetClauseRequest> clauses = new ArrayList<>();
        for (Provider p : PROVIDERS) {
            clauses.add(new DatasetClauseRequest(
                    id(p.id() + "-2026"),
                    p.joinColumn(),
                    new PrivacyConstraints(
                            new BigDecimal("1.5"),
                            new BigDecimal("0.01"),
                            new BigDecimal("1.0"),
                            new BigDecimal("2.0"),
                            30),
                    300_000L));
        }
        Instant now = Instant.now();
        ContractRecord draft = actors.get("ai-lab")
                .ledger()
                .submit(
                        Contracts.PROPOSE,
                        new ContractProposal(
                                id("covid-2026"),
                                id("ai-lab"),
                                id("ccr-cloud"),
                                "TRAINING",
                                now.minus(Duration.ofMinutes(1)).toString(),
                                now.plus(Duration.ofDays(90)).toString(),
                                clauses,
                                List.of(MEASUREMENT),
                                new PaymentTerms("INR", 2000),
                                new RevocationTerms(List.of(Role.TDP, Role.TDC))));
        line(
                "contract %s version %d, document sha256 %s, parties %s",
                draft.contractId(), draft.version(), draft.documentSha256(), draft.parties());

        step("6. Every party fetches the signing payload, signs it locally, and posts the signature");
        for (String party : draft.parties()) {
            Actor a = actors.get(party);
            SigningRequest s = a.ledger().evaluate(Contracts.SIGNING_PAYLOAD, draft.contractId());
            ContractSignature sig = a.ledger()
                    .submit(
                            Contracts.SIGN,
                            new SignContractRequest(
                                    s.contractId(),
                                    s.version(),
                                    party,
                                    a.sign(Base64.getDecoder().decode(s.payloadBase64()))));
            line("%-10s signed v%d with %s", party, sig.version(), sig.algorithm());
        }

        step("7. Activation: all signatures present, so each dataset's epsilon is reserved");
        ContractRecord active = actors.get("ai-lab")
                .ledger()
                .submit(Contracts.ACTIVATE, new ContractActionRequest(id("covid-2026"), id("ai-lab"), null));
        line("status %s, reservations %s", active.status(), active.reservations());

        step("8. The clean-room agent runs: it checks the contract itself, attests (SEV-SNP EMULATED: development"
                + " switch on), starts the run, gets each key from its TDP's bridge, checks and decrypts the data,"
                + " joins, trains with DP-SGD, seals the model to the TDC and submits the signed receipt");
        Path ccrDir = dir.resolve("ccr");
        Agent agent = new Agent(
                new Agent.Settings(
                        id("covid-2026-run-1"),
                        id("covid-2026"),
                        id("ccr-cloud"),
                        domain,
                        ccrDir.resolve("work"),
                        dir.resolve("to-tdc"),
                        modelSpec,
                        Clock.systemUTC()),
                actors.get("ccr-cloud").ledger(),
                EvidenceSource.emulated(chip, HexFormat.of().parseHex(MEASUREMENT)),
                new BridgeKeySource(KeyReleaseClient.create()),
                new DpTrainer(out),
                out);
        Agent.Result result = agent.run();
        TrainingReceipt receipt = result.receipt();
        line(
                "receipt of %s recorded in tx %s...: epsilon %s spent per dataset, model sha256 %s...",
                receipt.body().runId(),
                receipt.txId().substring(0, 12),
                result.epsilonSpent().toPlainString(),
                receipt.body().modelSha256().substring(0, 16));

        step("9. The TDC opens the sealed model and report with its own key (nobody else can)");
        byte[] model = TdcInbox.open(
                result.sealedModel(), actors.get("ai-lab").credentials().privateKeyPem());
        byte[] report = TdcInbox.open(
                result.sealedReport(), actors.get("ai-lab").credentials().privateKeyPem());
        Path inbox = dir.resolve("tdc-inbox");
        Files.createDirectories(inbox);
        Files.write(inbox.resolve("model.json"), model);
        TdcInbox.unzip(report, inbox.resolve("report"));
        line(
                "model %d bytes (sha256 matches the receipt: %s); report in %s",
                model.length, Hashes.sha256Hex(model).equals(receipt.body().modelSha256()), inbox.resolve("report"));
        TdcInbox.printComparison(inbox.resolve("report").resolve("metrics.json"), this::line);

        printState(sro);
    }

    private void enrol(
            Function<String, LedgerClient> connect,
            TypedLedger sro,
            String baseId,
            Role role,
            String msp,
            String name,
            Agreement a) {
        String id = id(baseId);
        Instant now = Instant.now();
        SignatureAlgorithm alg = role == Role.TDP && baseId.equals("cowin")
                ? SignatureAlgorithm.ED25519
                : SignatureAlgorithm.ECDSA_P256_SHA256;
        Credentials c = Credentials.generate(alg, id, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        TypedLedger org = new TypedLedger(connect.apply(msp));
        Actor actor = new Actor(id, role, msp, c, org);
        actors.put(baseId, actor);
        actors.put(id, actor);
        org.submit(Participants.REGISTER, new RegisterParticipantRequest(id, role, msp, name, c.certificatePem()));
        sro.submit(Participants.VERIFY, new ParticipantStatusRequest(id, "identity documents checked"));
        byte[] payload = SigningPayloads.agreement(domain, id, a.version(), a.textSha256());
        org.submit(Participants.SIGN_AGREEMENT, new SignAgreementRequest(id, a.version(), actor.sign(payload)));
        line("%-10s %-13s %-12s %s key, verified, agreement %s signed", id, role, msp, alg, a.version());
    }

    private void printState(TypedLedger sro) {
        heading("State of the ledger");
        step("Privacy budgets");
        for (Provider p : PROVIDERS) {
            PrivacyBudget b = sro.evaluate(Datasets.GET_BUDGET, id(p.id() + "-2026"));
            line(
                    "%-12s total %s  reserved %s  spent %s  remaining %s",
                    b.datasetId(),
                    b.totalEpsilon().toPlainString(),
                    b.reservedEpsilon().toPlainString(),
                    b.spentEpsilon().toPlainString(),
                    b.remaining().toPlainString());
        }
        ContractRecord c = sro.evaluate(Contracts.GET, id("covid-2026"));
        step("Contract");
        line("%s v%d %s (closed by %s: %s)", c.contractId(), c.version(), c.status(), c.closedBy(), c.closeReason());
        step("Payment instructions (settlement follows on the payment chain)");
        for (PaymentInstruction p : sro.evaluate(Payments.LIST_BY_CONTRACT, id("covid-2026"))) {
            line(
                    "%-22s %s pays %-6s %,d %s minor units: %,d to the TDP, %,d to data principals, %s",
                    p.paymentId(),
                    p.payerId(),
                    p.payeeId(),
                    p.amountMinor(),
                    p.currency(),
                    p.payeeMinor(),
                    p.dataPrincipalMinor(),
                    p.status());
        }
        step("History of contract " + id("covid-2026") + " (newest first), as an auditor reads it");
        List<HistoryEntry> history = sro.evaluate(Audit.HISTORY, new HistoryRequest("contract", id("covid-2026")));
        for (HistoryEntry h : history) {
            line(
                    "%s  tx %s...  status %s",
                    h.timestamp(),
                    h.txId().substring(0, 12),
                    h.value() == null ? "(deleted)" : h.value().get("status").asText());
        }
        step("Event log of this run (one event per transaction)");
        Map<String, Integer> counts = new TreeMap<>();
        Set<String> pending = new HashSet<>(committed);
        try (LedgerClient.EventStream events = sro.client().events(ledgerKind == Ledger.EMBEDDED ? 1 : 0)) {
            while (!pending.isEmpty() && events.hasNext()) {
                LedgerEventRecord e = events.next();
                if (pending.remove(e.txId())) {
                    counts.merge(e.name(), 1, Integer::sum);
                }
            }
        }
        counts.forEach((name, n) -> line("%-26s %d", name, n));
    }

    /**
     * Starts {@code p}'s key-release service: PKCS#12 custody under the demo folder, its ledger
     * identity, and the emulator's root trusted only because this is a development run (the bridge
     * logs that loudly). Returns its endpoint, which the TDP registers with the dataset.
     */
    private URI startBridge(Provider p, DatasetKey key) throws IOException {
        try {
            Path store = dir.resolve("kms").resolve(p.id() + ".p12");
            Files.createDirectories(store.getParent());
            DatasetKeyStore keys = DatasetKeyStore.pkcs12(store, ("demo-" + p.id()).toCharArray());
            byte[] raw = key.bytes();
            try {
                keys.importKey(p.id() + "-dataset-key", raw);
            } finally {
                java.util.Arrays.fill(raw, (byte) 0);
            }
            KeyReleaseService service = new KeyReleaseService(
                    actors.get(p.id()).ledger().client(),
                    id(p.id()),
                    SnpVerifier.create(VerifierOptions.defaults().withDevelopmentRoot(chip.product(), chip.ark())),
                    VerificationPolicy.defaults(),
                    NonceStore.create(Clock.systemUTC(), Duration.ofSeconds(60), 100),
                    keys,
                    true);
            LoopbackBridge bridge = LoopbackBridge.start(service);
            bridges.add(bridge);
            bridges.add(keys);
            return bridge.uri();
        } catch (KeyCustodyException e) {
            throw new IOException("key store of " + p.id() + ": " + e.getMessage(), e);
        }
    }

    private static LedgerIdentity orgIdentity(String msp, String name) {
        Instant now = Instant.now();
        Credentials c = Credentials.generate(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                name,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)));
        return new LedgerIdentity(msp, c.certificatePem());
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    private void heading(String s) {
        out.println();
        out.println("== " + s);
    }

    private void step(String s) {
        out.println();
        out.println(s);
    }

    private void line(String format, Object... args) {
        out.println("   " + String.format(java.util.Locale.ROOT, format, args));
    }
}
