package org.depa.kms.bridge;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.emulator.ReportSpec;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.kms.protocol.ReportDataBinding;
import org.depa.kms.protocol.RunKeySigner;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.testing.World;

/**
 * A clean room on the emulated chip: makes reports bound as the protocol says, or deliberately not, and signs its
 * requests with the run key of {@link TestWorld#SCENARIO} (the run key its start bound).
 */
public final class EmulatedCcr {
    /** The chip whose test ARK the bridges under test trust as their development root. */
    public static final SnpEmulator CHIP = SnpEmulator.create(SnpProduct.MILAN);

    private final SnpEmulator chip;
    private final Function<String, RunKeySigner> runKeys;

    /** A clean room on {@code chip} holding the run keys of {@link TestWorld#SCENARIO}. */
    public EmulatedCcr(SnpEmulator chip) {
        this(chip, runId -> signer(TestWorld.SCENARIO.runKey(runId)));
    }

    /** A clean room on {@code chip} signing each run's requests with {@code runKeys.apply(runId)}. */
    public EmulatedCcr(SnpEmulator chip, Function<String, RunKeySigner> runKeys) {
        this.chip = chip;
        this.runKeys = runKeys;
    }

    public static RunKeySigner signer(Credentials key) {
        return LocalSigner.fromPem(key.privateKeyPem())::sign;
    }

    /** The chip id a verified report of {@code chip} names (its hwID, as CHIP_ID), hex. */
    public static String chipIdHex(SnpEmulator chip) {
        return HexFormat.of().formatHex(Arrays.copyOf(chip.vcekSpec().hwId(), 64));
    }

    /** The REPORTED_TCB of {@code chip}'s reports, hex. */
    public static String tcbHex(SnpEmulator chip) {
        return HexFormat.of().formatHex(chip.vcekSpec().tcb().toBytes(chip.product()));
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

    /**
     * {@code r} with the run key's signature over its own fields: a hostile request the run key signed, so that the
     * refusal under test is the bridge's other check, not the missing proof.
     */
    public ReleaseRequest signed(ReleaseRequest r) {
        String recipient;
        try {
            recipient = ReportDataBinding.recipientKeySha256(com.nimbusds.jose.jwk.JWK.parse(r.recipientJwk()));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
        byte[] payload = ReleaseRequest.signedPayload(
                r.runId(), r.datasetId(), Base64.getDecoder().decode(r.reportBase64()), recipient);
        return new ReleaseRequest(
                r.runId(),
                r.datasetId(),
                r.nonce(),
                r.reportBase64(),
                r.certificateChainPem(),
                r.recipientJwk(),
                Base64.getEncoder().encodeToString(runKeys.apply(r.runId()).sign(payload)));
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
        return ReleaseRequest.of(runId, datasetId, c, report, chainPem(), key, runKeys.apply(runId));
    }
}
