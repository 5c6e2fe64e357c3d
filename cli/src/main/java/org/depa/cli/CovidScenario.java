package org.depa.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.depa.dataset.ColumnPolicy;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.DatasetPreparer;
import org.depa.dataset.PseudonymKey;
import org.depa.dataset.Pseudonymiser;
import org.depa.ledger.chaincode.ChaincodeSettings;
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
import org.depa.ledger.model.Requests;
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
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.SigningRequest;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.HistoryRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.depa.ledger.model.tx.RegisterParticipantRequest;
import org.depa.ledger.model.tx.SignAgreementRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;

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
    private static final String MEASUREMENT =
            "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f";
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
    /** Each TDP's dataset key: held by that TDP's key-release service, never by the scenario's other parties. */
    private final Map<String, DatasetKey> datasetKeys = new LinkedHashMap<>();

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
        if (wipe) {
            deleteTree(dir);
        }
        Files.createDirectories(dir);
        Instant t0 = Instant.now();
        ChaincodeSettings settings = new ChaincodeSettings("SROMSP", "depa");
        EmbeddedLedger embedded = null;
        try {
            Function<String, LedgerClient> connect;
            String channel;
            if (ledgerKind == Ledger.EMBEDDED) {
                embedded = EmbeddedLedger.builder()
                        .directory(dir.resolve("ledger"))
                        .settings(settings)
                        .open();
                EmbeddedLedger e = embedded;
                connect = msp -> e.connect(orgIdentity(msp, msp + "-client"));
                channel = e.channel();
                heading("Embedded ledger at " + dir.resolve("ledger") + " (channel " + channel + ", chaincode "
                        + settings.chaincodeName() + ")");
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
            domain = new SigningPayloads.Domain(channel, settings.chaincodeName());
            Function<String, LedgerClient> connectOnce =
                    msp -> clients.computeIfAbsent(msp, m -> new RecordingClient(connect.apply(m), committed));
            run(connectOnce);
            heading("Done: " + committed.size() + " transactions committed in "
                    + Duration.between(t0, Instant.now()).toMillis() + " ms"
                    + (embedded != null ? "; ledger file " + dir.resolve("ledger/ledger.jsonl") : ""));
        } finally {
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
                "participants:publishAgreement",
                new PublishAgreementRequest(id("2026-1"), Hashes.sha256Hex(AGREEMENT_TEXT)),
                Agreement.class);
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
                    "measurements:certify",
                    new CertifyMeasurementRequest(
                            MEASUREMENT,
                            "depa training framework 0.1 (measurement of the Milan sample report)",
                            new Tcb(3, 0, 8, 115)),
                    Map.class);
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
            datasetKeys.put(p.id(), key);
            String cipherHash = DatasetCipher.create(key)
                    .encryptFile(csv, encrypted.resolve(p.id() + ".enc"), id(p.id() + "-2026"))
                    .ciphertextSha256();
            line(
                    "%-8s %d rows; dropped %s; pseudonymised %s",
                    p.id(), prep.rows(), prep.dropped(), prep.pseudonymised());
            List<SchemaField> schema = new ArrayList<>();
            String header = Files.readAllLines(csv, StandardCharsets.UTF_8).get(0);
            for (String column : header.split(",")) {
                schema.add(new SchemaField(column.trim(), "string", null));
            }
            Dataset d = actors.get(p.id())
                    .ledger()
                    .submit(
                            "datasets:register",
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
                                    "https://127.0.0.1:8443/kms/" + p.id(),
                                    p.id() + "-dataset-key",
                                    new DatasetTerms(
                                            List.of("TRAINING"),
                                            250_000L,
                                            "INR",
                                            new BigDecimal("2"),
                                            new BigDecimal("10"),
                                            new BigDecimal("0.01"))),
                            Dataset.class);
            line(
                    "%-12s %s  %d columns  ciphertext sha256 %s...",
                    d.id(), d.ownerId(), schema.size(), cipherHash.substring(0, 16));
        }

        step("5. The TDC proposes a three-TDP contract (epsilon 1.5, delta 0.01, noise 2.0 per dataset)");
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
                            2),
                    300_000L));
        }
        Instant now = Instant.now();
        ContractRecord draft = actors.get("ai-lab")
                .ledger()
                .submit(
                        "contracts:propose",
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
                                new RevocationTerms(List.of(Role.TDP, Role.TDC))),
                        ContractRecord.class);
        line(
                "contract %s version %d, document sha256 %s, parties %s",
                draft.contractId(), draft.version(), draft.documentSha256(), draft.parties());

        step("6. Every party fetches the signing payload, signs it locally, and posts the signature");
        for (String party : draft.parties()) {
            Actor a = actors.get(party);
            SigningRequest s =
                    a.ledger().evaluate("contracts:signingPayload", draft.contractId(), SigningRequest.class);
            ContractSignature sig = a.ledger()
                    .submit(
                            "contracts:sign",
                            new SignContractRequest(
                                    s.contractId(),
                                    s.version(),
                                    party,
                                    a.sign(Base64.getDecoder().decode(s.payloadBase64()))),
                            ContractSignature.class);
            line("%-10s signed v%d with %s", party, sig.version(), sig.algorithm());
        }

        step("7. Activation: all signatures present, so each dataset's epsilon is reserved");
        ContractRecord active = actors.get("ai-lab")
                .ledger()
                .submit(
                        "contracts:activate",
                        new ContractActionRequest(id("covid-2026"), id("ai-lab"), null),
                        ContractRecord.class);
        line("status %s, reservations %s", active.status(), active.reservations());

        step("8. The CCR provider starts a run bound to the certified measurement and a fresh run key");
        Credentials runKey = Credentials.generate(
                SignatureAlgorithm.ECDSA_P384_SHA384, "run-1", now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        byte[] report = readSampleReport();
        TrainingRun run = actors.get("ccr-cloud")
                .ledger()
                .submit(
                        "runs:start",
                        new StartRunRequest(
                                id("covid-2026-run-1"),
                                id("covid-2026"),
                                id("ccr-cloud"),
                                MEASUREMENT,
                                Hashes.sha256Hex(report),
                                runKey.publicKeyPem()),
                        TrainingRun.class);
        line(
                "run %s %s (attestation evidence: sha256 of a sample report; verification arrives with the kms-bridge, issue 5)",
                run.runId(), run.status());

        step("9. Each TDP's key-release service records its release to that run");
        for (Provider p : PROVIDERS) {
            KeyReleaseRecord k = actors.get(p.id())
                    .ledger()
                    .submit(
                            "runs:recordKeyRelease",
                            new KeyReleaseRequest(
                                    run.runId(),
                                    id(p.id() + "-2026"),
                                    id(p.id()),
                                    MEASUREMENT,
                                    Hashes.sha256Hex(report),
                                    Hashes.sha256Hex(runKey.publicKeyPem())),
                            KeyReleaseRecord.class);
            line("%-12s released to %s at %s", k.datasetId(), k.runId(), k.releasedAt());
        }

        step("10. The clean room submits its receipt, signed with the run key");
        List<ReceiptDataset> used = new ArrayList<>();
        for (Provider p : PROVIDERS) {
            Dataset d = sro.evaluate("datasets:get", id(p.id() + "-2026"), Dataset.class);
            used.add(new ReceiptDataset(d.id(), d.ciphertextSha256(), BigDecimal.ZERO));
        }
        ReceiptBody body = Requests.receipt(new ReceiptBody(
                run.runId(),
                id("covid-2026"),
                Hashes.sha256Hex("no model: this ledger-only demo trains nothing (issue 6 adds the clean-room agent)"),
                used,
                new TreeMap<>(),
                Hashes.sha256Hex(report)));
        String receiptSig = Base64.getEncoder()
                .encodeToString(
                        LocalSigner.fromPem(runKey.privateKeyPem()).sign(SigningPayloads.receipt(domain, body)));
        TrainingReceipt receipt = actors.get("ccr-cloud")
                .ledger()
                .submit(
                        "runs:submitReceipt",
                        new SubmitReceiptRequest(id("ccr-cloud"), body, receiptSig),
                        TrainingReceipt.class);
        line(
                "receipt for %s recorded; epsilon spent 0 per dataset (no training ran), the reservation is returned",
                receipt.body().runId());

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
        org.submit(
                "participants:register",
                new RegisterParticipantRequest(id, role, msp, name, c.certificatePem()),
                Participant.class);
        sro.submit(
                "participants:verify",
                new ParticipantStatusRequest(id, "identity documents checked"),
                Participant.class);
        byte[] payload = SigningPayloads.agreement(domain, id, a.version(), a.textSha256());
        org.submit(
                "participants:signAgreement",
                new SignAgreementRequest(id, a.version(), actor.sign(payload)),
                Participant.class);
        line("%-10s %-13s %-12s %s key, verified, agreement %s signed", id, role, msp, alg, a.version());
    }

    private void printState(TypedLedger sro) {
        heading("State of the ledger");
        step("Privacy budgets");
        for (Provider p : PROVIDERS) {
            PrivacyBudget b = sro.evaluate("datasets:getBudget", id(p.id() + "-2026"), PrivacyBudget.class);
            line(
                    "%-12s total %s  reserved %s  spent %s  remaining %s",
                    b.datasetId(),
                    b.totalEpsilon().toPlainString(),
                    b.reservedEpsilon().toPlainString(),
                    b.spentEpsilon().toPlainString(),
                    b.remaining().toPlainString());
        }
        ContractRecord c = sro.evaluate("contracts:get", id("covid-2026"), ContractRecord.class);
        step("Contract");
        line("%s v%d %s (closed by %s: %s)", c.contractId(), c.version(), c.status(), c.closedBy(), c.closeReason());
        step("Payment instructions (settlement follows on the payment chain)");
        for (PaymentInstruction p :
                sro.evaluateList("payments:listByContract", id("covid-2026"), PaymentInstruction.class)) {
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
        List<HistoryEntry> history = sro.evaluateList(
                "audit:history",
                org.depa.ledger.model.Json.canonicalString(new HistoryRequest("contract", id("covid-2026"))),
                HistoryEntry.class);
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

    private byte[] readSampleReport() throws IOException {
        Path report = dataDir.resolveSibling("snp").resolve("milan-v2-report.bin");
        return Files.isRegularFile(report) ? Files.readAllBytes(report) : MEASUREMENT.getBytes(StandardCharsets.UTF_8);
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
