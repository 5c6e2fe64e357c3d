package org.depa.cli.api;

import java.nio.file.Path;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depa api contracts ...}: propose, amend, sign, activate, revoke and read contracts. */
@Command(name = "contracts", description = "Propose, amend, sign, activate, revoke and read contracts.")
final class ContractsCommand extends GatewayCommand {
    @Command(name = "propose", description = "TDC: propose (a ContractProposal JSON file).")
    int propose(@Option(names = "--file", required = true) Path file) {
        return callGateway(g -> g.post("/v1/contracts", RequestFile.read(file, ContractProposal.class)));
    }

    @Command(name = "amend", description = "TDC: a new version of the terms (ContractProposal JSON).")
    int amend(@Parameters(paramLabel = "ID") String id, @Option(names = "--file", required = true) Path file) {
        return callGateway(g -> g.put("/v1/contracts/" + id, RequestFile.read(file, ContractProposal.class)));
    }

    @Command(name = "show")
    int show(@Parameters(paramLabel = "ID") String id) {
        return callGateway(g -> g.get("/v1/contracts/" + id));
    }

    @Command(name = "payload", description = "The canonical bytes you sign for the current version.")
    int payload(@Parameters(paramLabel = "ID") String id) {
        return callGateway(g -> g.get("/v1/contracts/" + id + "/signing-payload"));
    }

    @Command(name = "sign", description = "Fetch the payload, sign it with your key here, post the signature.")
    int sign(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--as", required = true, description = "your participant id") String participant) {
        return callGateway(g -> g.signContract(id, participant));
    }

    @Command(name = "signatures")
    int signatures(@Parameters(paramLabel = "ID") String id) {
        return callGateway(g -> g.get("/v1/contracts/" + id + "/signatures"));
    }

    @Command(name = "activate")
    int activate(@Parameters(paramLabel = "ID") String id, @Option(names = "--as", required = true) String p) {
        return callGateway(g -> g.post("/v1/contracts/" + id + "/activate", new ContractActionRequest(id, p, null)));
    }

    @Command(name = "revoke")
    int revoke(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--as", description = "your participant id (SRO operators omit it)") String p,
            @Option(names = "--reason", required = true) String reason) {
        return callGateway(g -> g.post("/v1/contracts/" + id + "/revoke", new ContractActionRequest(id, p, reason)));
    }

    @Command(name = "history", description = "Every committed version of the contract record.")
    int history(@Parameters(paramLabel = "ID") String id) {
        return callGateway(g -> g.get("/v1/contracts/" + id + "/history"));
    }

    @Command(name = "runs")
    int runs(@Parameters(paramLabel = "ID") String id) {
        return callGateway(g -> g.get("/v1/contracts/" + id + "/runs"));
    }

    @Command(name = "payments")
    int payments(@Parameters(paramLabel = "ID") String id) {
        return callGateway(g -> g.get("/v1/contracts/" + id + "/payments"));
    }
}
