package org.depa.ccr.cleanroom;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;
import org.depa.attestation.emulator.EmulatedChipFile;
import org.depa.ccr.agent.EvidenceSource;
import org.depa.ledger.model.crypto.SigningPayloads;

/**
 * The clean room's own settings, part of its image (so measured on SEV-SNP, unlike clean-room.json):
 * a properties file.
 *
 * <pre>
 * evidence = configfs-tsm | emulated
 * evidence.configfs-tsm.root = /sys/kernel/config/tsm/report      (the default)
 * evidence.emulated.chip = /path/chip.properties                   (EmulatedChipFile; emulated only)
 * evidence.emulated.measurement = 96 hex digits                    (the launch measurement it reports)
 * ledger.channel = depa                                            (the signing domain of receipts and releases)
 * ledger.chaincode = depa
 * clock = system | 2026-03-01T01:00:00Z                            (a fixed instant: replays and tests)
 * spec.unsealed = refuse | allow                                   (refuse, the default: see below)
 * </pre>
 *
 * <p>{@code spec.unsealed=allow} is a development switch: the clean room then also accepts a job whose
 * {@code sealedSpecUri} holds the spec and salt in clear ({@code {"spec", "salt"}}), which whoever can read that file
 * (the CCR provider's host) can read too. Without it such a job fails (MODEL_SPEC): a production image takes only a
 * spec sealed by the TDC ({@code depa job seal-spec}) and opened with a key the TDC's bridge releases to the run.
 */
record ImageConfig(EvidenceSource evidence, SigningPayloads.Domain domain, Clock clock, boolean unsealedSpecAllowed) {
    private static final Set<String> KEYS = Set.of(
            "evidence",
            "evidence.configfs-tsm.root",
            "evidence.emulated.chip",
            "evidence.emulated.measurement",
            "ledger.channel",
            "ledger.chaincode",
            "clock",
            "spec.unsealed");

    static ImageConfig read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw config(file.getFileName() + " cannot be read: " + e.getMessage());
        }
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
                throw config("unknown setting '" + k + "'");
            }
        }
        String kind = get(p, "evidence", null);
        EvidenceSource evidence =
                switch (kind) {
                    case "configfs-tsm" -> EvidenceSource.configfsTsm(
                            Path.of(get(p, "evidence.configfs-tsm.root", "/sys/kernel/config/tsm/report")));
                    case "emulated" -> emulated(p);
                    default -> throw config("'evidence' must be configfs-tsm or emulated, was '" + kind + "'");
                };
        SigningPayloads.Domain domain =
                new SigningPayloads.Domain(get(p, "ledger.channel", null), get(p, "ledger.chaincode", null));
        String unsealed = get(p, "spec.unsealed", "refuse");
        if (!unsealed.equals("refuse") && !unsealed.equals("allow")) {
            throw config("'spec.unsealed' must be refuse or allow, was '" + unsealed + "'");
        }
        return new ImageConfig(evidence, domain, clock(get(p, "clock", "system")), unsealed.equals("allow"));
    }

    private static EvidenceSource emulated(Properties p) {
        Path chip = Path.of(get(p, "evidence.emulated.chip", null));
        byte[] measurement;
        try {
            measurement = HexFormat.of().parseHex(get(p, "evidence.emulated.measurement", null));
        } catch (IllegalArgumentException e) {
            throw config("'evidence.emulated.measurement' is not hex");
        }
        if (measurement.length != 48) {
            throw config("'evidence.emulated.measurement' must be 96 hex digits (48 bytes)");
        }
        try {
            return EvidenceSource.emulated(EmulatedChipFile.load(chip), measurement);
        } catch (RuntimeException e) {
            throw config("'evidence.emulated.chip': " + e.getMessage());
        }
    }

    private static Clock clock(String v) {
        if (v.equals("system")) {
            return Clock.systemUTC();
        }
        try {
            return Clock.fixed(Instant.parse(v), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw config("'clock' must be system or an ISO-8601 instant, was '" + v + "'");
        }
    }

    private static String get(Properties p, String key, String fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            if (fallback == null) {
                throw config("'" + key + "' is missing");
            }
            return fallback;
        }
        return v.strip();
    }

    private static CleanRoomException config(String message) {
        return new CleanRoomException(CleanRoomException.Stage.CONFIG, "agent settings: " + message);
    }
}
