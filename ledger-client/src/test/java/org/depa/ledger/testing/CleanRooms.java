package org.depa.ledger.testing;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.TcbVersion;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.attestation.emulator.VcekSpec;
import org.depa.ledger.model.crypto.RunBinding;
import org.depa.ledger.model.tx.StartRunRequest;

/**
 * Emulated clean rooms for runs:start: SEV-SNP reports in the real format, signed by an emulated
 * chip under one test ARK ({@link #ROOT}), with REPORT_DATA binding the run as the chaincode
 * requires. The test worlds trust that root as a development root; a ledger without the switch
 * refuses these reports.
 */
public final class CleanRooms {
    /** The emulated authority (ARK, ASK) every chip below shares. */
    public static final SnpEmulator ROOT = SnpEmulator.create(SnpProduct.MILAN);

    private static final Map<String, SnpEmulator> CHIPS = new ConcurrentHashMap<>();
    /** Reports by chip, measurement and REPORT_DATA: the same start gives the same bytes (DeterminismTest). */
    private static final Map<ReportKey, byte[]> REPORTS = new ConcurrentHashMap<>();

    private record ReportKey(SnpEmulator chip, String measurementHex, String reportDataHex) {}

    private CleanRooms() {}

    /** {@link #ROOT}'s pin for the development switch: SHA-256 of its ARK's SubjectPublicKeyInfo, hex. */
    public static String rootPin() {
        return org.depa.ledger.model.Hashes.sha256Hex(ROOT.ark().getPublicKey().getEncoded());
    }

    /**
     * The emulated chip with CHIP_ID {@code chipIdHex} (64 bytes) at REPORTED_TCB {@code tcbHex}
     * (Milan layout) under {@link #ROOT}; an all-zero chip id is a VLEK-signed chip that names no
     * chip. Made once per pair.
     */
    public static SnpEmulator chip(String chipIdHex, String tcbHex) {
        return CHIPS.computeIfAbsent(chipIdHex + "/" + tcbHex, k -> {
            byte[] hwId = HexFormat.of().parseHex(chipIdHex);
            TcbVersion tcb =
                    TcbVersion.fromBytes(SnpProduct.MILAN, HexFormat.of().parseHex(tcbHex));
            VcekSpec.Builder spec = VcekSpec.builder(SnpProduct.MILAN, hwId, tcb);
            if (allZero(hwId)) {
                spec.vlek("test-cloud");
            }
            return ROOT.withVcek(spec.build());
        });
    }

    /** A start of {@code runId} from {@code chip}, its report launched with {@code measurementHex}. */
    public static StartRunRequest start(
            SnpEmulator chip,
            String runId,
            String contractId,
            String ccrProviderId,
            String measurementHex,
            String runKeyPem) {
        byte[] report = report(chip, measurementHex, RunBinding.reportData(runId, contractId, runKeyPem));
        return new StartRunRequest(
                runId,
                contractId,
                ccrProviderId,
                Base64.getEncoder().encodeToString(report),
                chainPem(chip.chain()),
                runKeyPem);
    }

    /**
     * A report of {@code chip}: VMPL 0, debug off, this measurement and REPORT_DATA. The emulator's
     * ECDSA signature is randomised, so each is made once and reused.
     */
    public static byte[] report(SnpEmulator chip, String measurementHex, byte[] reportData) {
        return REPORTS.computeIfAbsent(
                        new ReportKey(chip, measurementHex, HexFormat.of().formatHex(reportData)),
                        k -> chip.report(chip.reportSpec()
                                .measurement(HexFormat.of().parseHex(measurementHex))
                                .reportData(reportData)
                                .vmpl(0)
                                .build()))
                .clone();
    }

    /** Certificates as PEM, in the given order. */
    public static String chainPem(List<X509Certificate> chain) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : chain) {
            try {
                out.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
