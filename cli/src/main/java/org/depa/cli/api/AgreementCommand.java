package org.depa.cli.api;

import org.depa.ledger.model.tx.PublishAgreementRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code depa api agreement ...}: the SRO's common agreement. */
@Command(name = "agreement", description = "The SRO's common agreement.")
final class AgreementCommand extends GatewayCommand {
    @Command(name = "show")
    int show() {
        return callGateway(g -> g.get("/v1/agreement"));
    }

    @Command(name = "publish", description = "SRO: publish a version (the SHA-256 of its text).")
    int publish(
            @Option(names = "--version", required = true) String version,
            @Option(names = "--text-sha256", required = true) String sha) {
        return callGateway(g -> g.post("/v1/agreement", new PublishAgreementRequest(version, sha)));
    }
}
