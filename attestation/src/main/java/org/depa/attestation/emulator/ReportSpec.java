package org.depa.attestation.emulator;

import java.util.Arrays;
import java.util.Objects;
import org.depa.attestation.TcbVersion;

/**
 * The field values of one emulated ATTESTATION_REPORT. Obtain a builder pre-filled for a chip from
 * {@link SnpEmulator#reportSpec()}; every field can then be set, including ones a real guest cannot choose, so
 * that tests can produce any report the hardware could.
 */
public final class ReportSpec {
    final int version;
    final int guestSvn;
    final long policy;
    final byte[] familyId;
    final byte[] imageId;
    final int vmpl;
    final TcbVersion currentTcb;
    final long platformInfo;
    final int signerInfo;
    final byte[] reportData;
    final byte[] measurement;
    final byte[] hostData;
    final byte[] idKeyDigest;
    final byte[] authorKeyDigest;
    final byte[] reportId;
    final byte[] reportIdMa;
    final TcbVersion reportedTcb;
    final int cpuidFamily;
    final int cpuidModel;
    final int cpuidStepping;
    final byte[] chipId;
    final TcbVersion committedTcb;
    final int[] currentVersion;
    final int[] committedVersion;
    final TcbVersion launchTcb;
    final long launchMitVector;
    final long currentMitVector;

    private ReportSpec(Builder b) {
        version = b.version;
        guestSvn = b.guestSvn;
        policy = b.policy;
        familyId = b.familyId.clone();
        imageId = b.imageId.clone();
        vmpl = b.vmpl;
        currentTcb = b.currentTcb;
        platformInfo = b.platformInfo;
        signerInfo = b.signerInfo;
        reportData = b.reportData.clone();
        measurement = b.measurement.clone();
        hostData = b.hostData.clone();
        idKeyDigest = b.idKeyDigest.clone();
        authorKeyDigest = b.authorKeyDigest.clone();
        reportId = b.reportId.clone();
        reportIdMa = b.reportIdMa.clone();
        reportedTcb = b.reportedTcb;
        cpuidFamily = b.cpuidFamily;
        cpuidModel = b.cpuidModel;
        cpuidStepping = b.cpuidStepping;
        chipId = b.chipId.clone();
        committedTcb = b.committedTcb;
        currentVersion = b.currentVersion.clone();
        committedVersion = b.committedVersion.clone();
        launchTcb = b.launchTcb;
        launchMitVector = b.launchMitVector;
        currentMitVector = b.currentMitVector;
    }

    /** Builds a {@link ReportSpec}; sizes are checked as each field is set. */
    public static final class Builder {
        private int version = 5;
        private int guestSvn;
        private long policy = 0x30000L; // SMT allowed, reserved bit 17 set, ABI 0.0
        private byte[] familyId = new byte[16];
        private byte[] imageId = new byte[16];
        private int vmpl;
        private TcbVersion currentTcb;
        private long platformInfo = 0x1L; // SMT enabled
        private int signerInfo; // VCEK, chip key not masked, no author key
        private byte[] reportData = new byte[64];
        private byte[] measurement = new byte[48];
        private byte[] hostData = new byte[32];
        private byte[] idKeyDigest = new byte[48];
        private byte[] authorKeyDigest = new byte[48];
        private byte[] reportId = new byte[32];
        private byte[] reportIdMa = filled(32, (byte) 0xFF); // no migration agent
        private TcbVersion reportedTcb;
        private int cpuidFamily;
        private int cpuidModel;
        private int cpuidStepping;
        private byte[] chipId = new byte[64];
        private TcbVersion committedTcb;
        private int[] currentVersion = {1, 55, 0};
        private int[] committedVersion = {1, 55, 0};
        private TcbVersion launchTcb;
        private long launchMitVector;
        private long currentMitVector;

        Builder(TcbVersion tcb, byte[] chipId, int family, int model, int stepping) {
            this.currentTcb = tcb;
            this.reportedTcb = tcb;
            this.committedTcb = tcb;
            this.launchTcb = tcb;
            this.chipId = sized(chipId, 64, "chipId");
            this.cpuidFamily = family;
            this.cpuidModel = model;
            this.cpuidStepping = stepping;
        }

        /** 2, 3 or 5. CPUID fields exist from 3 on, the mitigation vectors from 5 on. */
        public Builder version(int v) {
            if (v != 2 && v != 3 && v != 5) {
                throw new IllegalArgumentException("the emulator writes versions 2, 3 and 5, not " + v);
            }
            this.version = v;
            return this;
        }

        public Builder guestSvn(int svn) {
            this.guestSvn = svn;
            return this;
        }

        /** The raw guest POLICY; bit 17 must stay set for a well-formed report, bit 19 is DEBUG. */
        public Builder policy(long p) {
            this.policy = p;
            return this;
        }

        public Builder familyId(byte[] id) {
            this.familyId = sized(id, 16, "familyId");
            return this;
        }

        public Builder imageId(byte[] id) {
            this.imageId = sized(id, 16, "imageId");
            return this;
        }

        public Builder vmpl(int v) {
            this.vmpl = v;
            return this;
        }

        public Builder currentTcb(TcbVersion tcb) {
            this.currentTcb = Objects.requireNonNull(tcb, "tcb");
            return this;
        }

        public Builder platformInfo(long info) {
            this.platformInfo = info;
            return this;
        }

        /** The raw 32-bit field at 0x48: AUTHOR_KEY_EN bit 0, MASK_CHIP_KEY bit 1, SIGNING_KEY bits 4:2. */
        public Builder signerInfo(int info) {
            this.signerInfo = info;
            return this;
        }

        public Builder reportData(byte[] data) {
            this.reportData = sized(data, 64, "reportData");
            return this;
        }

        public Builder measurement(byte[] m) {
            this.measurement = sized(m, 48, "measurement");
            return this;
        }

        public Builder hostData(byte[] data) {
            this.hostData = sized(data, 32, "hostData");
            return this;
        }

        public Builder idKeyDigest(byte[] digest) {
            this.idKeyDigest = sized(digest, 48, "idKeyDigest");
            return this;
        }

        public Builder authorKeyDigest(byte[] digest) {
            this.authorKeyDigest = sized(digest, 48, "authorKeyDigest");
            return this;
        }

        public Builder reportId(byte[] id) {
            this.reportId = sized(id, 32, "reportId");
            return this;
        }

        public Builder reportIdMa(byte[] id) {
            this.reportIdMa = sized(id, 32, "reportIdMa");
            return this;
        }

        /** REPORTED_TCB; the verifier requires it to equal the TCB the signing VCEK was issued for. */
        public Builder reportedTcb(TcbVersion tcb) {
            this.reportedTcb = Objects.requireNonNull(tcb, "tcb");
            return this;
        }

        /** CPUID_FAM_ID, CPUID_MOD_ID and CPUID_STEP (written for version 3 and later). */
        public Builder cpuid(int family, int model, int stepping) {
            this.cpuidFamily = family;
            this.cpuidModel = model;
            this.cpuidStepping = stepping;
            return this;
        }

        /** The 64-byte CHIP_ID as the report carries it (for Turin: the 8-byte id, then zeros). */
        public Builder chipId(byte[] id) {
            this.chipId = sized(id, 64, "chipId");
            return this;
        }

        public Builder committedTcb(TcbVersion tcb) {
            this.committedTcb = Objects.requireNonNull(tcb, "tcb");
            return this;
        }

        public Builder launchTcb(TcbVersion tcb) {
            this.launchTcb = Objects.requireNonNull(tcb, "tcb");
            return this;
        }

        /** Firmware versions {major, minor, build} for CURRENT_* and COMMITTED_*. */
        public Builder firmwareVersions(int[] current, int[] committed) {
            this.currentVersion = sized(current, "current");
            this.committedVersion = sized(committed, "committed");
            return this;
        }

        /** LAUNCH_MIT_VECTOR and CURRENT_MIT_VECTOR (written for version 5 only). */
        public Builder mitigationVectors(long launch, long current) {
            this.launchMitVector = launch;
            this.currentMitVector = current;
            return this;
        }

        public ReportSpec build() {
            return new ReportSpec(this);
        }

        private static byte[] sized(byte[] value, int size, String name) {
            Objects.requireNonNull(value, name);
            if (value.length != size) {
                throw new IllegalArgumentException(name + " must be " + size + " bytes, got " + value.length);
            }
            return value.clone();
        }

        private static int[] sized(int[] version, String name) {
            Objects.requireNonNull(version, name);
            if (version.length != 3) {
                throw new IllegalArgumentException(name + " is {major, minor, build}");
            }
            return version.clone();
        }

        private static byte[] filled(int size, byte value) {
            byte[] out = new byte[size];
            Arrays.fill(out, value);
            return out;
        }
    }
}
