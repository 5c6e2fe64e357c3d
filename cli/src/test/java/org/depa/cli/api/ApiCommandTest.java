package org.depa.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI's gateway client: usage errors, refusals before anything is sent, output and exit codes. */
class ApiCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run depa(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ApiCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    Credentials credentials() {
        Instant now = Instant.now();
        return SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                "cli-test",
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(1)));
    }

    @Test
    void aWrongPkcs12PasswordIsAnInputError() throws Exception {
        Path p12 = dir.resolve("bad.p12");
        Files.write(p12, Base64.getDecoder().decode("MAA="));
        Path ca = Files.writeString(dir.resolve("ca.pem"), credentials().certificatePem());
        Run r = depa("contracts", "show", "x", "--ca", ca.toString(), "--p12", p12.toString());
        assertThat(r.exit()).isEqualTo(ApiCommand.USAGE);
        assertThat(r.err()).contains("cannot read PKCS#12");
    }

    @Nested
    class ExitCodes {
        @Test
        void aMissingCaIsAUsageError() {
            Run r = depa("contracts", "show", "x", "--gateway", "https://127.0.0.1:1");
            assertThat(r.exit()).isEqualTo(ApiCommand.USAGE);
            assertThat(r.err()).contains("--ca");
        }

        @Test
        void contradictoryIdentityOptionsAreAUsageError() throws Exception {
            Path ca = Files.writeString(dir.resolve("ca.pem"), credentials().certificatePem());
            Run r = depa("contracts", "show", "x", "--ca", ca.toString(), "--p12", "a.p12", "--cert", "c.pem");
            assertThat(r.exit()).isEqualTo(ApiCommand.USAGE);
        }

        @Test
        void anUnknownOptionIsAUsageError() {
            assertThat(depa("contracts", "show", "x", "--no-such-option").exit())
                    .isEqualTo(ApiCommand.USAGE);
        }

        @Test
        void aGatewayNobodyListensOnIsUnreachable() throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path ca = Files.writeString(dir.resolve("ca.pem"), credentials().certificatePem());
            Run r = depa("contracts", "show", "x", "--gateway", "https://127.0.0.1:" + port, "--ca", ca.toString());
            assertThat(r.exit()).isEqualTo(ApiCommand.UNREACHABLE);
        }
    }

    /** Against a recording stand-in for the gateway, to see what was (not) sent. */
    abstract class WithGateway {
        RecordingGateway gateway;
        Path certificate;
        Path key;

        @BeforeEach
        void start() throws Exception {
            gateway = new RecordingGateway();
            Credentials me = credentials();
            certificate = Files.writeString(dir.resolve("me-cert.pem"), me.certificatePem());
            key = Files.writeString(dir.resolve("me-key.pem"), me.privateKeyPem());
        }

        @AfterEach
        void stop() {
            gateway.close();
        }

        Run as(boolean withIdentity, String... args) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--gateway", gateway.base(), "--ca", certificate.toString()));
            if (withIdentity) {
                all.addAll(List.of("--cert", certificate.toString(), "--key", key.toString()));
            }
            return depa(all.toArray(String[]::new));
        }

        Run depaWithKey(String... args) {
            return as(true, args);
        }

        void refusedBeforeSending(Run r, String... inError) {
            assertThat(r.exit()).as(r.err()).isEqualTo(ApiCommand.USAGE);
            assertThat(r.err()).contains(inError);
            assertThat(gateway.requests()).isEmpty();
        }
    }

    @Nested
    class RefusedBeforeSending extends WithGateway {
        @ParameterizedTest(name = "{0} without {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "participants register --id ai-lab --msp ConsumerMSP --name Lab | --role",
                    "participants register --role TDC --msp ConsumerMSP --name Lab | --id",
                    "participants suspend icmr | --reason",
                    "agreement publish --version 2026-1 | --text-sha256",
                    "datasets register | --file",
                    "datasets withdraw icmr-2026 --reason old | --owner",
                    "datasets withdraw icmr-2026 --owner icmr | --reason",
                    "measurements certify | --file",
                    "measurements revoke ab12 | --reason",
                    "contracts propose | --file",
                    "contracts amend covid-2026 | --file",
                    "contracts sign covid-2026 | --as",
                    "contracts activate covid-2026 | --as",
                    "contracts revoke covid-2026 --as icmr | --reason",
                    "runs start | --file",
                    "runs release-key run-1 | --file",
                    "runs submit-receipt run-1 | --file",
                    "runs fail run-1 --reason oom | --as",
                    "runs fail run-1 --as ccr-cloud | --reason",
                    "payments settle pay-1 --as ai-lab | --tx-hash",
                    "payments settle pay-1 --tx-hash 0xab | --as",
                    "history covid-2026 | --type"
                })
        void aMissingRequiredOptionIsNamed(String command, String option) {
            refusedBeforeSending(
                    depaWithKey(command.strip().split(" ")), "Missing required option", "'" + option + "=");
        }

        @Test
        void aRoleThatIsNoRoleIsNamed() {
            refusedBeforeSending(
                    depaWithKey(
                            "participants", "register", "--id", "x-1", "--role", "OWNER", "--msp", "M", "--name", "X"),
                    "--role",
                    "OWNER");
        }

        @Test
        void registeringWithoutACertificateAsksForOne() {
            refusedBeforeSending(
                    as(false, "participants", "register", "--id", "x-1", "--role", "TDC", "--msp", "M", "--name", "X"),
                    "--p12",
                    "--cert");
        }

        @Test
        void aRequestFileWithAnUnknownFieldIsNamedWithTheField() throws Exception {
            Path file =
                    Files.writeString(dir.resolve("measurement.json"), "{\"measurement\":\"ab12\",\"colour\":\"red\"}");
            refusedBeforeSending(
                    depaWithKey("measurements", "certify", "--file", file.toString()),
                    file.toString(),
                    "CertifyMeasurementRequest",
                    "unknown field 'colour'");
        }

        @Test
        void aRequestFileWithAWrongTypeIsNamedWithTheField() throws Exception {
            Path file = Files.writeString(dir.resolve("run.json"), "{\"runId\":\"run-1\",\"contractId\":7}");
            refusedBeforeSending(
                    depaWithKey("runs", "start", "--file", file.toString()), file.toString(), "field 'contractId'");
        }

        @Test
        void aRequestFileThatIsNotJsonOrIsNullIsRefused() throws Exception {
            Path broken = Files.writeString(dir.resolve("broken.json"), "{\"contractId\":");
            refusedBeforeSending(
                    depaWithKey("contracts", "propose", "--file", broken.toString()),
                    broken.toString(),
                    "malformed JSON");
            Path nothing = Files.writeString(dir.resolve("nothing.json"), "null");
            refusedBeforeSending(
                    depaWithKey("contracts", "amend", "covid-2026", "--file", nothing.toString()),
                    nothing.toString(),
                    "is null");
        }
    }

    @Nested
    class Output extends WithGateway {
        @Test
        void theGatewaysJsonIsIndentedOrWithJsonPrintedAsItCame() {
            gateway.answer("GET", "/v1/contracts/covid-2026", 200, "{\"contractId\":\"covid-2026\",\"version\":1}");
            assertThat(depaWithKey("contracts", "show", "covid-2026").out())
                    .isEqualTo(String.format("{%n  \"contractId\" : \"covid-2026\",%n  \"version\" : 1%n}%n"));
            assertThat(depaWithKey("contracts", "show", "covid-2026", "--json").out())
                    .isEqualTo(String.format("{\"contractId\":\"covid-2026\",\"version\":1}%n"));
        }

        @Test
        void aProblemIsARefusalWithItsStatusAndCode() {
            gateway.answer(
                    "POST",
                    "/v1/contracts/covid-2026/activate",
                    409,
                    "{\"status\":409,\"code\":\"INVALID_STATE\",\"detail\":\"contract 'covid-2026' is already ACTIVE\"}");
            Run r = depaWithKey("contracts", "activate", "covid-2026", "--as", "ai-lab");
            assertThat(r.exit()).isEqualTo(ApiCommand.REFUSED);
            assertThat(r.err())
                    .isEqualTo(String.format("refused (409 INVALID_STATE): contract 'covid-2026' is already ACTIVE%n"));
            assertThat(r.out()).isEmpty();
        }

        @Test
        void anUnavailableLedgerIsLikeAnUnreachableGateway() {
            gateway.answer(
                    "GET",
                    "/v1/runs/run-1",
                    503,
                    "{\"status\":503,\"code\":\"LEDGER_UNAVAILABLE\",\"detail\":\"down\"}");
            Run r = depaWithKey("runs", "show", "run-1");
            assertThat(r.exit()).isEqualTo(ApiCommand.UNREACHABLE);
            assertThat(r.err()).contains("503 LEDGER_UNAVAILABLE");
        }
    }
}
