package org.depa.cli.api;

import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.depa.ledger.model.tx.RegisterParticipantRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depa api participants ...}: the participant registry. */
@Command(name = "participants", description = "The participant registry.")
final class ParticipantsCommand extends GatewayCommand {
    @Command(name = "register", description = "Register yourself with the certificate you call with.")
    int register(
            @Option(names = "--id", required = true) String id,
            @Option(names = "--role", required = true, description = "TDP, TDC, CCR_PROVIDER or AUDITOR") Role role,
            @Option(names = "--msp", required = true) String msp,
            @Option(names = "--name", required = true) String name) {
        return callGateway(g ->
                g.post("/v1/participants", new RegisterParticipantRequest(id, role, msp, name, g.certificatePem())));
    }

    @Command(name = "me", description = "Your own registry entry.")
    int me() {
        return callGateway(g -> g.get("/v1/participants/me"));
    }

    @Command(name = "show")
    int show(@Parameters(paramLabel = "ID") String id) {
        return callGateway(g -> g.get("/v1/participants/" + id));
    }

    @Command(name = "list")
    int list(
            @Option(names = "--page-size", defaultValue = "50") int pageSize,
            @Option(names = "--bookmark") String bookmark) {
        QueryString query = new QueryString().add("pageSize", pageSize).add("bookmark", bookmark);
        return callGateway(g -> g.get("/v1/participants" + query));
    }

    @Command(name = "verify", description = "SRO: verify a registered participant.")
    int verify(@Parameters(paramLabel = "ID") String id) {
        return callGateway(g -> g.post("/v1/participants/" + id + "/verify", new ParticipantStatusRequest(id, null)));
    }

    @Command(name = "suspend", description = "SRO: suspend a participant.")
    int suspend(@Parameters(paramLabel = "ID") String id, @Option(names = "--reason", required = true) String r) {
        return callGateway(g -> g.post("/v1/participants/" + id + "/suspend", new ParticipantStatusRequest(id, r)));
    }

    @Command(name = "sign-agreement", description = "Sign the current common agreement with your key, locally.")
    int signAgreement(@Parameters(paramLabel = "ID", description = "your participant id") String id) {
        return callGateway(g -> g.signAgreement(id));
    }
}
