package org.depa.attestation;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The AMD EPYC product lines whose SEV-SNP reports this module verifies. */
public enum SnpProduct {
    MILAN("Milan", 64, false),
    GENOA("Genoa", 64, false),
    TURIN("Turin", 8, true);

    // KDS writes the product line, optionally with a stepping such as "Milan-B0"; anything else is unknown.
    private static final Pattern PRODUCT_NAME = Pattern.compile("([A-Za-z]+)(?:-[A-Z][0-9])?");

    private final String displayName;
    private final int hwIdLength;
    private final boolean turinTcbLayout;

    SnpProduct(String displayName, int hwIdLength, boolean turinTcbLayout) {
        this.displayName = displayName;
        this.hwIdLength = hwIdLength;
        this.turinTcbLayout = turinTcbLayout;
    }

    /** The name AMD uses in certificate names and KDS paths, e.g. "Milan". */
    public String displayName() {
        return displayName;
    }

    /**
     * Length of the VCEK hwID extension. Turin's is 8 bytes; its report CHIP_ID holds those 8 bytes and then
     * zeros.
     */
    public int hwIdLength() {
        return hwIdLength;
    }

    /** Whether TCB_VERSION uses the Turin byte layout (FMC first) rather than the Milan/Genoa one. */
    public boolean hasFmc() {
        return turinTcbLayout;
    }

    /** The product named by a VCEK productName value ("Milan-B0", "Genoa", "Turin"), if known. */
    public static Optional<SnpProduct> fromProductName(String productName) {
        Objects.requireNonNull(productName, "productName");
        Matcher m = PRODUCT_NAME.matcher(productName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return fromDisplayName(m.group(1));
    }

    /** The product whose display name is exactly {@code name}. */
    public static Optional<SnpProduct> fromDisplayName(String name) {
        Objects.requireNonNull(name, "name");
        for (SnpProduct p : values()) {
            if (p.displayName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the report's CPUID family and model (report version 3 and later) belong to this product line.
     * Families: 19h is Zen 3/Zen 4, 1Ah is Zen 5. Models: Milan 00h-0Fh, Genoa 10h-1Fh and A0h-AFh (Bergamo and
     * Siena use Genoa's keys), Turin 00h-1Fh.
     */
    public boolean matchesCpuid(int family, int model) {
        return switch (this) {
            case MILAN -> family == 0x19 && model >= 0x00 && model <= 0x0F;
            case GENOA -> family == 0x19 && ((model >= 0x10 && model <= 0x1F) || (model >= 0xA0 && model <= 0xAF));
            case TURIN -> family == 0x1A && model >= 0x00 && model <= 0x1F;
        };
    }
}
