package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress bar redraws in place on a terminal only; redirected, it is one line per epoch. */
class ConsoleProgressTest {
    private static String draw(ConsoleProgress p, ByteArrayOutputStream bytes) {
        p.started(30, 24, 1.5, 0);
        for (int epoch = 1; epoch <= 30; epoch++) {
            for (int step = 1; step <= 24; step++) {
                p.step(epoch, step, epoch * 0.05);
            }
            p.epochDone(new EpochRecord(epoch, epoch * 24L, 0.4, 0.4, 0.9, 0.8, 0.9, epoch * 0.05, 1.0), 30, 1.5);
        }
        p.finished(StopReason.EPOCHS_DONE, 1.5);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void redirectedOutputIsOneLinePerEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Not System.out, so not a terminal: what a pipe or a file gets.
        String text = draw(new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8)), bytes);
        assertThat(text).doesNotContain("\r");
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(31);
        assertThat(lines[0]).startsWith("[#.").contains("epoch 1/30 step 24/24").endsWith("val auc 0.900");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThan(120));
        assertThat(lines[30]).startsWith("training stopped: all epochs done");
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String text = draw(new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true), bytes);
        assertThat(text.split("\n")).hasSize(31);
        assertThat(text).contains("\r[").contains("epoch 1/30 step 5/24");
    }
}
