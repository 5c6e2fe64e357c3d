package org.depa.cli.api;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code depa api ...}: every gateway resource from the command line, one class per area. Exit
 * codes: 0 done, 1 the gateway or the ledger refused, 2 usage or input error, 3 the gateway cannot
 * be reached (or the ledger behind it: 503).
 */
@Command(
        name = "api",
        description = "Use the ledger through your organisation's gateway (mutual TLS, local signing).",
        subcommands = {
            ParticipantsCommand.class,
            AgreementCommand.class,
            DatasetsCommand.class,
            MeasurementsCommand.class,
            ContractsCommand.class,
            RunsCommand.class,
            PaymentsCommand.class,
            HistoryCommand.class,
            EventsCommand.class
        })
public final class ApiCommand implements Runnable {
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** For tests and scripts: run {@code depa api args...} with the given writers. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new ApiCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl.execute(args);
    }
}
