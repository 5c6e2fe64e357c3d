package org.depa.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code depa} command: one entry point, a subcommand per task. */
@Command(
        name = "depa",
        mixinStandardHelpOptions = true,
        version = "depa 0.1.0",
        description = "depa-ledger: contracts, keys and training receipts for privacy-preserving data sharing.",
        subcommands = {
            DemoCommand.class,
            DatasetCommand.class,
            AttestCommand.class,
            AuditCommand.class,
            org.depa.cli.api.ApiCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The Fabric shim logs every chaincode refusal at SEVERE with a stack trace, including the
     * refusals a caller expects (a NOT_FOUND when it asks whether a receipt exists yet). The CLI
     * reports refusals itself; held in a field so the setting is not garbage-collected.
     */
    private static final java.util.logging.Logger SHIM_LOG = java.util.logging.Logger.getLogger("org.hyperledger");

    public static void main(String[] args) {
        SHIM_LOG.setLevel(java.util.logging.Level.OFF);
        System.exit(new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
