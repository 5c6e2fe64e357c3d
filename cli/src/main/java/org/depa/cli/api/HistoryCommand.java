package org.depa.cli.api;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depa api history --type T ID}: the committed history of any ledger object. */
@Command(name = "history", description = "The committed history of any ledger object.")
final class HistoryCommand extends GatewayCommand implements Callable<Integer> {
    @Option(names = "--type", required = true, description = "object type, e.g. contract, dataset, run")
    String type;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        QueryString query = new QueryString().add("objectType", type).add("id", id);
        return callGateway(g -> g.get("/v1/history" + query));
    }
}
