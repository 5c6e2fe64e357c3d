package org.depa.attestation;

import java.util.Arrays;

/**
 * Read-only view of an ATTESTATION_REPORT of exactly {@link #SIZE} bytes, with the offsets of the SEV-SNP firmware
 * ABI's ATTESTATION_REPORT table. All multi-byte integers are little-endian.
 */
final class Report {
    static final int SIZE = 0x4A0;

    static final int VERSION = 0x00;
    static final int POLICY = 0x08;
    static final int VMPL = 0x30;
    static final int SIGNATURE_ALGO = 0x34;
    static final int CURRENT_TCB = 0x38;
    static final int PLATFORM_INFO = 0x40;
    static final int SIGNER_INFO = 0x48;
    static final int REPORT_DATA = 0x50;
    static final int MEASUREMENT = 0x90;
    static final int REPORTED_TCB = 0x180;
    static final int CPUID_FAM_ID = 0x188;
    static final int CPUID_MOD_ID = 0x189;
    static final int CHIP_ID = 0x1A0;
    static final int COMMITTED_TCB = 0x1E0;
    static final int LAUNCH_TCB = 0x1F0;
    /** The signature covers bytes [0, SIGNED_LENGTH). */
    static final int SIGNED_LENGTH = 0x2A0;

    static final int SIGNATURE_R = 0x2A0;
    static final int SIGNATURE_S = 0x2E8;
    /** r and s are 72-byte fields of which P-384 uses the low 48 bytes. */
    static final int SIGNATURE_COMPONENT_FIELD = 72;

    static final int SIGNATURE_COMPONENT_BYTES = 48;
    /** After r and s the 512-byte signature area is reserved. */
    static final int SIGNATURE_RESERVED = 0x330;

    static final int REPORT_DATA_SIZE = 64;
    static final int MEASUREMENT_SIZE = 48;
    static final int CHIP_ID_SIZE = 64;

    /** Guest policy bit 19: the guest can be debugged, so its memory is not confidential. */
    static final long POLICY_DEBUG = 1L << 19;

    private final byte[] bytes;

    /** Copies {@code bytes}, which must be exactly {@link #SIZE} long. */
    Report(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("report must be " + SIZE + " bytes");
        }
        this.bytes = bytes.clone();
    }

    int version() {
        return u32(VERSION);
    }

    long policy() {
        return u64(POLICY);
    }

    int vmpl() {
        return u32(VMPL);
    }

    int signatureAlgo() {
        return u32(SIGNATURE_ALGO);
    }

    long platformInfo() {
        return u64(PLATFORM_INFO);
    }

    int signerInfo() {
        return u32(SIGNER_INFO);
    }

    int u8(int offset) {
        return bytes[offset] & 0xFF;
    }

    int u32(int offset) {
        return (bytes[offset] & 0xFF)
                | (bytes[offset + 1] & 0xFF) << 8
                | (bytes[offset + 2] & 0xFF) << 16
                | (bytes[offset + 3] & 0xFF) << 24;
    }

    long u64(int offset) {
        return (u32(offset) & 0xFFFFFFFFL) | ((long) u32(offset + 4)) << 32;
    }

    byte[] slice(int offset, int length) {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /** Whether bytes [from, to) are all zero. */
    boolean zero(int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The bytes the signature covers. */
    byte[] signedBytes() {
        return slice(0, SIGNED_LENGTH);
    }
}
