package org.depa.ccr.cleanroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.emulator.EmulatedChipFile;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.ledger.model.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the operator gives the clean room, read strictly: each wrong field is named in failure.txt
 * (the job's failure reason) and the exit code is 2; nothing secret is printed.
 */
class CleanRoomMainTest {
    private static final String MEASUREMENT = "ab".repeat(48);

    @TempDir
    Path ws;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Path settings;

    @BeforeEach
    void setUp() throws Exception {
        EmulatedChipFile.save(SnpEmulator.create(SnpProduct.MILAN), ws.resolve("chip.properties"));
        settings = ws.resolve("agent.properties");
        Files.writeString(
                settings,
                "evidence=emulated\nevidence.emulated.chip=" + ws.resolve("chip.properties")
                        + "\nevidence.emulated.measurement=" + MEASUREMENT
                        + "\nledger.channel=depa\nledger.chaincode=depa\n");
    }

    private Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("jobId", "job-1");
        c.put("ccrProviderId", "ccr");
        c.put("contractIds", List.of("c1"));
        c.put("modelSpecCommitment", "0".repeat(64));
        c.put("sealedSpecUri", "file:///nowhere/spec.json");
        c.put("outputKeyId", "tdc-out");
        c.put("workspace", ws.toString());
        c.put("attempt", 1);
        c.put("ledgerRelayUrl", "http://127.0.0.1:1/");
        c.put("ledgerRelayToken", "secret-token-value");
        c.put("ledgerIdentityMspId", "ConsumerMSP");
        c.put("ledgerIdentityCertificatePem", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        return c;
    }

    private int run(Map<String, Object> config) throws Exception {
        Path f = ws.resolve("clean-room.json");
        Files.write(f, Json.mapper().writeValueAsBytes(config));
        return CleanRoomMain.run(
                new String[] {settings.toString(), f.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private String failure() throws Exception {
        return Files.readString(ws.resolve("failure.txt")).strip();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "jobId|             |'jobId' is missing",
                "jobId|../escape    |'jobId' is not an id",
                "contractIds|       |'contractIds' must be a non-empty array",
                "modelSpecCommitment|XYZ|'modelSpecCommitment' must be 64 lower-case hex digits",
                "workspace|relative/dir|'workspace' must be an absolute path",
                "ledgerRelayUrl|http://evil.example/|'ledgerRelayUrl' must be the operator's loopback relay",
                "ledgerRelayToken|''|'ledgerRelayToken' must be a non-empty string",
            })
    void aWrongFieldIsNamedAndTheLaunchExits2(String field, String value, String expected) throws Exception {
        Map<String, Object> c = config();
        if (value == null) {
            c.remove(field);
        } else {
            c.put(field, value.isBlank() ? "" : value);
        }
        assertThat(run(c)).isEqualTo(2);
        assertThat(failure()).startsWith("CONFIG: clean-room.json: ").contains(expected);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("secret-token-value");
    }

    @Test
    void anUnknownFieldOrABadAttemptIsRefused() throws Exception {
        Map<String, Object> c = config();
        c.put("extra", "x");
        assertThat(run(c)).isEqualTo(2);
        assertThat(failure()).isEqualTo("CONFIG: clean-room.json: unknown field 'extra'");
        c = config();
        c.put("attempt", 0);
        assertThat(run(c)).isEqualTo(2);
        assertThat(failure()).isEqualTo("CONFIG: clean-room.json: 'attempt' must be a whole number from 1");
    }

    @Test
    void badImageSettingsAreNamed() throws Exception {
        Files.writeString(settings, Files.readString(settings).replace("evidence=emulated", "evidence=tpm"));
        assertThat(run(config())).isEqualTo(2);
        assertThat(failure())
                .isEqualTo("CONFIG: agent settings: 'evidence' must be configfs-tsm or emulated, was 'tpm'");
        Files.writeString(settings, Files.readString(settings).replace("evidence=tpm", "evidence=emulated\nextra=1"));
        assertThat(run(config())).isEqualTo(2);
        assertThat(failure()).isEqualTo("CONFIG: agent settings: unknown setting 'extra'");
    }

    @Test
    void anUnreachableRelayFailsTheLaunchNamingTheJobWithoutTheToken() throws Exception {
        assertThat(run(config())).isEqualTo(3);
        assertThat(failure()).startsWith("JOB: job 'job-1' cannot be read from the ledger");
        assertThat(Files.readString(ws.resolve("agent.log"))).doesNotContain("secret-token-value");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("secret-token-value");
    }
}
