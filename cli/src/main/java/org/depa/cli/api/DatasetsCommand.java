package org.depa.cli.api;

import java.nio.file.Path;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.WithdrawDatasetRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depa api datasets ...}: datasets and their privacy budgets. */
@Command(name = "datasets", description = "Datasets and their privacy budgets.")
final class DatasetsCommand extends GatewayCommand {
    @Command(name = "register", description = "TDP: register a dataset (a DatasetRequest JSON file, - for stdin).")
    int register(@Option(names = "--file", required = true) Path file) {
        return callGateway(g -> g.post("/v1/datasets", RequestFile.read(file, DatasetRequest.class)));
    }

    @Command(name = "search")
    int search(
            @Option(names = "--owner") String owner,
            @Option(names = "--purpose") String purpose,
            @Option(names = "--page-size", defaultValue = "50") int pageSize,
            @Option(names = "--bookmark") String bookmark) {
        QueryString query = new QueryString()
                .add("pageSize", pageSize)
                .add("ownerId", owner)
                .add("purpose", purpose)
                .add("bookmark", bookmark);
        return callGateway(g -> g.get("/v1/datasets" + query));
    }

    @Command(name = "show")
    int show(@Parameters(paramLabel = "ID") String id) {
        return callGateway(g -> g.get("/v1/datasets/" + id));
    }

    @Command(name = "budget")
    int budget(@Parameters(paramLabel = "ID") String id) {
        return callGateway(g -> g.get("/v1/datasets/" + id + "/budget"));
    }

    @Command(name = "withdraw", description = "TDP: withdraw your dataset.")
    int withdraw(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--owner", required = true) String owner,
            @Option(names = "--reason", required = true) String reason) {
        return callGateway(
                g -> g.post("/v1/datasets/" + id + "/withdraw", new WithdrawDatasetRequest(id, owner, reason)));
    }
}
