package org.depa.attestation;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/** The AMD X.509 extensions of VCEK and VLEK certificates (arc 1.3.6.1.4.1.3704.1). */
public enum VcekExtension {
    STRUCT_VERSION("1.3.6.1.4.1.3704.1.1"),
    /** IA5String such as "Milan-B0" or "Genoa": decides the product, and with it the root and the layouts. */
    PRODUCT_NAME("1.3.6.1.4.1.3704.1.2"),
    BOOTLOADER_SPL("1.3.6.1.4.1.3704.1.3.1"),
    TEE_SPL("1.3.6.1.4.1.3704.1.3.2"),
    SNP_SPL("1.3.6.1.4.1.3704.1.3.3"),
    MICROCODE_SPL("1.3.6.1.4.1.3704.1.3.8"),
    /** Turin and later only. */
    FMC_SPL("1.3.6.1.4.1.3704.1.3.9"),
    /** VCEK only: the chip's identifier, 64 bytes (Milan, Genoa) or 8 bytes (Turin). */
    HW_ID("1.3.6.1.4.1.3704.1.4"),
    /** VLEK only: the cloud service provider the key was issued to. */
    CSP_ID("1.3.6.1.4.1.3704.1.5");

    private final String oid;

    VcekExtension(String oid) {
        this.oid = oid;
    }

    /** The dotted OID. */
    public String oid() {
        return oid;
    }

    ASN1ObjectIdentifier asn1() {
        return new ASN1ObjectIdentifier(oid);
    }
}
