package org.depa.attestation.emulator;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.TcbVersion;
import org.depa.attestation.VcekExtension;

/** One emulated chip: an {@link Authority} and a VCEK key certified for a chip id and TCB. */
final class DefaultSnpEmulator implements SnpEmulator {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ECNamedDomainParameters P384 =
            new ECNamedDomainParameters(SECObjectIdentifiers.secp384r1, SECNamedCurves.getByName("secp384r1"));

    private final Authority authority;
    private final VcekSpec spec;
    private final ECPrivateKeyParameters vcekKey;
    private final X509Certificate vcek;

    private DefaultSnpEmulator(Authority authority, VcekSpec spec) {
        this.authority = authority;
        this.spec = spec;
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(P384, RANDOM));
        AsymmetricCipherKeyPair pair = g.generateKeyPair();
        this.vcekKey = (ECPrivateKeyParameters) pair.getPrivate();
        this.vcek = issueVcek(authority, spec, pair);
    }

    static SnpEmulator create(SnpProduct product) {
        byte[] hwId = new byte[product.hwIdLength()];
        RANDOM.nextBytes(hwId);
        return new DefaultSnpEmulator(
                Authority.create(product, RANDOM),
                VcekSpec.builder(product, hwId, defaultTcb(product)).build());
    }

    /** Distinct values in every component, so that a layout mistake cannot go unnoticed. */
    static TcbVersion defaultTcb(SnpProduct product) {
        return switch (product) {
            case MILAN -> TcbVersion.of(3, 1, 8, 115);
            case GENOA -> TcbVersion.of(10, 1, 27, 88);
            case TURIN -> new TcbVersion(1, 2, 3, 4, 9);
        };
    }

    /** The VCEK's private key, for {@link EmulatedChipFile#save}. */
    ECPrivateKeyParameters vcekKey() {
        return vcekKey;
    }

    @Override
    public SnpProduct product() {
        return authority.product;
    }

    @Override
    public X509Certificate ark() {
        return authority.ark;
    }

    @Override
    public X509Certificate ask() {
        return authority.ask;
    }

    @Override
    public X509Certificate vcek() {
        return vcek;
    }

    @Override
    public List<X509Certificate> chain() {
        return List.of(vcek, spec.isVlek() ? authority.asvk().cert() : authority.ask, authority.ark);
    }

    @Override
    public X509Certificate asvk() {
        return authority.asvk().cert();
    }

    @Override
    public VcekSpec vcekSpec() {
        return spec;
    }

    @Override
    public ReportSpec.Builder reportSpec() {
        return reportSpecFor(authority.product, spec);
    }

    /** The report builder for a chip of {@code product} certified as {@code spec}. */
    static ReportSpec.Builder reportSpecFor(SnpProduct product, VcekSpec spec) {
        int[] cpuid =
                switch (product) {
                    case MILAN -> new int[] {0x19, 0x01, 0x01};
                    case GENOA -> new int[] {0x19, 0x11, 0x01};
                    case TURIN -> new int[] {0x1A, 0x02, 0x01};
                };
        ReportSpec.Builder b =
                new ReportSpec.Builder(spec.tcb, Arrays.copyOf(spec.hwId, 64), cpuid[0], cpuid[1], cpuid[2]);
        return spec.isVlek() ? b.signerInfo(1 << 2) : b; // SIGNING_KEY = 1: VLEK
    }

    @Override
    public byte[] report(ReportSpec reportSpec) {
        Objects.requireNonNull(reportSpec, "reportSpec");
        byte[] report = ReportWriter.encode(reportSpec, authority.product);
        ReportWriter.sign(report, vcekKey);
        return report;
    }

    @Override
    public byte[] resign(byte[] report) {
        Objects.requireNonNull(report, "report");
        if (report.length != ReportWriter.SIZE) {
            throw new IllegalArgumentException("a report is " + ReportWriter.SIZE + " bytes");
        }
        byte[] out = report.clone();
        ReportWriter.sign(out, vcekKey);
        return out;
    }

    @Override
    public SnpEmulator withVcek(VcekSpec vcekSpec) {
        Objects.requireNonNull(vcekSpec, "vcekSpec");
        if (vcekSpec.product != authority.product) {
            throw new IllegalArgumentException("this emulator's ASK is for " + authority.product.displayName());
        }
        return new DefaultSnpEmulator(authority, vcekSpec);
    }

    @Override
    public X509CRL crl(Instant thisUpdate, Instant nextUpdate, List<BigInteger> revokedSerials) {
        return authority.crl(
                Objects.requireNonNull(thisUpdate, "thisUpdate"),
                Objects.requireNonNull(nextUpdate, "nextUpdate"),
                List.copyOf(revokedSerials));
    }

    /** A VCEK (or VLEK) as KDS issues it: serial 0, no authority key identifier, the AMD extensions. */
    private static X509Certificate issueVcek(Authority authority, VcekSpec spec, AsymmetricCipherKeyPair pair) {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(
                spec.isVlek() ? authority.asvk().name() : authority.askName(),
                BigInteger.ZERO,
                Date.from(spec.notBefore),
                Date.from(spec.notAfter),
                Authority.name(spec.isVlek() ? "SEV-VLEK" : "SEV-VCEK"),
                Authority.spki(pair.getPublic()));
        TcbVersion tcb = spec.tcb;
        try {
            add(b, spec, VcekExtension.STRUCT_VERSION, new ASN1Integer(spec.product.hasFmc() ? 1 : 0));
            add(b, spec, VcekExtension.PRODUCT_NAME, new DERIA5String(spec.productName));
            add(b, spec, VcekExtension.BOOTLOADER_SPL, new ASN1Integer(tcb.bootloader()));
            add(b, spec, VcekExtension.TEE_SPL, new ASN1Integer(tcb.tee()));
            add(b, spec, VcekExtension.SNP_SPL, new ASN1Integer(tcb.snp()));
            add(b, spec, VcekExtension.MICROCODE_SPL, new ASN1Integer(tcb.microcode()));
            if (spec.product.hasFmc()) {
                add(b, spec, VcekExtension.FMC_SPL, new ASN1Integer(tcb.fmc()));
            }
            if (spec.isVlek()) {
                add(b, spec, VcekExtension.CSP_ID, new DERIA5String(spec.cspId));
            } else if (!spec.omitted.contains(VcekExtension.HW_ID)) {
                // KDS writes the raw id as the extension value, without an OCTET STRING tag of its own.
                b.addExtension(new ASN1ObjectIdentifier(VcekExtension.HW_ID.oid()), false, spec.hwId.clone());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode VCEK extensions", e);
        }
        return authority.issueLeaf(b, spec.isVlek());
    }

    private static void add(X509v3CertificateBuilder b, VcekSpec spec, VcekExtension ext, ASN1Encodable value)
            throws IOException {
        if (!spec.omitted.contains(ext)) {
            b.addExtension(
                    new ASN1ObjectIdentifier(ext.oid()),
                    false,
                    value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
        }
    }
}
