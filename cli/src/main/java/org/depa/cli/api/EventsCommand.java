package org.depa.cli.api;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code depa api events}: follows the ledger's events, printing each event's data as it arrives. */
@Command(name = "events", description = "Follow ledger events (server-sent events) from a block on.")
final class EventsCommand extends GatewayCommand implements Callable<Integer> {
    @Option(names = "--from", defaultValue = "0")
    long from;

    @Option(names = "--limit", description = "stop after this many events")
    Integer limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return callGateway(g -> {
            g.events(from, limit, line -> {
                if (line.startsWith("data:")) {
                    out.println(line.substring(5).strip());
                    out.flush();
                }
            });
            // Each event was printed as it came; there is no response body to print after the stream.
            return "";
        });
    }
}
