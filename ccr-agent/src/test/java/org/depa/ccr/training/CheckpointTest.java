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
}
