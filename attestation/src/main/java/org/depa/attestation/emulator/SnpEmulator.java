package org.depa.attestation.emulator;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.depa.attestation.SnpProduct;

/**
 * An SEV-SNP stand-in for machines without the hardware: a test ARK and ASK (RSA, RSASSA-PSS SHA-384, named like
 * AMD's), a VCEK (ECDSA P-384) carrying the AMD extensions, and reports in the real 1184-byte format signed by
 * that VCEK.
 *
 * <p>Nothing it signs is trusted by default: a verifier accepts its reports only when given {@link #ark()} as a
 * development root for {@link #product()}. Instances are immutable; {@link #withVcek} shares the ARK and ASK.
 */
public interface SnpEmulator {
    /** Start of the validity period of emulated certificates unless a {@link VcekSpec} sets another. */
    Instant DEFAULT_NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
    /** End of the validity period of emulated certificates unless a {@link VcekSpec} sets another. */
    Instant DEFAULT_NOT_AFTER = Instant.parse("2050-01-01T00:00:00Z");

    /** A new ARK, ASK and VCEK for {@code product}, with a random chip id and a plausible TCB. */
    static SnpEmulator create(SnpProduct product) {
        return DefaultSnpEmulator.create(Objects.requireNonNull(product, "product"));
    }

    SnpProduct product();

    /** The emulated root; pass it to {@code VerifierOptions.withDevelopmentRoot} to trust this emulator. */
    X509Certificate ark();

    X509Certificate ask();

    X509Certificate vcek();

    /** The ASVK, the intermediate of VLEKs; made on first use. */
    X509Certificate asvk();

    /** VCEK, ASK, ARK (or VLEK, ASVK, ARK): the order the verifier takes. */
    List<X509Certificate> chain();

    /** What the current VCEK certifies. */
    VcekSpec vcekSpec();

    /** A builder pre-filled for this chip: its CHIP_ID, the VCEK's TCB, the product's CPUID, version 5. */
    ReportSpec.Builder reportSpec();

    /** Encodes {@code spec} and signs it with the VCEK. */
    byte[] report(ReportSpec spec);

    /** A report with the defaults of {@link #reportSpec()}. */
    default byte[] report() {
        return report(reportSpec().build());
    }

    /**
     * Re-signs bytes [0, 0x2A0) of a 1184-byte report with the VCEK, overwriting r and s. Lets a test change a
     * field the builder would not write (a reserved byte, an unknown version) and still present a valid signature,
     * so that exactly one check can fail.
     */
    byte[] resign(byte[] report);

    /** An emulator with the same ARK and ASK and a new VCEK key certified as {@code spec} says. */
    SnpEmulator withVcek(VcekSpec spec);

    /** A CRL signed by the ARK, listing {@code revokedSerials}. */
    X509CRL crl(Instant thisUpdate, Instant nextUpdate, List<BigInteger> revokedSerials);
}
