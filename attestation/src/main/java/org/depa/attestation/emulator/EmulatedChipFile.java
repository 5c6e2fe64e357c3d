package org.depa.attestation.emulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.TcbVersion;

/**
 * One emulated chip kept in a file, so that separate processes on one "host" attest with the same
 * chip: a clean room relaunched after a crash presents the chip id and TCB its run started with (as
 * a confidential VM relaunched on the same machine does), and a TDP's bridge can trust the chip's
 * development root before the clean room starts. The file holds the VCEK's private key: it is an
 * emulator's, for development and tests only, and is written owner-only.
 *
 * <p>A loaded chip signs reports; it cannot issue certificates ({@code withVcek}, {@code asvk},
 * {@code crl} are refused), since only the certificates, not the ARK and ASK keys, are saved.
 */
public final class EmulatedChipFile {
    private static final ECNamedDomainParameters P384 =
            new ECNamedDomainParameters(SECObjectIdentifiers.secp384r1, SECNamedCurves.getByName("secp384r1"));

    private EmulatedChipFile() {}

    /** Writes {@code emulator} (made by {@link SnpEmulator#create}, a VCEK chip) to {@code file}, owner-only. */
    public static void save(SnpEmulator emulator, Path file) {
        if (!(emulator instanceof DefaultSnpEmulator chip) || chip.vcekSpec().isVlek()) {
            throw new IllegalArgumentException("only a VCEK chip made by SnpEmulator.create can be saved");
        }
        Properties p = new Properties();
        SnpProduct product = chip.product();
        p.setProperty("product", product.name());
        p.setProperty("hwId", HexFormat.of().formatHex(chip.vcekSpec().hwId()));
        p.setProperty("tcb", HexFormat.of().formatHex(chip.vcekSpec().tcb().toBytes(product)));
        p.setProperty("ark", der(chip.ark()));
        p.setProperty("ask", der(chip.ask()));
        p.setProperty("vcek", der(chip.vcek()));
        p.setProperty("vcekKey", chip.vcekKey().getD().toString(16));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "depa-ledger emulated SEV-SNP chip (development only; holds the VCEK private key)");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the emulated chip " + file, e);
        }
    }

    /** The chip saved in {@code file}; a missing or malformed entry is named. */
    public static SnpEmulator load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the emulated chip " + file, e);
        }
        try {
            SnpProduct product = SnpProduct.valueOf(get(p, "product"));
            byte[] hwId = HexFormat.of().parseHex(get(p, "hwId"));
            TcbVersion tcb = TcbVersion.fromBytes(product, HexFormat.of().parseHex(get(p, "tcb")));
            VcekSpec spec = VcekSpec.builder(product, hwId, tcb).build();
            ECPrivateKeyParameters key = new ECPrivateKeyParameters(new BigInteger(get(p, "vcekKey"), 16), P384);
            return new SavedChip(product, spec, cert(p, "ark"), cert(p, "ask"), cert(p, "vcek"), key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("emulated chip " + file + ": " + e.getMessage(), e);
        }
    }

    private static String get(Properties p, String name) {
        String v = p.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return v.strip();
    }

    private static String der(X509Certificate c) {
        try {
            return Base64.getEncoder().encodeToString(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the chip's certificate", e);
        }
    }

    private static X509Certificate cert(Properties p, String name) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(Base64.getDecoder().decode(get(p, name))));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("'" + name + "' is not a certificate", e);
        }
    }

    /** A chip loaded from its file: signs reports with the saved VCEK key. */
    private record SavedChip(
            SnpProduct product,
            VcekSpec vcekSpec,
            X509Certificate ark,
            X509Certificate ask,
            X509Certificate vcek,
            ECPrivateKeyParameters key)
            implements SnpEmulator {
        SavedChip {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public X509Certificate asvk() {
            throw new UnsupportedOperationException("a saved chip has no ASVK");
        }

        @Override
        public java.util.List<X509Certificate> chain() {
            return java.util.List.of(vcek, ask, ark);
        }

        @Override
        public ReportSpec.Builder reportSpec() {
            return DefaultSnpEmulator.reportSpecFor(product, vcekSpec);
        }

        @Override
        public byte[] report(ReportSpec spec) {
            Objects.requireNonNull(spec, "reportSpec");
            byte[] report = ReportWriter.encode(spec, product);
            ReportWriter.sign(report, key);
            return report;
        }

        @Override
        public byte[] resign(byte[] report) {
            byte[] out = report.clone();
            ReportWriter.sign(out, key);
            return out;
        }

        @Override
        public SnpEmulator withVcek(VcekSpec spec) {
            throw new UnsupportedOperationException("a saved chip cannot issue a VCEK");
        }

        @Override
        public java.security.cert.X509CRL crl(
                java.time.Instant thisUpdate, java.time.Instant nextUpdate, java.util.List<BigInteger> revoked) {
            throw new UnsupportedOperationException("a saved chip cannot sign a CRL");
        }
    }
}
