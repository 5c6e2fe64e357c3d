package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.domain.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the auditor's verification run by the gateway ({@code POST /v1/audit/verifications}
 * and the audit page) over a copy of its embedded ledger, the per-check table, and the bundle,
 * which the real {@code depa audit verify} (a process of its own) checks offline with the same
 * verdict. A ledger edited on disk shows FAIL rows naming the check.
 */
@QuarkusTest
@TestProfile(AuditVerificationTest.LedgerOnDisk.class)
@QuarkusTestResource(TestPki.class)
class AuditVerificationTest {
    /** The gateway on an embedded ledger kept in a directory (the one it copies to verify). */
    public static final class LedgerOnDisk implements QuarkusTestProfile {
        static final Path LEDGER = temp("depa-audit-ledger");

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("depa.gateway.ledger.directory", LEDGER.toString());
        }
    }

    static Member tdc;
    static Member tdp;
    static Member ccr;
    static Member auditor;

    @BeforeAll
    static void world() {
        tdc = Api.onboard("av-tdc", Role.TDC, "ConsumerMSP");
        tdp = Api.onboard("av-tdp", Role.TDP, "ProviderMSP");
        ccr = Api.onboard("av-ccr", Role.CCR_PROVIDER, "CcrMSP");
        auditor = Api.onboard("av-auditor", Role.AUDITOR, "ProviderMSP");
        Api.ensureMeasurement(org.depa.ledger.testing.World.MEASUREMENT);
        JobFixture.activeContract("av-c1", tdc, tdp, ccr, JobFixture.COMMITMENT);
    }

    static Response verify(Member m, String body) {
        return Api.json(m.spec(), body).post("/v1/audit/verifications");
    }

    static Map<String, Object> row(Response r, String check) {
        List<Map<String, Object>> rows = r.path("checks");
        return rows.stream()
                .filter(c -> check.equals(c.get("id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + check + " in " + r.asString()));
    }

    @Test
    void anAuditorGetsEveryCheckAndTheyPassWithTheDevelopmentRootAccepted() {
        Response r = verify(auditor, "{\"allowDevelopmentRoots\":true}");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.header("Location")).endsWith("/v1/audit/verifications/" + r.path("id"));
        assertThat((String) r.path("verdict")).as(r.asString()).isEqualTo("PASS");
        assertThat((String) r.path("ledger")).isEqualTo("embedded");
        assertThat(((Number) r.path("failed")).longValue()).isZero();
        for (String check : List.of(
                "embedded.line.format",
                "embedded.line.hash-chain",
                "embedded.line.signature",
                "embedded.head-file",
                "domain.contract.signature",
                "domain.contract.activation")) {
            Map<String, Object> row = row(r, check);
            assertThat(row.get("verdict")).as(check).isEqualTo("PASS");
            assertThat(((Number) row.get("pass")).longValue()).as(check).isPositive();
            assertThat((String) row.get("description")).isNotBlank();
        }
        // The development root the test ledger trusts passes only because it was accepted, and is flagged.
        assertThat(row(r, "domain.attestation.development-root").get("verdict")).isEqualTo("PASS");
        assertThat(row(r, "domain.payment.chain-settlement").get("verdict")).isEqualTo("NOT RUN");
        assertThat((String) r.path("chain")).contains("no payment chain is configured");
        assertThat((String) r.path("anchors.head")).matches("[0-9a-f]{64}");
        assertThat((String) r.path("anchors.genesis")).matches("[0-9a-f]{64}");
        // Read back: the caller's own; anyone else, a colleague of the same organisation included, gets 404.
        String id = r.path("id");
        auditor.spec().get("/v1/audit/verifications/" + id).then().statusCode(200);
        for (Member other : List.of(tdp, tdc)) {
            Response refused = other.spec().get("/v1/audit/verifications/" + id + "/bundle");
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat((String) refused.path("code")).isEqualTo("VERIFICATION_NOT_FOUND");
        }
    }

    @Test
    void withoutAcceptingItTheDevelopmentRootIsAFailRowNamingTheCheck() {
        Response r = verify(tdp, "");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat((String) r.path("verdict")).isEqualTo("FAIL");
        Map<String, Object> row = row(r, "domain.attestation.development-root");
        assertThat(row.get("verdict")).isEqualTo("FAIL");
        assertThat(row.get("details").toString()).contains("development");
        assertThat(row(r, "embedded.line.signature").get("verdict")).isEqualTo("PASS");
    }

    @Test
    void theBundleIsTheAuditorsFormatAndDepaAuditVerifyChecksItOffline() throws Exception {
        Response r = verify(auditor, "{\"allowDevelopmentRoots\":true}");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        String id = r.path("id");
        Path dir = unzip(download(auditor, id), "depa-audit-bundle-" + id);
        assertThat(dir.resolve("ledger.jsonl")).isRegularFile();
        assertThat(dir.resolve("node.pub")).isRegularFile();
        assertThat(dir.resolve("node.key")).doesNotExist();
        Cli cli = depaAuditVerify(
                dir,
                "--allow-dev-root",
                "--genesis-hash",
                r.path("anchors.genesis"),
                "--expect-head",
                r.path("anchors.head"));
        assertThat(cli.exit()).as(cli.output()).isZero();
        assertThat(cli.output()).contains("PASS: ").contains((String) r.path("anchors.head"));
    }

    @Test
    void aLedgerEditedOnDiskShowsFailRowsNamingTheCheckAndTheBundleFailsOfflineToo() throws Exception {
        Path ledger = LedgerOnDisk.LEDGER.resolve("ledger.jsonl");
        long offset = offsetInLine(ledger, 2, "\"timestamp\":\"");
        byte original;
        try (RandomAccessFile f = new RandomAccessFile(ledger.toFile(), "rw")) {
            f.seek(offset);
            original = f.readByte();
            f.seek(offset);
            f.writeByte(original == '1' ? '2' : '1'); // another year on line 2, the node's signature untouched
        }
        try {
            Response r = verify(tdc, "{\"allowDevelopmentRoots\":true}");
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
            assertThat((String) r.path("verdict")).isEqualTo("FAIL");
            Map<String, Object> signature = row(r, "embedded.line.signature");
            assertThat(signature.get("verdict")).isEqualTo("FAIL");
            assertThat(signature.get("details").toString()).contains("line 2");
            assertThat(row(r, "embedded.line.hash-chain").get("verdict")).isEqualTo("FAIL");
            String id = r.path("id");
            Path dir = unzip(download(tdc, id), "depa-audit-bundle-" + id);
            Cli cli = depaAuditVerify(dir, "--allow-dev-root");
            assertThat(cli.exit()).as(cli.output()).isEqualTo(1);
            assertThat(cli.output()).contains("FAIL embedded.line.signature at line 2");
            // The audit page shows the same rows.
            String page = DashboardWorld.page(tdc.spec(), "/dashboard/audit/verifications/" + id)
                    .asString();
            assertThat(page)
                    .contains("data-testid=\"check-embedded.line.signature\" data-verdict=\"FAIL\"")
                    .contains("data-testid=\"check-embedded.line.signature-details\"")
                    .contains("data-testid=\"bundle-download\"");
        } finally {
            try (RandomAccessFile f = new RandomAccessFile(ledger.toFile(), "rw")) {
                f.seek(offset);
                f.writeByte(original);
            }
        }
    }

    @Test
    void badOptionsAreRefusedNamingTheField() {
        Response r = verify(auditor, "{\"expectHead\":\"xyz\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.asString()).contains("expectHead");
        Response unknown = verify(auditor, "{\"allowDevRoot\":true}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.asString()).contains("allowDevRoot");
    }

    @Test
    void theAuditPageRunsItFromItsFormAndThePaymentsPageSaysNoChainIsConfigured() {
        String audit = DashboardWorld.page(auditor.spec(), "/dashboard/audit").asString();
        assertThat(audit).contains("data-testid=\"audit-verify-form\"").doesNotContain("audit-not-here");
        // A certificate-holding browser's form is trusted only when the browser says it came from this site.
        Response foreign = auditor.spec()
                .redirects()
                .follow(false)
                .header("Sec-Fetch-Site", "cross-site")
                .contentType("application/x-www-form-urlencoded")
                .formParam("allowDevelopmentRoots", "on")
                .post("/dashboard/audit/verifications");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.asString()).contains("FORM_NOT_TRUSTED");
        Response ok = auditor.spec()
                .redirects()
                .follow(false)
                .header("Sec-Fetch-Site", "same-origin")
                .contentType("application/x-www-form-urlencoded")
                .formParam("allowDevelopmentRoots", "on")
                .post("/dashboard/audit/verifications");
        assertThat(ok.statusCode()).as(ok.asString()).isEqualTo(303);
        String page = pageWhenFinished(auditor, ok.header("Location"));
        assertThat(page)
                .contains("data-testid=\"verification-verdict\">PASS<")
                .contains("data-testid=\"check-embedded.line.signature\" data-verdict=\"PASS\"");
        String payments = DashboardWorld.page(tdc.spec(), "/dashboard/payments?contract=av-c1")
                .asString();
        assertThat(payments).contains("data-testid=\"balances-not-shown\"").contains("no payment chain is configured");
    }

    /**
     * The form starts the verification and redirects to its page at once; on a slow machine that page
     * still says RUNNING. Follow it as the page's own script does, for at most a minute.
     */
    static String pageWhenFinished(Member m, String location) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        String page = DashboardWorld.page(m.spec(), location).asString();
        while (page.contains("data-state=\"RUNNING\"") && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            page = DashboardWorld.page(m.spec(), location).asString();
        }
        return page;
    }

    static byte[] download(Member m, String id) {
        Response z = m.spec().get("/v1/audit/verifications/" + id + "/bundle");
        assertThat(z.statusCode()).isEqualTo(200);
        assertThat(z.contentType()).startsWith("application/zip");
        assertThat(z.header("Content-Disposition")).contains("depa-audit-bundle-" + id + ".zip");
        return z.asByteArray();
    }

    static Path unzip(byte[] zip, String folder) throws IOException {
        Path out = temp("depa-audit-download");
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                assertThat(e.getName()).startsWith(folder + "/").doesNotContain("..");
                Path target = out.resolve(e.getName());
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
        return out.resolve(folder);
    }

    record Cli(int exit, String output) {}

    /** {@code depa audit verify DIR ...} in a JVM of its own, as an auditor runs it on its machine. */
    static Cli depaAuditVerify(Path dir, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Ddepa.home=" + temp("depa-cli-home"),
                "org.depa.cli.Main",
                "audit",
                "verify",
                dir.toString(),
                "--no-progress"));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Cli(p.exitValue(), out);
    }

    /** The file offset of the character after {@code marker} in line {@code line} (1-based) of {@code file}. */
    static long offsetInLine(Path file, int line, String marker) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        for (int l = 1; l < line; l++) {
            start = indexOf(bytes, (byte) '\n', start) + 1;
        }
        int end = indexOf(bytes, (byte) '\n', start);
        String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        int at = text.indexOf(marker);
        assertThat(at).as("line " + line + " has " + marker).isNotNegative();
        return start + (long) text.substring(0, at + marker.length()).getBytes(StandardCharsets.UTF_8).length;
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        throw new AssertionError("no newline after " + from);
    }

    static Path temp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
