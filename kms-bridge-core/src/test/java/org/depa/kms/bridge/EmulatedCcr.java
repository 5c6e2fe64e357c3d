package org.depa.kms.bridge;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.emulator.ReportSpec;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.kms.protocol.ReportDataBinding;
import org.depa.ledger.testing.World;

/** A clean room on the emulated chip: makes reports bound as the protocol says, or deliberately not. */
public final class EmulatedCcr {
    /** The chip whose test ARK the bridges under test trust as their development root. */
    public static final SnpEmulator CHIP = SnpEmulator.create(SnpProduct.MILAN);

    private final SnpEmulator chip;

    public EmulatedCcr(SnpEmulator chip) {
        this.chip = chip;
    }

    /** A clean room on {@link #CHIP}. */
    public static EmulatedCcr trusted() {
        return new EmulatedCcr(CHIP);
    }

    /** One certificate as PEM, as a clean room sends its chain and as a bridge is given its development root. */
    public static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END CERTIFICATE-----\n";
    }

    String chainPem() {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : chip.chain()) {
            try {
                out.append(pem(c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    /** The release request as an honest clean room running {@link World#MEASUREMENT} makes it. */
    public ReleaseRequest request(String runId, String datasetId, Challenge c, EphemeralKey key) {
        return request(runId, datasetId, c, key, spec -> spec);
    }

    /** As {@link #request}, with the report spec changed by {@code edit} after the honest fields are set. */
    public ReleaseRequest request(
            String runId, String datasetId, Challenge c, EphemeralKey key, UnaryOperator<ReportSpec.Builder> edit) {
        byte[] reportData = ReportDataBinding.reportData(c.nonceBytes(), key.publicJwk(), runId);
        ReportSpec.Builder spec = chip.reportSpec()
                .reportData(reportData)
                .measurement(HexFormat.of().parseHex(World.MEASUREMENT));
        byte[] report = chip.report(edit.apply(spec).build());
        return ReleaseRequest.of(runId, datasetId, c, report, chainPem(), key);
    }
}
