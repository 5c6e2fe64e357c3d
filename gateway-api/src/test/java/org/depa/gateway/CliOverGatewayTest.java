package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.depa.cli.api.ApiCommand;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.testing.World;
import org.depa.testkit.PemText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The {@code depa api} commands against the running gateway: local signing, output and exit codes. */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class CliOverGatewayTest {
    static Member tdc;
    static Member tdp;
    static Member ccr;

    @BeforeAll
    static void cast() {
        tdc = Api.onboard("cli-tdc", Role.TDC, "ConsumerMSP");
        tdp = Api.onboard("cli-tdp", Role.TDP, "ProviderMSP");
        ccr = Api.onboard("cli-ccr", Role.CCR_PROVIDER, "CcrMSP");
        Api.ensureMeasurement(World.MEASUREMENT);
    }

    record Run(int exit, String out, String err) {}

    static Run depa(Member as, String... args) {
        if (as == null) {
            return depaWith(List.of(), args);
        }
        // PEM files for the key and certificate: the other way besides PKCS#12.
        Path cert = Api.pki().resolve(as.id() + "-cert.pem");
        Path key = Api.pki().resolve(as.id() + "-key.pem");
        PemText.write(cert, as.credentials().certificatePem());
        PemText.writeSecret(key, as.credentials().privateKeyPem());
        return depaWith(List.of("--cert", cert.toString(), "--key", key.toString()), args);
    }

    /** As an SRO operator (TestPki writes its certificate and key as PEM files too). */
    static Run depaAsSro(String... args) {
        return depaWith(
                List.of(
                        "--cert",
                        Api.pki().resolve("sro-cert.pem").toString(),
                        "--key",
                        Api.pki().resolve("sro-key.pem").toString()),
                args);
    }

    private static Run depaWith(List<String> identity, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--gateway", Api.base(), "--ca", Api.pki().resolve("ca.pem").toString()));
        all.addAll(identity);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ApiCommand.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    static String status(Run r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.tree(r.out()).get("status").asText();
    }

    @Nested
    class Participants {
        @Test
        void aNewParticipantRegistersItselfAndIsVerified() {
            Member fresh = Api.certified("cli-fresh", Role.AUDITOR, "ConsumerMSP", "ca");
            Run r = depa(
                    fresh,
                    "participants",
                    "register",
                    "--id",
                    "cli-fresh",
                    "--role",
                    "AUDITOR",
                    "--msp",
                    "ConsumerMSP",
                    "--name",
                    "Fresh Ltd",
                    "--json");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Json.tree(r.out()).get("status").asText()).isEqualTo("PENDING");
            Run me = depa(fresh, "participants", "me", "--json");
            assertThat(Json.tree(me.out()).get("id").asText()).isEqualTo("cli-fresh");
        }

        @Test
        void aParticipantSignsTheAgreementWithItsOwnKeyFileOnce() {
            Member m = Api.register("cli-signer", Role.TDC, "ConsumerMSP");
            Api.json(Api.sro(), "{}")
                    .post("/v1/participants/cli-signer/verify")
                    .then()
                    .statusCode(200);
            Run first = depa(m, "participants", "sign-agreement", "cli-signer", "--json");
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(Json.tree(first.out()).get("agreementVersion").asText()).isEqualTo("v1");
            Run again = depa(m, "participants", "sign-agreement", "cli-signer");
            assertThat(again.exit()).isEqualTo(ApiCommand.REFUSED);
            assertThat(again.err()).contains("409").contains("ALREADY_SIGNED");
        }

        @Test
        void theSroVerifiesAndSuspendsThroughTheCli() {
            Api.register("cli-checked", Role.TDC, "ConsumerMSP");
            assertThat(status(depaAsSro("participants", "verify", "cli-checked", "--json")))
                    .isEqualTo("VERIFIED");
            assertThat(status(depaAsSro("participants", "suspend", "cli-checked", "--reason", "fraud", "--json")))
                    .isEqualTo("SUSPENDED");
        }
    }

    @Nested
    class Contracts {
        @Test
        void everyPartySignsLocallyAndTheTdcActivates() throws Exception {
            Api.json(tdp.spec(), World.datasetRequest("cli-data", "cli-tdp", "10"))
                    .post("/v1/datasets")
                    .then()
                    .statusCode(200);
            Path proposal = Files.createTempFile(Api.pki(), "proposal", ".json");
            Files.writeString(
                    proposal,
                    Json.canonicalString(
                            LifecycleTestProposals.proposal("cli-c1", "cli-tdc", "cli-ccr", "cli-data", "1")));
            Run proposed = depa(tdc, "contracts", "propose", "--file", proposal.toString());
            assertThat(proposed.exit()).as(proposed.err()).isZero();
            for (Member m : List.of(tdc, tdp, ccr)) {
                Run s = depa(m, "contracts", "sign", "cli-c1", "--as", m.id());
                assertThat(s.exit()).as(s.err()).isZero();
            }
            Run a = depa(tdc, "contracts", "activate", "cli-c1", "--as", "cli-tdc", "--json");
            assertThat(a.exit()).as(a.err()).isZero();
            assertThat(Json.tree(a.out()).get("status").asText()).isEqualTo("ACTIVE");
            Run shown = depa(ccr, "contracts", "show", "cli-c1");
            assertThat(shown.out()).contains("\"status\" : \"ACTIVE\"");
            Run history = depa(ccr, "contracts", "history", "cli-c1");
            assertThat(history.exit()).as(history.err()).isZero();
            Run events = depa(ccr, "events", "--from", "1", "--limit", "2");
            assertThat(events.exit()).as(events.err()).isZero();
            assertThat(events.out().lines().filter(l -> l.contains("\"txId\"")).count())
                    .isEqualTo(2);
        }

        @Test
        void theSroRevokesAProposalWithoutNamingAParty() throws Exception {
            Api.json(tdp.spec(), World.datasetRequest("cli-data-2", "cli-tdp", "10"))
                    .post("/v1/datasets")
                    .then()
                    .statusCode(200);
            Path proposal = Files.createTempFile(Api.pki(), "proposal", ".json");
            Files.writeString(
                    proposal,
                    Json.canonicalString(
                            LifecycleTestProposals.proposal("cli-c2", "cli-tdc", "cli-ccr", "cli-data-2", "1")));
            Run proposed = depa(tdc, "contracts", "propose", "--file", proposal.toString());
            assertThat(proposed.exit()).as(proposed.err()).isZero();
            assertThat(status(depaAsSro("contracts", "revoke", "cli-c2", "--reason", "fraud", "--json")))
                    .isEqualTo("REVOKED");
        }

        @Test
        void aTdpWithdrawsItsDataset() {
            Api.json(tdp.spec(), World.datasetRequest("cli-data-3", "cli-tdp", "10"))
                    .post("/v1/datasets")
                    .then()
                    .statusCode(200);
            assertThat(status(depa(
                            tdp,
                            "datasets",
                            "withdraw",
                            "cli-data-3",
                            "--owner",
                            "cli-tdp",
                            "--reason",
                            "superseded",
                            "--json")))
                    .isEqualTo("WITHDRAWN");
        }
    }

    @Nested
    class Measurements {
        @Test
        void theSroCertifiesFromAFileAndRevokes() throws Exception {
            String measurement = "e".repeat(96);
            Path request = Files.createTempFile(Api.pki(), "measurement", ".json");
            Files.writeString(
                    request,
                    Json.canonicalString(
                            new CertifyMeasurementRequest(measurement, "cli build", new Tcb(3, 0, 8, 115))));
            assertThat(status(depaAsSro("measurements", "certify", "--file", request.toString(), "--json")))
                    .isEqualTo("CERTIFIED");
            assertThat(status(depaAsSro("measurements", "revoke", measurement, "--reason", "superseded", "--json")))
                    .isEqualTo("REVOKED");
        }
    }

    @Nested
    class ExitCodes {
        @Test
        void aRoleRefusalExitsWith1() {
            Run r = depa(tdp, "contracts", "activate", "nope", "--as", "cli-tdp");
            assertThat(r.exit()).isEqualTo(ApiCommand.REFUSED);
            assertThat(r.err()).contains("404");
        }

        @Test
        void noCertificateExitsWith1AndSays401() {
            Run r = depa(null, "contracts", "show", "x");
            assertThat(r.exit()).isEqualTo(ApiCommand.REFUSED);
            assertThat(r.err()).contains("401").contains("UNAUTHENTICATED");
        }

        @Test
        void anUnreadableRequestFileExitsWith2() {
            Run r = depa(tdc, "contracts", "propose", "--file", "/nonexistent/proposal.json");
            assertThat(r.exit()).isEqualTo(ApiCommand.USAGE);
        }

        @Test
        void aGatewayThatIsNotThereExitsWith3() throws Exception {
            int port;
            try (var socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            StringWriter err = new StringWriter();
            int exit = ApiCommand.execute(
                    new PrintWriter(new StringWriter()),
                    new PrintWriter(err),
                    "contracts",
                    "show",
                    "x",
                    "--gateway",
                    "https://127.0.0.1:" + port,
                    "--ca",
                    Api.pki().resolve("ca.pem").toString());
            assertThat(exit).isEqualTo(ApiCommand.UNREACHABLE);
            assertThat(err.toString()).contains("unreachable");
        }
    }
}
