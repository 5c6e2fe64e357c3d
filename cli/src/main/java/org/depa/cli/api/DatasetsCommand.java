package org.depa.cli.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    /**
     * The dataset's sample, which your gateway fetches from the TDP's data endpoint for you (issue
     * 11), written to a new file: depa never overwrites one.
     */
    @Command(
            name = "sample",
            description = "Fetch the dataset's sample through your gateway from the TDP's data endpoint"
                    + " into a new file.")
    int sample(
            @Parameters(paramLabel = "ID") String id,
            @Option(
                            names = "--out",
                            required = true,
                            paramLabel = "FILE",
                            description = "a file that does not exist yet")
                    Path out) {
        return callGateway(g -> {
            if (Files.exists(out)) {
                throw new GatewayOptions.UsageException(
                        out + " exists; depa never overwrites a file: choose another --out");
            }
            byte[] sample = g.getBytes("/v1/datasets/" + QueryString.path(id) + "/sample");
            try {
                Files.write(out, sample, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new GatewayOptions.UsageException(
                        "cannot write the sample to " + out + ": " + e.getMessage() + "; nothing written");
            }
            return org.depa.ledger.model.Json.canonicalString(
                    java.util.Map.of("datasetId", id, "file", out.toString(), "bytes", sample.length));
        });
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
