package org.depa.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code depa} command: one entry point, a subcommand per task.
 *
 * <p>Paths on the command line are relative to where the user runs it ({@code depa.cwd}, set by
 * {@code ./depa}), not to the repository. Logs go to {@code var/log/depa.log} in the repository
 * ({@link Logging}); {@code --verbose} shows them on stderr too. A usage error exits 2 with a
 * one-line message; an unexpected failure exits 1 with a one-line message and its stack trace in
 * the log file. No stack trace reaches the terminal.
 */
@Command(
        name = "depa",
        mixinStandardHelpOptions = true,
        version = "depa 0.1.0",
        description = "depa-ledger: contracts, keys and training receipts for privacy-preserving data sharing.",
        subcommands = {
            DemoCommand.class,
            DatasetCommand.class,
            KmsCommand.class,
            AttestCommand.class,
            AuditCommand.class,
            LedgerCommand.class,
            org.depa.cli.api.ApiCommand.class,
            org.depa.cli.api.JobCommand.class,
            org.depa.cli.api.DashboardCommand.class,
            PayCommand.class,
            DeploymentCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    static final int USAGE = 2;
    static final int FAILED = 1;

    private static final Logger LOG = Logger.getLogger("org.depa.cli");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Also show the log records (kept in var/log/depa.log) on stderr.")
    boolean verbose;

    public static void main(String[] args) {
        Path cwd = Path.of(System.getProperty("depa.cwd", System.getProperty("user.dir")));
        System.exit(run(cwd, System.out, System.err, args));
    }

    /** Runs {@code depa args...} as a user in {@code cwd} would, with logging set up; returns the exit status. */
    public static int run(Path cwd, PrintStream out, PrintStream err, String... args) {
        Logging.configure(Logging.logFile(home()), Arrays.asList(args).contains("--verbose"), err);
        try {
            CommandLine cl = commandLine(cwd);
            cl.setOut(new java.io.PrintWriter(out, true));
            cl.setErr(new java.io.PrintWriter(err, true));
            return cl.execute(args);
        } finally {
            Logging.close();
        }
    }

    /**
     * The command line: Path options resolved against {@code cwd}, enum values case-insensitive,
     * and any exception a command lets escape turned into a one-line message and an exit status.
     */
    public static CommandLine commandLine(Path cwd) {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(Path.class, s -> resolve(cwd, s));
        cl.registerConverter(java.net.URI.class, Main::uri);
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            LOG.log(Level.INFO, "usage error", e);
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + plain(e.getMessage()));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for its options.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            String name = c.getCommandSpec().qualifiedName();
            if (e instanceof UsageError || e instanceof IllegalArgumentException) {
                LOG.log(Level.INFO, name + ": usage error", e);
                c.getErr().println(name + ": " + e.getMessage());
                return USAGE;
            }
            LOG.log(Level.SEVERE, name + " failed", e);
            c.getErr()
                    .println(name + " failed: " + (e.getMessage() != null ? e.getMessage() : e.toString())
                            + " (details in " + Logging.logFile(home()) + ")");
            return FAILED;
        });
        return cl;
    }

    /** A path as the user typed it, relative to their working directory; {@code -} (stdin) stays as it is. */
    static Path resolve(Path cwd, String s) {
        if (s.isBlank()) {
            throw new CommandLine.TypeConversionException("empty path");
        }
        if (s.indexOf('\0') >= 0) {
            throw new CommandLine.TypeConversionException("a path cannot hold a NUL character");
        }
        if (s.equals("-")) {
            return Path.of(s);
        }
        return cwd.resolve(s).normalize();
    }

    private static java.net.URI uri(String s) {
        try {
            java.net.URI u = new java.net.URI(s.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                throw new CommandLine.TypeConversionException(
                        "'" + s + "' is not a URL such as https://127.0.0.1:8443");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not a URL: " + e.getReason());
        }
    }

    /** A message without the Java exception picocli quotes in it: "(java.lang.NumberFormatException: x)". */
    static String plain(String message) {
        if (message == null) {
            return "invalid command line";
        }
        return message.replaceAll(
                        "\\s*\\((?:[a-z0-9_]+\\.)+[A-Za-z0-9_$]*(?:Exception|Error)(?::\\s*([^)]*))?\\)", ": $1")
                .replaceAll(":\\s*$", "")
                .strip();
    }

    /** The repository ({@code depa.home}, set by ./depa). */
    static Path home() {
        return Path.of(System.getProperty("depa.home", ".")).toAbsolutePath().normalize();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
