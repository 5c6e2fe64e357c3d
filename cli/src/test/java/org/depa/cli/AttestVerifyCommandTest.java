package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.testkit.GenuineSnpFixtures.GENOA_REPORT;
import static org.depa.testkit.GenuineSnpFixtures.GENOA_VCEK_CHAIN;
import static org.depa.testkit.GenuineSnpFixtures.MILAN_DEBUG_REPORT;
import static org.depa.testkit.GenuineSnpFixtures.MILAN_DEBUG_VCEK;
import static org.depa.testkit.GenuineSnpFixtures.MILAN_MEASUREMENT;
import static org.depa.testkit.GenuineSnpFixtures.MILAN_REPORT;
import static org.depa.testkit.GenuineSnpFixtures.MILAN_VCEK;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.depa.testkit.GenuineSnpFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** `depa attest verify` over AMD's genuine reports: verdict, reasons and exit status. */
class AttestVerifyCommandTest {
    private static final Path SNP = GenuineSnpFixtures.directory();

    static Stream<Arguments> cases() {
        String milan = SNP.resolve(MILAN_REPORT).toString();
        String milanVcek = SNP.resolve(MILAN_VCEK).toString();
        return Stream.of(
                Arguments.of("genuine Milan", List.of("--report", milan, "--certs", milanVcek), 0, "ACCEPT", List.of()),
                Arguments.of(
                        "genuine Genoa with its chain",
                        List.of(
                                "--report",
                                SNP.resolve(GENOA_REPORT).toString(),
                                "--certs",
                                SNP.resolve(GENOA_VCEK_CHAIN).toString()),
                        0,
                        "ACCEPT",
                        List.of()),
                Arguments.of(
                        "genuine Milan, AMD's ASK and ARK before the VCEK",
                        List.of(
                                "--report",
                                milan,
                                "--certs",
                                SNP.resolve("ask_ark_milan.pem").toString(),
                                "--certs",
                                milanVcek),
                        0,
                        "ACCEPT",
                        List.of()),
                Arguments.of(
                        "genuine Genoa with Milan's ASK and ARK as extras",
                        List.of(
                                "--report",
                                SNP.resolve(GENOA_REPORT).toString(),
                                "--certs",
                                SNP.resolve("ask_ark_milan.pem").toString(),
                                "--certs",
                                SNP.resolve(GENOA_VCEK_CHAIN).toString()),
                        0,
                        "ACCEPT",
                        List.of()),
                Arguments.of(
                        "only AMD's ASK and ARK, no VCEK",
                        List.of(
                                "--report",
                                milan,
                                "--certs",
                                SNP.resolve("ask_ark_milan.pem").toString()),
                        1,
                        "REJECT",
                        List.of("MISSING_CERTIFICATE")),
                Arguments.of(
                        "genuine Milan, allowed measurement",
                        List.of(
                                "--report",
                                milan,
                                "--certs",
                                milanVcek,
                                "--measurement",
                                MILAN_MEASUREMENT.toUpperCase(java.util.Locale.ROOT)),
                        0,
                        "ACCEPT",
                        List.of()),
                Arguments.of(
                        "debug guest refused by default",
                        List.of(
                                "--report",
                                SNP.resolve(MILAN_DEBUG_REPORT).toString(),
                                "--certs",
                                SNP.resolve(MILAN_DEBUG_VCEK).toString()),
                        1,
                        "REJECT",
                        List.of("DEBUG_ENABLED")),
                Arguments.of(
                        "debug guest accepted with --allow-debug",
                        List.of(
                                "--report",
                                SNP.resolve(MILAN_DEBUG_REPORT).toString(),
                                "--certs",
                                SNP.resolve(MILAN_DEBUG_VCEK).toString(),
                                "--allow-debug"),
                        0,
                        "ACCEPT",
                        List.of()),
                Arguments.of(
                        "measurement not allowed",
                        List.of("--report", milan, "--certs", milanVcek, "--measurement", "ab".repeat(48)),
                        1,
                        "REJECT",
                        List.of("MEASUREMENT_NOT_ALLOWED")),
                Arguments.of(
                        "wrong VMPL",
                        List.of("--report", milan, "--certs", milanVcek, "--vmpl", "1"),
                        1,
                        "REJECT",
                        List.of("VMPL_MISMATCH")),
                Arguments.of(
                        "report checked against another chip's VCEK",
                        List.of(
                                "--report",
                                milan,
                                "--certs",
                                SNP.resolve(MILAN_DEBUG_VCEK).toString()),
                        1,
                        "REJECT",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictAndExitStatus(String name, List<String> args, int exit, String verdict, List<String> reasons)
            throws Exception {
        Result r = run(args);
        assertThat(r.exit).as(r.err).isEqualTo(exit);
        JsonNode json = new ObjectMapper().readTree(r.out);
        assertThat(json.get("verdict").asText()).isEqualTo(verdict);
        List<String> got = new ArrayList<>();
        json.get("reasons").forEach(n -> got.add(n.asText()));
        if (reasons != null) {
            assertThat(got).containsExactlyElementsOf(reasons);
        } else {
            assertThat(got).isNotEmpty();
        }
        assertThat(json.has("product")
                        && json.has("version")
                        && json.has("measurement")
                        && json.has("reportData")
                        && json.has("vmpl"))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputErrors")
    void usageAndInputErrorsExitTwo(String name, List<String> args) {
        Result r = run(args);
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).isEmpty();
    }

    static Stream<Arguments> inputErrors() {
        String milan = SNP.resolve(MILAN_REPORT).toString();
        String vcek = SNP.resolve(MILAN_VCEK).toString();
        return Stream.of(
                Arguments.of("missing report file", List.of("--report", "no-such-file.bin", "--certs", vcek)),
                Arguments.of("missing certs option", List.of("--report", milan)),
                Arguments.of("certificate file is not a certificate", List.of("--report", milan, "--certs", milan)),
                Arguments.of(
                        "measurement not hex", List.of("--report", milan, "--certs", vcek, "--measurement", "xyz")),
                Arguments.of(
                        "report data too short", List.of("--report", milan, "--certs", vcek, "--report-data", "00")));
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            List<String> argv = new ArrayList<>(List.of("attest", "verify"));
            argv.addAll(args);
            int exit = new CommandLine(new Main())
                    .setCaseInsensitiveEnumValuesAllowed(true)
                    .execute(argv.toArray(String[]::new));
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
