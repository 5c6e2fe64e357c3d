package org.depa.attestation.emulator;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.TcbVersion;
import org.depa.attestation.VcekExtension;

/**
 * What an emulated VCEK (or VLEK) certifies: the chip's hwID, the TCB it was derived for, the productName, and,
 * for tests of the verifier, extensions to leave out and a validity period.
 */
public final class VcekSpec {
    final SnpProduct product;
    final byte[] hwId;
    final TcbVersion tcb;
    final String productName;
    final Set<VcekExtension> omitted;
    final Instant notBefore;
    final Instant notAfter;
    final String cspId;

    private VcekSpec(Builder b) {
        product = b.product;
        hwId = b.hwId.clone();
        tcb = b.tcb;
        productName = b.productName;
        omitted = Set.copyOf(b.omitted);
        notBefore = b.notBefore;
        notAfter = b.notAfter;
        cspId = b.cspId;
    }

    /** A builder for {@code product} with the given chip and TCB; productName defaults to the product's name. */
    public static Builder builder(SnpProduct product, byte[] hwId, TcbVersion tcb) {
        return new Builder(product, hwId, tcb);
    }

    public SnpProduct product() {
        return product;
    }

    public byte[] hwId() {
        return hwId.clone();
    }

    public TcbVersion tcb() {
        return tcb;
    }

    /** Whether this describes a VLEK (issued to a cloud provider, signed by the ASVK) rather than a VCEK. */
    public boolean isVlek() {
        return cspId != null;
    }

    /** Builds a {@link VcekSpec}. */
    public static final class Builder {
        private final SnpProduct product;
        private byte[] hwId;
        private TcbVersion tcb;
        private String productName;
        private final Set<VcekExtension> omitted = EnumSet.noneOf(VcekExtension.class);
        private Instant notBefore = SnpEmulator.DEFAULT_NOT_BEFORE;
        private Instant notAfter = SnpEmulator.DEFAULT_NOT_AFTER;
        private String cspId;

        private Builder(SnpProduct product, byte[] hwId, TcbVersion tcb) {
            this.product = Objects.requireNonNull(product, "product");
            hwId(hwId);
            tcb(tcb);
            this.productName = product.displayName();
        }

        /** The hwID extension; {@code product.hwIdLength()} bytes (64, or 8 on Turin). */
        public Builder hwId(byte[] id) {
            Objects.requireNonNull(id, "hwId");
            if (id.length != product.hwIdLength()) {
                throw new IllegalArgumentException(
                        product.displayName() + " hwID is " + product.hwIdLength() + " bytes, got " + id.length);
            }
            this.hwId = id.clone();
            return this;
        }

        public Builder tcb(TcbVersion t) {
            this.tcb = Objects.requireNonNull(t, "tcb");
            tcb.toBytes(product); // rejects an FMC value on a product without FMC
            return this;
        }

        /** The productName extension value, e.g. "Milan-B0"; set another product's name to test mismatches. */
        public Builder productName(String name) {
            this.productName = Objects.requireNonNull(name, "productName");
            return this;
        }

        /** Leaves {@code extension} out of the certificate. */
        public Builder omit(VcekExtension extension) {
            omitted.add(Objects.requireNonNull(extension, "extension"));
            return this;
        }

        public Builder validity(Instant from, Instant to) {
            this.notBefore = Objects.requireNonNull(from, "from");
            this.notAfter = Objects.requireNonNull(to, "to");
            return this;
        }

        /**
         * Makes this a VLEK for the cloud provider {@code id}: csp_id instead of hwID, issued by the ASVK. The
         * hwID given to the builder still fills the CHIP_ID of reports, as the firmware does.
         */
        public Builder vlek(String id) {
            this.cspId = Objects.requireNonNull(id, "cspId");
            return this;
        }

        public VcekSpec build() {
            return new VcekSpec(this);
        }
    }
}
