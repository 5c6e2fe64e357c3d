package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @Test
    void roundTripsExactlyIncludingNaNFiguresAndLeavesNoPartialFile(@TempDir Path work) throws Exception {
        RdpAccountant a = new RdpAccountant();
        a.compose(0.0435, 2.0, 48);
        Checkpoint c = new Checkpoint(
                Checkpoint.FORMAT,
                "ab12",
                2,
                null,
                Floats.encode(new float[] {1.5f, -0.25f, Float.MIN_VALUE}),
                Floats.encode(new float[0]),
                Floats.encode(new float[0]),
                48,
                a.segments(),
                List.of(new EpochRecord(1, 24, Double.NaN, 0.5, 0.9, 0.8, Double.NaN, 0.7, 0.01)));
        c.write(work);
        assertThat(work.resolve("checkpoint.json.partial")).doesNotExist();
        Checkpoint back = Checkpoint.readIfPresent(work);
        assertThat(back).isEqualTo(c);
        assertThat(Floats.decode(back.parameters())).containsExactly(1.5f, -0.25f, Float.MIN_VALUE);
        assertThat(RdpAccountant.restore(back.accountant()).spent(1e-5, RdpAccountant.Conversion.BEST))
                .isEqualTo(a.spent(1e-5, RdpAccountant.Conversion.BEST));
    }

    @Test
    void absentIsNullAndOtherFormatsAreRefused(@TempDir Path work) throws Exception {
        assertThat(Checkpoint.readIfPresent(work)).isNull();
        Files.writeString(
                work.resolve("checkpoint.json"),
                new String(
                        org.depa.ledger.model.Json.mapper()
                                .writeValueAsBytes(
                                        new Checkpoint("other/2", "f", 0, null, "", "", "", 0, List.of(), List.of())),
                        java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Checkpoint.readIfPresent(work)).hasMessageContaining("format");
    }

    /**
     * A checkpoint written before the trainer took the contract's PrivacyConstraints (its limits
     * were then a record of their own, with maxEpochs) must still match: these are the fingerprints
     * that code computed for the same inputs.
     */
    @Test
    void fingerprintIsTheOneEarlierCheckpointsCarry() {
        Matrix train = new Matrix(new float[] {0.5f, -1f, 2f, 0f, 1.25f, 3f}, new float[] {1f, 0f, 1f}, 3, 2);
        assertThat(TrainingJob.fingerprint(Synthetic.spec(), DpLimits.of("3", "1e-5", "1.0", "1.1", 100), train))
                .isEqualTo("3ca998fbb680df13debb8e8716fe76ffb2c767a1e8b8794685c8edafc40d5268");
        assertThat(TrainingJob.fingerprint(Synthetic.spec(), DpLimits.of("1.5", "0.01", "1.0", "2.0", 30), train))
                .isEqualTo("3daa1d5e333a34baa8f6d08675b07f0cdefade98778b6d2f0a575157313e9eff");
        assertThat(TrainingJob.fingerprint(Synthetic.spec(), DpLimits.of("1.5", "0.01", "1.0", "2.0", 29), train))
                .isNotEqualTo("3daa1d5e333a34baa8f6d08675b07f0cdefade98778b6d2f0a575157313e9eff");
    }
}
