package org.depa.cli.api;

import java.nio.file.Path;
import org.depa.ledger.model.tx.FailRunRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depa api runs ...}: training runs, key releases and receipts. */
@Command(name = "runs", description = "Training runs, key releases and receipts.")
final class RunsCommand extends GatewayCommand {
    @Command(name = "start", description = "CCR provider: start a run (StartRunRequest JSON).")
    int start(@Option(names = "--file", required = true) Path file) {
        return callGateway(g -> g.post("/v1/runs", RequestFile.read(file, StartRunRequest.class)));
    }

    @Command(name = "show")
    int show(@Parameters(paramLabel = "RUN") String id) {
        return callGateway(g -> g.get("/v1/runs/" + id));
    }

    @Command(name = "release-key", description = "TDP: record a key release (KeyReleaseRequest JSON).")
    int releaseKey(@Parameters(paramLabel = "RUN") String id, @Option(names = "--file", required = true) Path file) {
        return callGateway(
                g -> g.post("/v1/runs/" + id + "/key-releases", RequestFile.read(file, KeyReleaseRequest.class)));
    }

    @Command(name = "key-releases")
    int keyReleases(@Parameters(paramLabel = "RUN") String id) {
        return callGateway(g -> g.get("/v1/runs/" + id + "/key-releases"));
    }

    @Command(
            name = "submit-receipt",
            description = "CCR provider: submit the signed receipt (SubmitReceiptRequest JSON).")
    int submitReceipt(@Parameters(paramLabel = "RUN") String id, @Option(names = "--file", required = true) Path file) {
        return callGateway(
                g -> g.post("/v1/runs/" + id + "/receipt", RequestFile.read(file, SubmitReceiptRequest.class)));
    }

    @Command(name = "receipt")
    int receipt(@Parameters(paramLabel = "RUN") String id) {
        return callGateway(g -> g.get("/v1/runs/" + id + "/receipt"));
    }

    @Command(name = "fail", description = "CCR provider: mark a run failed.")
    int fail(
            @Parameters(paramLabel = "RUN") String id,
            @Option(names = "--as", required = true) String ccr,
            @Option(names = "--reason", required = true) String reason) {
        return callGateway(g -> g.post("/v1/runs/" + id + "/fail", new FailRunRequest(id, ccr, reason)));
    }
}
