package org.depa.ccr.training;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * A one-line progress bar: epoch, steps, last epoch's training loss, epsilon spent of the budget.
 * On a terminal the line is redrawn in place ({@code \r}) every few steps; anywhere else (a file, a
 * pipe, a log collector) it prints one line per epoch and nothing between.
 */
public final class ConsoleProgress implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private int totalEpochs;
    private int stepsPerEpoch;
    private double budget;
    private double lastLoss = Double.NaN;

    /** Redraws in place only when {@code out} is this process's stdout and that is a terminal. */
    public ConsoleProgress(PrintStream out) {
        this(out, out == System.out && System.console() != null);
    }

    /** @param terminal whether {@code out} is a terminal, where the line can be redrawn in place */
    public ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
    }

    @Override
    public void started(int totalEpochs, int stepsPerEpoch, double epsilonBudget, int resumedAfterEpoch) {
        this.totalEpochs = totalEpochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.budget = epsilonBudget;
        if (resumedAfterEpoch > 0) {
            out.printf(Locale.ROOT, "resuming after epoch %d of %d%n", resumedAfterEpoch, totalEpochs);
        }
    }

    @Override
    public void step(int epoch, int stepInEpoch, double epsilonSpent) {
        if (!terminal || (stepInEpoch % 5 != 0 && stepInEpoch != stepsPerEpoch)) {
            return;
        }
        out.print("\r" + line(epoch, stepInEpoch, epsilonSpent));
        out.flush();
    }

    @Override
    public void epochDone(EpochRecord e, int totalEpochs, double epsilonBudget) {
        lastLoss = e.trainLoss();
        out.print((terminal ? "\r" : "") + line(e.epoch(), stepsPerEpoch, e.epsilonSpent()));
        out.printf(Locale.ROOT, "  val auc %.3f%n", e.validationRocAuc());
    }

    @Override
    public void finished(StopReason reason, double epsilonSpent) {
        out.printf(
                Locale.ROOT,
                "training stopped: %s, epsilon spent %.4f of %.4f%n",
                reason == StopReason.EPOCHS_DONE ? "all epochs done" : "privacy budget reached",
                epsilonSpent,
                budget);
    }

    String line(int epoch, int step, double eps) {
        double done = totalEpochs == 0 ? 0 : ((epoch - 1) + (double) step / Math.max(1, stepsPerEpoch)) / totalEpochs;
        int filled = (int) Math.round(Math.min(1, done) * WIDTH);
        return String.format(
                Locale.ROOT,
                "[%s%s] epoch %d/%d step %d/%d loss %s eps %.3f/%.3f",
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                epoch,
                totalEpochs,
                step,
                stepsPerEpoch,
                Double.isNaN(lastLoss) ? "-" : String.format(Locale.ROOT, "%.4f", lastLoss),
                eps,
                budget);
    }
}
