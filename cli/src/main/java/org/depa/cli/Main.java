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
            AttestCommand.class,
            org.depa.cli.gateway.ApiCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
