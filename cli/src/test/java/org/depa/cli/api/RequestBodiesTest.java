package org.depa.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.FailRunRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.depa.ledger.model.tx.RegisterParticipantRequest;
import org.depa.ledger.model.tx.RevokeMeasurementRequest;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.ledger.model.tx.SignAgreementRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;
import org.depa.ledger.model.tx.WithdrawDatasetRequest;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code depa api} puts on the wire: each body is the canonical JSON of the record the
 * gateway's resource parses for that endpoint (ledger-model {@code tx}), and parses strictly into
 * it. The exact bytes are pinned; where they differ from the hand-built JSON of before, the record
 * is the one the gateway built from that JSON and the path.
 */
class RequestBodiesTest {
    @TempDir
    Path dir;

    RecordingGateway gateway;
    Credentials me;
    Path certificate;
    Path key;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        gateway = new RecordingGateway();
        Instant now = Instant.now();
        me = SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                "cli-test",
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(1)));
        certificate = Files.writeString(dir.resolve("me-cert.pem"), me.certificatePem());
        key = Files.writeString(dir.resolve("me-key.pem"), me.privateKeyPem());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** {@code depa api args...} against the recording gateway, as the participant {@link #me}. */
    Run depa(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--gateway",
                gateway.base(),
                "--ca",
                certificate.toString(),
                "--cert",
                certificate.toString(),
                "--key",
                key.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ApiCommand.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** The last request, checked: method, path, exact body, and the record the gateway reads from it. */
    <T> T sent(String method, String path, String body, Class<T> type) {
        RecordingGateway.Request last =
                gateway.requests().get(gateway.requests().size() - 1);
        assertThat(last.method()).isEqualTo(method);
        assertThat(last.path()).isEqualTo(path);
        assertThat(last.body()).isEqualTo(body);
        return Json.read(last.body(), type);
    }

    static String quoted(String text) throws JsonProcessingException {
        return Json.mapper().writeValueAsString(text);
    }

    void succeeds(Run r) {
        assertThat(r.exit()).as(r.err()).isEqualTo(ApiCommand.OK);
    }

    @Nested
    class Participants {
        @Test
        void registerSendsTheCertificateItCallsWith() throws Exception {
            succeeds(depa(
                    "participants",
                    "register",
                    "--id",
                    "ai-lab",
                    "--role",
                    "TDC",
                    "--msp",
                    "ConsumerMSP",
                    "--name",
                    "AI Lab"));
            assertThat(sent(
                            "POST",
                            "/v1/participants",
                            "{\"certificatePem\":" + quoted(me.certificatePem())
                                    + ",\"clientCertificatePem\":null" // the submitting client is bound
                                    + ",\"id\":\"ai-lab\",\"mspId\":\"ConsumerMSP\",\"name\":\"AI Lab\",\"role\":\"TDC\"}",
                            RegisterParticipantRequest.class))
                    .isEqualTo(new RegisterParticipantRequest(
                            "ai-lab", Role.TDC, "ConsumerMSP", "AI Lab", me.certificatePem()));
        }

        @Test
        void theRoleIsReadInAnyCaseAndSentAsTheRole() {
            // Before, the role went out as typed and the gateway refused "tdc"; picocli reads enums case-insensitively.
            succeeds(depa(
                    "participants",
                    "register",
                    "--id",
                    "ai-lab",
                    "--role",
                    "tdc",
                    "--msp",
                    "ConsumerMSP",
                    "--name",
                    "AI Lab"));
            assertThat(Json.read(gateway.requests().get(0).body(), RegisterParticipantRequest.class)
                            .role())
                    .isEqualTo(Role.TDC);
            assertThat(gateway.requests().get(0).body()).contains("\"role\":\"TDC\"");
        }

        @Test
        void verifyNamesThePathsParticipantAndNoReason() {
            // Was {}: the gateway filled participantId from the path, so it reads the same record.
            succeeds(depa("participants", "verify", "icmr"));
            assertThat(sent(
                            "POST",
                            "/v1/participants/icmr/verify",
                            "{\"participantId\":\"icmr\",\"reason\":null}",
                            ParticipantStatusRequest.class))
                    .isEqualTo(new ParticipantStatusRequest("icmr", null));
        }

        @Test
        void suspendNamesThePathsParticipantAndTheReason() {
            // Was {"reason":...}: the gateway filled participantId from the path.
            succeeds(depa("participants", "suspend", "icmr", "--reason", "fraud"));
            assertThat(sent(
                            "POST",
                            "/v1/participants/icmr/suspend",
                            "{\"participantId\":\"icmr\",\"reason\":\"fraud\"}",
                            ParticipantStatusRequest.class))
                    .isEqualTo(new ParticipantStatusRequest("icmr", "fraud"));
        }

        @Test
        void signAgreementPostsASignatureOfThePayloadMadeWithTheCallersKey() throws Exception {
            byte[] payload = "agreement payload".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            gateway.answer(
                    "GET",
                    "/v1/agreement/signing-payload",
                    200,
                    "{\"payloadBase64\":\"" + Base64.getEncoder().encodeToString(payload) + "\",\"version\":\"v1\"}");
            succeeds(depa("participants", "sign-agreement", "ai-lab"));
            RecordingGateway.Request post = gateway.requests().get(1);
            SignAgreementRequest r = sent(
                    post.method(),
                    "/v1/participants/ai-lab/agreement-signature",
                    post.body(),
                    SignAgreementRequest.class);
            assertThat(post.body())
                    .isEqualTo("{\"participantId\":\"ai-lab\",\"signature\":" + quoted(r.signature())
                            + ",\"version\":\"v1\"}");
            SignatureVerifier.verify(
                    Pem.certificate("c", me.certificatePem()),
                    payload,
                    Base64.getDecoder().decode(r.signature()));
        }
    }

    @Test
    void agreementPublishSendsTheVersionAndTheTextsHash() {
        succeeds(depa("agreement", "publish", "--version", "2026-1", "--text-sha256", "ab12"));
        assertThat(sent(
                        "POST",
                        "/v1/agreement",
                        "{\"textSha256\":\"ab12\",\"version\":\"2026-1\"}",
                        PublishAgreementRequest.class))
                .isEqualTo(new PublishAgreementRequest("2026-1", "ab12"));
    }

    @Test
    void datasetsWithdrawNamesTheDatasetTheOwnerAndTheReason() {
        succeeds(depa("datasets", "withdraw", "icmr-2026", "--owner", "icmr", "--reason", "superseded"));
        assertThat(sent(
                        "POST",
                        "/v1/datasets/icmr-2026/withdraw",
                        "{\"datasetId\":\"icmr-2026\",\"ownerId\":\"icmr\",\"reason\":\"superseded\"}",
                        WithdrawDatasetRequest.class))
                .isEqualTo(new WithdrawDatasetRequest("icmr-2026", "icmr", "superseded"));
    }

    @Test
    void measurementsRevokeNamesThePathsMeasurementAndTheReason() {
        // Was {"reason":...}: the gateway filled the measurement from the path.
        succeeds(depa("measurements", "revoke", "ab12", "--reason", "superseded"));
        assertThat(sent(
                        "POST",
                        "/v1/measurements/ab12/revoke",
                        "{\"measurement\":\"ab12\",\"reason\":\"superseded\"}",
                        RevokeMeasurementRequest.class))
                .isEqualTo(new RevokeMeasurementRequest("ab12", "superseded"));
    }

    @Nested
    class Contracts {
        @Test
        void activateNamesTheActingPartyAndNoReason() {
            succeeds(depa("contracts", "activate", "covid-2026", "--as", "ai-lab"));
            assertThat(sent(
                            "POST",
                            "/v1/contracts/covid-2026/activate",
                            "{\"contractId\":\"covid-2026\",\"participantId\":\"ai-lab\",\"reason\":null}",
                            ContractActionRequest.class))
                    .isEqualTo(new ContractActionRequest("covid-2026", "ai-lab", null));
        }

        @Test
        void revokeByAPartyNamesIt() {
            succeeds(depa("contracts", "revoke", "covid-2026", "--as", "icmr", "--reason", "changed our mind"));
            assertThat(sent(
                            "POST",
                            "/v1/contracts/covid-2026/revoke",
                            "{\"contractId\":\"covid-2026\",\"participantId\":\"icmr\",\"reason\":\"changed our mind\"}",
                            ContractActionRequest.class))
                    .isEqualTo(new ContractActionRequest("covid-2026", "icmr", "changed our mind"));
        }

        @Test
        void revokeByAnSroOperatorNamesNoParty() {
            succeeds(depa("contracts", "revoke", "covid-2026", "--reason", "fraud"));
            assertThat(sent(
                            "POST",
                            "/v1/contracts/covid-2026/revoke",
                            "{\"contractId\":\"covid-2026\",\"participantId\":null,\"reason\":\"fraud\"}",
                            ContractActionRequest.class))
                    .isEqualTo(new ContractActionRequest("covid-2026", null, "fraud"));
        }

        @Test
        void signPostsASignatureOfTheCurrentVersionsPayloadMadeWithTheCallersKey() throws Exception {
            byte[] payload = "contract payload".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            gateway.answer(
                    "GET",
                    "/v1/contracts/covid-2026/signing-payload",
                    200,
                    "{\"payloadBase64\":\"" + Base64.getEncoder().encodeToString(payload) + "\",\"version\":3}");
            succeeds(depa("contracts", "sign", "covid-2026", "--as", "ai-lab"));
            RecordingGateway.Request post = gateway.requests().get(1);
            SignContractRequest r =
                    sent("POST", "/v1/contracts/covid-2026/signatures", post.body(), SignContractRequest.class);
            assertThat(post.body())
                    .isEqualTo("{\"contractId\":\"covid-2026\",\"participantId\":\"ai-lab\",\"signature\":"
                            + quoted(r.signature()) + ",\"version\":3}");
            SignatureVerifier.verify(
                    Pem.certificate("c", me.certificatePem()),
                    payload,
                    Base64.getDecoder().decode(r.signature()));
        }
    }

    @Test
    void runsFailNamesTheRunTheProviderAndTheReason() {
        succeeds(depa("runs", "fail", "run-1", "--as", "ccr-cloud", "--reason", "out of memory"));
        assertThat(sent(
                        "POST",
                        "/v1/runs/run-1/fail",
                        "{\"ccrProviderId\":\"ccr-cloud\",\"reason\":\"out of memory\",\"runId\":\"run-1\"}",
                        FailRunRequest.class))
                .isEqualTo(new FailRunRequest("run-1", "ccr-cloud", "out of memory"));
    }

    @Test
    void paymentsSettleNamesThePaymentThePayerAndTheHash() {
        succeeds(depa(
                "payments",
                "settle",
                "pay-1",
                "--as",
                "relay",
                "--chain-id",
                "31337",
                "--tx-hash",
                "0xab",
                "--block",
                "7"));
        assertThat(sent(
                        "POST",
                        "/v1/payments/pay-1/settle",
                        "{\"blockNumber\":7,\"chainId\":31337,\"externalTxHash\":\"0xab\","
                                + "\"participantId\":\"relay\",\"paymentId\":\"pay-1\"}",
                        SettlePaymentRequest.class))
                .isEqualTo(new SettlePaymentRequest("pay-1", "relay", 31337L, "0xab", 7L));
    }

    @Nested
    class Queries {
        @Test
        void searchValuesAreUrlEncodedInTheirOrder() {
            succeeds(depa("datasets", "search", "--owner", "icmr", "--purpose", "TRAINING", "--bookmark", "a b&c"));
            assertThat(gateway.requests().get(0).path())
                    .isEqualTo("/v1/datasets?pageSize=50&ownerId=icmr&purpose=TRAINING&bookmark=a+b%26c");
        }

        @Test
        void historyNamesTheObjectTypeAndTheId() {
            succeeds(depa("history", "--type", "contract", "covid-2026"));
            assertThat(gateway.requests().get(0))
                    .isEqualTo(
                            new RecordingGateway.Request("GET", "/v1/history?objectType=contract&id=covid-2026", ""));
        }
    }

    /** Request files, written the way a person might (indented, any key order, numbers for decimals). */
    static Stream<Arguments> requestFiles() {
        String dataset =
                """
                {
                  "ownerId": "icmr",
                  "id": "icmr-2026",
                  "name": "ICMR test results",
                  "schema": [ { "name": "age", "type": "int" } ],
                  "terms": { "totalEpsilon": 10, "maxEpsilonPerContract": 1.5, "delta": "0.01",
                             "allowedPurposes": [ "TRAINING" ], "priceMinor": 1000, "currency": "INR" }
                }
                """;
        String measurement =
                """
                { "minTcb": { "tee": 0, "bootloader": 3, "snp": 8, "microcode": 115 },
                  "measurement": "ab12", "description": "depa training framework 0.1" }
                """;
        String proposal =
                """
                { "tdcId": "ai-lab", "contractId": "covid-2026", "purpose": "TRAINING",
                  "datasets": [ { "paymentMinor": 1000, "datasetId": "icmr-2026", "joinColumn": "mobile" } ],
                  "allowedMeasurements": [ "ab12" ] }
                """;
        String run =
                """
                { "runId": "run-1", "contractId": "covid-2026", "ccrProviderId": "ccr-cloud",
                  "report": "AAAA", "certificateChainPem": "CHAIN", "runPublicKeyPem": "PEM",
                  "measurement": "ab12", "chipId": "c1", "reportedTcb": "03" }
                """;
        String keyRelease =
                """
                { "tdpId": "icmr", "runId": "run-1", "datasetId": "icmr-2026", "measurement": "ab12",
                  "reportSha256": "cd34", "recipientKeySha256": "ef56",
                  "chipId": "c1", "reportedTcb": "03", "runKeySignature": "AAAA" }
                """;
        String receipt =
                """
                { "signature": "AAAA", "ccrProviderId": "ccr-cloud",
                  "body": { "runId": "run-1", "contractId": "covid-2026", "modelSha256": "00",
                            "metrics": { "loss": 0.50, "accuracy": "0.92" } } }
                """;
        return Stream.of(
                Arguments.of(List.of("datasets", "register"), "POST", "/v1/datasets", DatasetRequest.class, dataset),
                Arguments.of(
                        List.of("measurements", "certify"),
                        "POST",
                        "/v1/measurements",
                        CertifyMeasurementRequest.class,
                        measurement),
                Arguments.of(
                        List.of("contracts", "propose"), "POST", "/v1/contracts", ContractProposal.class, proposal),
                Arguments.of(
                        List.of("contracts", "amend", "covid-2026"),
                        "PUT",
                        "/v1/contracts/covid-2026",
                        ContractProposal.class,
                        proposal),
                Arguments.of(List.of("runs", "start"), "POST", "/v1/runs", StartRunRequest.class, run),
                Arguments.of(
                        List.of("runs", "release-key", "run-1"),
                        "POST",
                        "/v1/runs/run-1/key-releases",
                        KeyReleaseRequest.class,
                        keyRelease),
                Arguments.of(
                        List.of("runs", "submit-receipt", "run-1"),
                        "POST",
                        "/v1/runs/run-1/receipt",
                        SubmitReceiptRequest.class,
                        receipt));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestFiles")
    void aRequestFileIsSentAsTheCanonicalJsonOfItsRecord(
            List<String> command, String method, String path, Class<? extends Record> type, String text)
            throws Exception {
        Path file = Files.writeString(dir.resolve("request.json"), text);
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--file", file.toString()));
        succeeds(depa(args.toArray(String[]::new)));
        Record read = Json.read(text, type);
        assertThat(sent(method, path, Json.canonicalString(read), type)).isEqualTo(read);
        assertThat(gateway.requests().get(0).body()).isNotEqualTo(text);
    }
}
