package org.depa.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The command's one logging backend: java.util.logging (SLF4J is bound to it by slf4j-jdk14),
 * written to {@code var/log/depa.log} in the repository (rotated when a run starts and it is over
 * 10 MB: depa.log.1 to depa.log.4 kept), one line per
 * record. Nothing is logged to the terminal unless {@code --verbose}, which copies the records to
 * stderr. Command output (stdout) is for people; logs are for whoever investigates.
 */
final class Logging {
    /** Bytes per log file before it rotates, and the number of files kept. */
    static final int LIMIT = 10 * 1024 * 1024;

    static final int FILES = 5;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

    /** Kept reachable so their levels and handlers stay as set. */
    private static final Logger ROOT = Logger.getLogger("");

    private Logging() {}

    /** The log file: var/log/depa.log in the repository, or {@code depa.log} when set (the tests). */
    static Path logFile(Path home) {
        String set = System.getProperty("depa.log");
        return set != null ? Path.of(set) : home.resolve("var").resolve("log").resolve("depa.log");
    }

    /**
     * Replaces the JVM's logging set-up: the default console handler goes; records at INFO and
     * above go to {@code file}, and to {@code err} too when {@code verbose}. Returns the file, or
     * null when it cannot be written (then nothing is logged unless verbose).
     */
    static Path configure(Path file, boolean verbose, PrintStream err) {
        LogManager.getLogManager().reset();
        ROOT.setLevel(Level.INFO);
        Path written = null;
        try {
            Files.createDirectories(file.getParent());
            rotate(file);
            FileHandler h = new FileHandler(file.toString().replace("%", "%%"), true);
            h.setEncoding("UTF-8");
            h.setFormatter(new OneLine(true));
            h.setLevel(Level.ALL);
            ROOT.addHandler(h);
            written = file;
        } catch (IOException | RuntimeException e) {
            if (verbose) {
                err.println("depa: cannot write the log file " + file + ": " + e.getMessage());
            }
        }
        if (verbose) {
            StreamHandler console = new StreamHandler(err, new OneLine(false)) {
                @Override
                public synchronized void publish(LogRecord r) {
                    super.publish(r);
                    flush();
                }
            };
            console.setLevel(Level.ALL);
            ROOT.addHandler(console);
        }
        return written;
    }

    /**
     * A log over {@link #LIMIT} moves to {@code depa.log.1} (and .1 to .2, ..., up to
     * {@link #FILES} files in all) before the command starts writing: each run appends to
     * {@code depa.log}, whose name stays put.
     */
    static void rotate(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) <= LIMIT) {
            return;
        }
        for (int i = FILES - 2; i >= 1; i--) {
            Path older = file.resolveSibling(file.getFileName() + "." + i);
            if (Files.exists(older)) {
                Files.move(
                        older,
                        file.resolveSibling(file.getFileName() + "." + (i + 1)),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(
                file,
                file.resolveSibling(file.getFileName() + ".1"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Closes the handlers (flushes the file). */
    static void close() {
        for (Handler h : ROOT.getHandlers()) {
            h.close();
        }
    }

    /** {@code 2026-12-04T21:01:54.123Z INFO logger: message}, with the stack trace below in the file only. */
    static final class OneLine extends Formatter {
        private final boolean stackTraces;

        OneLine(boolean stackTraces) {
            this.stackTraces = stackTraces;
        }

        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder()
                    .append(TIME.format(Instant.ofEpochMilli(r.getMillis())))
                    .append(' ')
                    .append(r.getLevel().getName())
                    .append(' ')
                    .append(r.getLoggerName())
                    .append(": ")
                    .append(formatMessage(r).strip())
                    .append(System.lineSeparator());
            if (r.getThrown() != null) {
                if (stackTraces) {
                    StringWriter w = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(w));
                    b.append(w);
                } else {
                    b.append("    ").append(r.getThrown()).append(System.lineSeparator());
                }
            }
            return b.toString();
        }
    }
}
