package org.depa.audit.fabric;

import java.io.PrintStream;

/** A one-line progress bar on standard error, only when it is a terminal. */
public final class Progress {
    private final PrintStream out;
    private final long total;
    private final boolean on;
    private int lastPercent = -1;

    public Progress(PrintStream out, long total, boolean wanted) {
        this.out = out;
        this.total = total;
        this.on = wanted && System.console() != null && total > 0;
    }

    public void update(long done, long failures) {
        if (!on) {
            return;
        }
        int percent = (int) (done * 100 / total);
        if (percent == lastPercent && done != total) {
            return;
        }
        lastPercent = percent;
        int width = 30;
        int filled = percent * width / 100;
        out.print("\raudit [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total
                + " blocks, " + failures + " failures");
        if (done == total) {
            out.println();
        }
        out.flush();
    }
}
