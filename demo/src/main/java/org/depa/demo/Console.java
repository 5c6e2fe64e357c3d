package org.depa.demo;

import java.io.PrintStream;
import java.util.Locale;

/** The scenario's printed form: headings, numbered steps and indented result lines. */
final class Console {
    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    /** Where the agent and the trainer print their own progress, between the scenario's lines. */
    PrintStream stream() {
        return out;
    }

    void heading(String s) {
        out.println();
        out.println("== " + s);
    }

    void step(String s) {
        out.println();
        out.println(s);
    }

    void line(String format, Object... args) {
        out.println("   " + String.format(Locale.ROOT, format, args));
    }
}
