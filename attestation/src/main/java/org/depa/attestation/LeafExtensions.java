package org.depa.attestation;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Reads the AMD extensions of the leaf (VCEK or VLEK) certificate. A required extension that is absent is a
 * refusal, never a skipped check: a certificate without a TCB or hwID extension binds nothing.
 */
final class LeafExtensions {
    private LeafExtensions() {}

    /** The product named by productName; refuses if it is absent, malformed or unknown. */
    static Optional<SnpProduct> product(ParsedCertificate leaf, Findings f) {
        Optional<byte[]> value = value(leaf, VcekExtension.PRODUCT_NAME, f);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> name = ia5(value.get());
        if (name.isEmpty()) {
            f.refuse(ReasonCode.MALFORMED_EXTENSION, "productName is not a DER IA5String");
            return Optional.empty();
        }
        Optional<SnpProduct> product = SnpProduct.fromProductName(name.get());
        if (product.isEmpty()) {
            f.refuse(ReasonCode.UNKNOWN_PRODUCT, "productName '" + printable(name.get()) + "'");
        }
        return product;
    }

    /** The TCB the certificate was issued for, in {@code product}'s components; empty after a refusal. */
    static Optional<TcbVersion> tcb(ParsedCertificate leaf, SnpProduct product, Findings f) {
        Optional<Integer> bl = spl(leaf, VcekExtension.BOOTLOADER_SPL, f);
        Optional<Integer> tee = spl(leaf, VcekExtension.TEE_SPL, f);
        Optional<Integer> snp = spl(leaf, VcekExtension.SNP_SPL, f);
        Optional<Integer> ucode = spl(leaf, VcekExtension.MICROCODE_SPL, f);
        // Only Turin's TCB_VERSION has an FMC byte; Milan and Genoa certificates carry no fmcSPL.
        Optional<Integer> fmc = product.hasFmc() ? spl(leaf, VcekExtension.FMC_SPL, f) : Optional.of(0);
        if (bl.isEmpty() || tee.isEmpty() || snp.isEmpty() || ucode.isEmpty() || fmc.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TcbVersion(fmc.get(), bl.get(), tee.get(), snp.get(), ucode.get()));
    }

    /** The VCEK hwID, exactly {@code product.hwIdLength()} bytes; empty after a refusal. */
    static Optional<byte[]> hwId(ParsedCertificate leaf, SnpProduct product, Findings f) {
        Optional<byte[]> value = value(leaf, VcekExtension.HW_ID, f);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        byte[] raw = value.get();
        // KDS puts the raw bytes in the extension value without an OCTET STRING tag; accept the tagged form too
        // in case AMD ever adds it, but only with exactly the product's length.
        if (raw.length == product.hwIdLength()) {
            return Optional.of(raw);
        }
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(raw);
            if (p instanceof ASN1OctetString octets
                    && Arrays.equals(p.getEncoded(ASN1Encoding.DER), raw)
                    && octets.getOctets().length == product.hwIdLength()) {
                return Optional.of(octets.getOctets());
            }
        } catch (IOException | RuntimeException e) {
            // falls through to the refusal
        }
        f.refuse(
                ReasonCode.MALFORMED_EXTENSION,
                "hwID is not " + product.hwIdLength() + " bytes for " + product.displayName());
        return Optional.empty();
    }

    /** A VLEK must name the cloud service provider it was issued to. */
    static void requireCspId(ParsedCertificate leaf, Findings f) {
        Optional<byte[]> value = value(leaf, VcekExtension.CSP_ID, f);
        if (value.isPresent() && ia5(value.get()).isEmpty()) {
            f.refuse(ReasonCode.MALFORMED_EXTENSION, "csp_id is not a DER IA5String");
        }
    }

    private static Optional<Integer> spl(ParsedCertificate leaf, VcekExtension ext, Findings f) {
        Optional<byte[]> value = value(leaf, ext, f);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] raw = value.get();
            ASN1Primitive p = ASN1Primitive.fromByteArray(raw);
            if (p instanceof ASN1Integer i && Arrays.equals(p.getEncoded(ASN1Encoding.DER), raw)) {
                BigInteger v = i.getValue();
                if (v.signum() >= 0 && v.bitLength() <= 8) {
                    return Optional.of(v.intValue());
                }
            }
        } catch (IOException | RuntimeException e) {
            // falls through to the refusal
        }
        f.refuse(ReasonCode.MALFORMED_EXTENSION, ext.name() + " (" + ext.oid() + ") is not a DER INTEGER 0..255");
        return Optional.empty();
    }

    private static Optional<byte[]> value(ParsedCertificate leaf, VcekExtension ext, Findings f) {
        Optional<Extension> e = leaf.extension(ext.asn1());
        if (e.isEmpty()) {
            f.refuse(ReasonCode.MISSING_EXTENSION, ext.name() + " (" + ext.oid() + ") absent from the leaf");
            return Optional.empty();
        }
        return Optional.of(e.get().getExtnValue().getOctets());
    }

    private static Optional<String> ia5(byte[] raw) {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(raw);
            if (p instanceof DERIA5String s && Arrays.equals(p.getEncoded(ASN1Encoding.DER), raw)) {
                return Optional.of(s.getString());
            }
        } catch (IOException | RuntimeException e) {
            // not an IA5String
        }
        return Optional.empty();
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.length() > 40 ? b.substring(0, 40) + "..." : b.toString();
    }
}
