package org.depa.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.operator.OperatorCreationException;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.depa.ledger.model.tx.RegisterParticipantRequest;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;
import org.depa.testkit.GenuineSnpFixtures;

/**
 * {@code depa demo covid --via gateway}: the COVID lifecycle driven through the REST gateway by
 * each participant's own client (its own certificate, its own key for every signature), instead of
 * the ledger client. The embedded ledger lives in one process, so one gateway process serves the
 * three demo organisations (SROMSP, ProviderMSP, ConsumerMSP); on Fabric each organisation would
 * run its own with {@code depa.gateway.organisations} set to itself.
 */
public final class GatewayCovidDemo {
    /** The clean room's measurement: the genuine Milan report's, which the emulated clean room claims. */
    private static final String MEASUREMENT = GenuineSnpFixtures.MILAN_MEASUREMENT;

    private static final String AGREEMENT_TEXT = "DEPA Training common agreement, version 2026-1 (gateway demo)";

    private record Provider(String id, String name, String file, String joinColumn) {}

    private static final List<Provider> PROVIDERS = List.of(
            new Provider("icmr", "ICMR (lab test results)", "poc_data_icmr_data.csv", "icmr_patient_mobilenumber"),
            new Provider("cowin", "CoWIN (vaccinations)", "poc_data_cowin_data.csv", "cowin_registered_mobile"),
            new Provider("index", "State war room (patient index)", "poc_data_statewarroom_data.csv", "pcnumber"));

    private final Path dataDir;
    private final Path dir;
    private final Path jar;
    private final PrintStream out;
    private final Map<String, GatewayClient> clients = new LinkedHashMap<>();

    public GatewayCovidDemo(Path dataDir, Path dir, Path jar, PrintStream out) {
        this.dataDir = dataDir;
        this.dir = dir;
        this.jar = jar == null ? GatewayProcess.defaultJar() : jar;
        this.out = out;
    }

    public int run() throws IOException, GeneralSecurityException, OperatorCreationException {
        Files.createDirectories(dir);
        DemoPki pki = new DemoPki(dir.resolve("pki"));
        Path[] server = pki.server();
        Path sroP12 = pki.client("sro-operator");
        String sroSha = Hashes.sha256Hex(ClientIdentity.fromPkcs12(sroP12, DemoPki.PASSWORD)
                .chain()
                .get(0)
                .getEncoded());
        Map<String, String> config = new LinkedHashMap<>();
        config.put("depa.gateway.organisations", "SROMSP,ProviderMSP,ConsumerMSP");
        config.put("depa.gateway.sro-operators", sroSha);
        config.put(
                "depa.gateway.ledger.directory",
                dir.resolve("ledger").toAbsolutePath().toString());
        config.put(
                "quarkus.tls.key-store.pem.0.cert", server[0].toAbsolutePath().toString());
        config.put("quarkus.tls.key-store.pem.0.key", server[1].toAbsolutePath().toString());
        config.put(
                "quarkus.tls.trust-store.pem.certs",
                pki.caFile().toAbsolutePath().toString());
        heading("COVID-19 lifecycle through the gateway (mutual TLS, signatures made by each participant)");
        long started = System.nanoTime();
        try (GatewayProcess gateway = GatewayProcess.start(jar, config, dir.resolve("gateway.log"), pki.caFile())) {
            line(
                    "gateway %s up in %d ms (log: %s)",
                    gateway.base, (System.nanoTime() - started) / 1_000_000, dir.resolve("gateway.log"));
            GatewayClient sro = GatewayClient.connect(
                    gateway.base, ClientIdentity.fromPkcs12(sroP12, DemoPki.PASSWORD), pki.caFile());
            lifecycle(gateway, pki, sro);
        }
        return 0;
    }

    private void lifecycle(GatewayProcess gateway, DemoPki pki, GatewayClient sro)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        step("1. The SRO operator publishes the common agreement");
        JsonNode agreement = Json.tree(
                sro.post("/v1/agreement", new PublishAgreementRequest("2026-1", Hashes.sha256Hex(AGREEMENT_TEXT))));
        line("agreement %s", agreement.get("version").asText());

        step(
                "2. Each participant registers itself with its certificate; the SRO verifies; each signs the agreement locally");
        for (Provider p : PROVIDERS) {
            enrol(gateway, pki, sro, p.id(), Role.TDP, "ProviderMSP", p.name());
        }
        enrol(gateway, pki, sro, "ai-lab", Role.TDC, "ConsumerMSP", "AI Lab (model trainer)");
        enrol(gateway, pki, sro, "ccr-cloud", Role.CCR_PROVIDER, "ConsumerMSP", "Confidential clean-room provider");
        enrol(gateway, pki, sro, "auditor", Role.AUDITOR, "SROMSP", "Regulator's auditor");

        step("3. The SRO certifies the clean-room measurement");
        sro.post(
                "/v1/measurements",
                new CertifyMeasurementRequest(MEASUREMENT, "depa training framework 0.1", new Tcb(3, 0, 8, 115)));
        line("certified %s...", MEASUREMENT.substring(0, 24));

        step("4. Each TDP registers its dataset with terms (ciphertext hash: sha256 of its file here)");
        for (Provider p : PROVIDERS) {
            Path csv = dataDir.resolve(p.file());
            byte[] bytes = Files.readAllBytes(csv);
            List<SchemaField> schema = new ArrayList<>();
            for (String column : new String(bytes, StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("")
                    .split(",")) {
                schema.add(new SchemaField(column.trim(), "string", null));
            }
            JsonNode d = Json.tree(clients.get(p.id())
                    .post(
                            "/v1/datasets",
                            new DatasetRequest(
                                    p.id() + "-2026",
                                    p.id(),
                                    p.name(),
                                    "Synthetic COVID-19 records (" + p.file() + ")",
                                    schema,
                                    "file://" + csv.toAbsolutePath(),
                                    "file://" + csv.toAbsolutePath() + ".enc",
                                    Hashes.sha256Hex(bytes),
                                    "https://127.0.0.1:8443/kms/" + p.id(),
                                    p.id() + "-dataset-key",
                                    new DatasetTerms(
                                            List.of("TRAINING"),
                                            250_000L,
                                            "INR",
                                            new BigDecimal("2"),
                                            new BigDecimal("10"),
                                            new BigDecimal("0.01")))));
            line("%-12s %s  %d columns", d.get("id").asText(), d.get("ownerId").asText(), schema.size());
        }
        JsonNode page = Json.tree(clients.get("ai-lab").get("/v1/datasets?purpose=TRAINING&pageSize=2"));
        line(
                "the TDC searches: %d datasets on the first page, bookmark %s",
                page.get("items").size(), page.get("bookmark").asText());

        step("5. The TDC proposes a three-TDP contract");
        List<DatasetClauseRequest> clauses = new ArrayList<>();
        for (Provider p : PROVIDERS) {
            clauses.add(new DatasetClauseRequest(
                    p.id() + "-2026",
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
        JsonNode draft = Json.tree(clients.get("ai-lab")
                .post(
                        "/v1/contracts",
                        new ContractProposal(
                                "covid-2026",
                                "ai-lab",
                                "ccr-cloud",
                                "TRAINING",
                                now.minus(Duration.ofMinutes(1)).toString(),
                                now.plus(Duration.ofDays(90)).toString(),
                                clauses,
                                List.of(MEASUREMENT),
                                new PaymentTerms("INR", 2000),
                                new RevocationTerms(List.of(Role.TDP, Role.TDC)))));
        line(
                "contract %s version %d, parties %s",
                draft.get("contractId").asText(), draft.get("version").asInt(), draft.get("parties"));

        step("6. Every party fetches the signing payload, signs it with its own key, posts only the signature");
        for (JsonNode party : draft.get("parties")) {
            JsonNode sig = Json.tree(clients.get(party.asText()).signContract("covid-2026", party.asText()));
            line(
                    "%-10s signed v%d with %s",
                    party.asText(),
                    sig.get("version").asInt(),
                    sig.get("algorithm").asText());
        }

        step("7. The TDC activates; each dataset's epsilon is reserved");
        JsonNode active = Json.tree(clients.get("ai-lab")
                .post(
                        "/v1/contracts/covid-2026/activate",
                        "{\"contractId\":\"covid-2026\",\"participantId\":\"ai-lab\"}"));
        line("status %s", active.get("status").asText());

        step("8. The CCR provider starts a run with a fresh run key");
        Credentials runKey = Credentials.generate(
                SignatureAlgorithm.ECDSA_P384_SHA384, "run-1", now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        String report = Hashes.sha256Hex("sample attestation report");
        JsonNode run = Json.tree(clients.get("ccr-cloud")
                .post(
                        "/v1/runs",
                        new StartRunRequest(
                                "covid-2026-run-1",
                                "covid-2026",
                                "ccr-cloud",
                                MEASUREMENT,
                                report,
                                runKey.publicKeyPem())));
        line("run %s %s", run.get("runId").asText(), run.get("status").asText());

        step("9. Each TDP records its key release to the run");
        for (Provider p : PROVIDERS) {
            JsonNode k = Json.tree(clients.get(p.id())
                    .post(
                            "/v1/runs/covid-2026-run-1/key-releases",
                            new KeyReleaseRequest(
                                    "covid-2026-run-1",
                                    p.id() + "-2026",
                                    p.id(),
                                    MEASUREMENT,
                                    report,
                                    Hashes.sha256Hex(runKey.publicKeyPem()))));
            line(
                    "%-12s released at %s",
                    k.get("datasetId").asText(), k.get("releasedAt").asText());
        }

        step("10. The clean room submits its receipt, signed with the run key");
        List<ReceiptDataset> used = new ArrayList<>();
        for (Provider p : PROVIDERS) {
            JsonNode d = Json.tree(clients.get("ccr-cloud").get("/v1/datasets/" + p.id() + "-2026"));
            used.add(new ReceiptDataset(
                    d.get("id").asText(), d.get("ciphertextSha256").asText(), BigDecimal.ZERO));
        }
        ReceiptBody body = Requests.receipt(new ReceiptBody(
                "covid-2026-run-1", "covid-2026", Hashes.sha256Hex("no model"), used, new TreeMap<>(), report));
        String signature = Base64.getEncoder()
                .encodeToString(LocalSigner.fromPem(runKey.privateKeyPem())
                        .sign(SigningPayloads.receipt(new SigningPayloads.Domain("depa", "depa"), body)));
        clients.get("ccr-cloud")
                .post("/v1/runs/covid-2026-run-1/receipt", new SubmitReceiptRequest("ccr-cloud", body, signature));
        line("receipt recorded");

        step("State, as the auditor reads it through the gateway");
        GatewayClient auditor = clients.get("auditor");
        for (Provider p : PROVIDERS) {
            JsonNode b = Json.tree(auditor.get("/v1/datasets/" + p.id() + "-2026/budget"));
            line("%-12s budget %s", p.id() + "-2026", b);
        }
        line(
                "contract status %s",
                Json.tree(auditor.get("/v1/contracts/covid-2026")).get("status").asText());
        for (JsonNode pay : Json.tree(auditor.get("/v1/contracts/covid-2026/payments"))) {
            line(
                    "payment %s %s %s",
                    pay.get("paymentId").asText(),
                    pay.get("amountMinor"),
                    pay.get("status").asText());
        }
        line(
                "contract history: %d committed versions",
                Json.tree(auditor.get("/v1/contracts/covid-2026/history")).size());
        List<String> events = new ArrayList<>();
        auditor.events(0, 5, l -> {
            if (l.startsWith("event:")) {
                events.add(l.substring(6).strip());
            }
        });
        line("first events on the stream: %s", events);
    }

    private void enrol(
            GatewayProcess gateway, DemoPki pki, GatewayClient sro, String id, Role role, String msp, String name)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Path p12 = pki.client(id);
        GatewayClient c =
                GatewayClient.connect(gateway.base, ClientIdentity.fromPkcs12(p12, DemoPki.PASSWORD), pki.caFile());
        clients.put(id, c);
        c.post(
                "/v1/participants",
                new RegisterParticipantRequest(id, role, msp, name, c.identity().certificatePem()));
        sro.post("/v1/participants/" + id + "/verify", "{\"reason\":\"identity documents checked\"}");
        c.signAgreement(id);
        line("%-10s %-13s %-12s registered by itself, verified, agreement signed", id, role, msp);
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
        out.println("   " + String.format(Locale.ROOT, format, args));
    }
}
