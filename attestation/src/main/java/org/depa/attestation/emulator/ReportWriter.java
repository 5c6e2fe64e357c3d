package org.depa.attestation.emulator;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.TcbVersion;

/**
 * Writes ATTESTATION_REPORT bytes as the firmware does (SEV-SNP ABI, table ATTESTATION_REPORT). Kept apart from
 * the verifier's reader on purpose: two independent readings of the table, checked against each other and
 * against genuine reports by the tests.
 */
final class ReportWriter {
    static final int SIZE = 0x4A0;
    private static final int SIGNED = 0x2A0;
    private static final int R = 0x2A0;
    private static final int S = 0x2E8;
    private static final int COMPONENT = 48;

    private ReportWriter() {}

    static byte[] encode(ReportSpec s, SnpProduct product) {
        byte[] out = new byte[SIZE];
        put32(out, 0x00, s.version);
        put32(out, 0x04, s.guestSvn);
        put64(out, 0x08, s.policy);
        System.arraycopy(s.familyId, 0, out, 0x10, 16);
        System.arraycopy(s.imageId, 0, out, 0x20, 16);
        put32(out, 0x30, s.vmpl);
        put32(out, 0x34, 1); // ECDSA P-384 with SHA-384
        tcb(out, 0x38, s.currentTcb, product);
        put64(out, 0x40, s.platformInfo);
        put32(out, 0x48, s.signerInfo);
        System.arraycopy(s.reportData, 0, out, 0x50, 64);
        System.arraycopy(s.measurement, 0, out, 0x90, 48);
        System.arraycopy(s.hostData, 0, out, 0xC0, 32);
        System.arraycopy(s.idKeyDigest, 0, out, 0xE0, 48);
        System.arraycopy(s.authorKeyDigest, 0, out, 0x110, 48);
        System.arraycopy(s.reportId, 0, out, 0x140, 32);
        System.arraycopy(s.reportIdMa, 0, out, 0x160, 32);
        tcb(out, 0x180, s.reportedTcb, product);
        if (s.version >= 3) {
            out[0x188] = (byte) s.cpuidFamily;
            out[0x189] = (byte) s.cpuidModel;
            out[0x18A] = (byte) s.cpuidStepping;
        }
        System.arraycopy(s.chipId, 0, out, 0x1A0, 64);
        tcb(out, 0x1E0, s.committedTcb, product);
        // CURRENT_BUILD, CURRENT_MINOR, CURRENT_MAJOR, reserved; then the same for COMMITTED.
        out[0x1E8] = (byte) s.currentVersion[2];
        out[0x1E9] = (byte) s.currentVersion[1];
        out[0x1EA] = (byte) s.currentVersion[0];
        out[0x1EC] = (byte) s.committedVersion[2];
        out[0x1ED] = (byte) s.committedVersion[1];
        out[0x1EE] = (byte) s.committedVersion[0];
        tcb(out, 0x1F0, s.launchTcb, product);
        if (s.version >= 5) {
            put64(out, 0x1F8, s.launchMitVector);
            put64(out, 0x200, s.currentMitVector);
        }
        return out;
    }

    /** Signs bytes [0, 0x2A0) of {@code report} in place: r and s little-endian in their 72-byte fields. */
    static void sign(byte[] report, ECPrivateKeyParameters key) {
        SHA384Digest digest = new SHA384Digest();
        digest.update(report, 0, SIGNED);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        // RFC 6979 nonces: the same report and key always give the same signature, which keeps tests repeatable.
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA384Digest()));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(hash);
        for (int i = R; i < R + 72; i++) {
            report[i] = 0;
        }
        for (int i = S; i < S + 72; i++) {
            report[i] = 0;
        }
        putLittleEndian(report, R, rs[0]);
        putLittleEndian(report, S, rs[1]);
    }

    private static void putLittleEndian(byte[] out, int offset, BigInteger v) {
        byte[] be = v.toByteArray(); // may carry a leading sign byte of zero
        for (int i = 0; i < COMPONENT && i < be.length; i++) {
            out[offset + i] = be[be.length - 1 - i];
        }
    }

    private static void tcb(byte[] out, int offset, TcbVersion tcb, SnpProduct product) {
        System.arraycopy(tcb.toBytes(product), 0, out, offset, TcbVersion.SIZE);
    }

    private static void put32(byte[] out, int offset, int v) {
        for (int i = 0; i < 4; i++) {
            out[offset + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void put64(byte[] out, int offset, long v) {
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (v >>> (8 * i));
        }
    }
}
