package org.depa.cli.api;

import java.nio.file.Path;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.RevokeMeasurementRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depa api measurements ...}: certified clean-room measurements. */
@Command(name = "measurements", description = "Certified clean-room measurements.")
final class MeasurementsCommand extends GatewayCommand {
    @Command(name = "certify", description = "SRO: certify (a CertifyMeasurementRequest JSON file).")
    int certify(@Option(names = "--file", required = true) Path file) {
        return callGateway(g -> g.post("/v1/measurements", RequestFile.read(file, CertifyMeasurementRequest.class)));
    }

    @Command(name = "list")
    int list(@Option(names = "--page-size", defaultValue = "50") int pageSize) {
        QueryString query = new QueryString().add("pageSize", pageSize);
        return callGateway(g -> g.get("/v1/measurements" + query));
    }

    @Command(name = "show")
    int show(@Parameters(paramLabel = "MEASUREMENT") String m) {
        return callGateway(g -> g.get("/v1/measurements/" + m));
    }

    @Command(name = "revoke", description = "SRO: revoke a certification.")
    int revoke(
            @Parameters(paramLabel = "MEASUREMENT") String m, @Option(names = "--reason", required = true) String r) {
        return callGateway(g -> g.post("/v1/measurements/" + m + "/revoke", new RevokeMeasurementRequest(m, r)));
    }
}
