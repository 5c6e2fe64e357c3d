package org.depa.attestation;

import java.util.Objects;

/**
 * A TCB_VERSION: the security patch levels of the firmware components and microcode. {@code fmc} exists only on
 * Turin and later; it is 0 for Milan and Genoa.
 */
public record TcbVersion(int fmc, int bootloader, int tee, int snp, int microcode) {
    /** Size of TCB_VERSION in a report. */
    public static final int SIZE = 8;

    public TcbVersion {
        checkByte("fmc", fmc);
        checkByte("bootloader", bootloader);
        checkByte("tee", tee);
        checkByte("snp", snp);
        checkByte("microcode", microcode);
    }

    /** A Milan/Genoa TCB, which has no FMC component. */
    public static TcbVersion of(int bootloader, int tee, int snp, int microcode) {
        return new TcbVersion(0, bootloader, tee, snp, microcode);
    }

    /**
     * Decodes the 8 little-endian bytes of a TCB_VERSION in {@code product}'s layout. Milan/Genoa: BOOT_LOADER,
     * TEE, 4 reserved, SNP, MICROCODE. Turin: FMC, BOOT_LOADER, TEE, SNP, 3 reserved, MICROCODE. Reserved bytes are
     * not part of the value; {@link #reservedBytesZero} tells whether they are zero.
     */
    public static TcbVersion fromBytes(SnpProduct product, byte[] bytes) {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("TCB_VERSION is 8 bytes, got " + bytes.length);
        }
        if (product.hasFmc()) {
            return new TcbVersion(u8(bytes[0]), u8(bytes[1]), u8(bytes[2]), u8(bytes[3]), u8(bytes[7]));
        }
        return new TcbVersion(0, u8(bytes[0]), u8(bytes[1]), u8(bytes[6]), u8(bytes[7]));
    }

    /** Whether the bytes that {@code product}'s layout reserves are all zero. */
    public static boolean reservedBytesZero(SnpProduct product, byte[] bytes) {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != SIZE) {
            return false;
        }
        int from = product.hasFmc() ? 4 : 2;
        int to = product.hasFmc() ? 7 : 6;
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Encodes this TCB in {@code product}'s layout, reserved bytes zero.
     *
     * @throws IllegalArgumentException if {@code fmc} is non-zero for a product without FMC
     */
    public byte[] toBytes(SnpProduct product) {
        Objects.requireNonNull(product, "product");
        byte[] out = new byte[SIZE];
        if (product.hasFmc()) {
            out[0] = (byte) fmc;
            out[1] = (byte) bootloader;
            out[2] = (byte) tee;
            out[3] = (byte) snp;
        } else {
            if (fmc != 0) {
                throw new IllegalArgumentException(product.displayName() + " has no FMC component");
            }
            out[0] = (byte) bootloader;
            out[1] = (byte) tee;
            out[6] = (byte) snp;
        }
        out[7] = (byte) microcode;
        return out;
    }

    /**
     * Whether every component is at least {@code minimum}'s. Components are compared one by one because an SVN
     * rollback in any of them is a rollback, whatever the others say.
     */
    public boolean isAtLeast(TcbVersion minimum) {
        Objects.requireNonNull(minimum, "minimum");
        return fmc >= minimum.fmc
                && bootloader >= minimum.bootloader
                && tee >= minimum.tee
                && snp >= minimum.snp
                && microcode >= minimum.microcode;
    }

    private static int u8(byte b) {
        return b & 0xFF;
    }

    private static void checkByte(String name, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(name + " must be 0..255, got " + value);
        }
    }
}
