package org.depa.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.depa.data.endpoint.DataDownload;
import org.depa.data.endpoint.DataDownloadException;
import org.depa.data.endpoint.DataPaths;
import org.depa.data.endpoint.Tls;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.Dataset;

/**
 * Fetches a dataset's sample from its TDP's data endpoint for the calling participant, over mutual
 * TLS with this organisation's gateway identity, naming the caller in {@link
 * DataPaths#ON_BEHALF_OF}. The gateway has already checked the caller (a participant of this
 * organisation in good standing); the TDP's endpoint checks again that the gateway is pinned to this
 * organisation and the caller is of it and in good standing, and logs the access.
 */
@ApplicationScoped
public class SampleProxy {
    /** Largest sample passed on: a sample is a few rows for developing a model, not the dataset. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    @Inject
    GatewayConfig config;

    private volatile DataDownload download;

    Response fetch(Dataset dataset, String participantId) {
        URI location;
        try {
            location = URI.create(dataset.sampleLocation());
        } catch (IllegalArgumentException e) {
            throw unavailable(dataset, "its sample location is not a URI");
        }
        if (!"https".equals(location.getScheme())) {
            throw unavailable(dataset, "its sample is not hosted on a data endpoint (location " + location + ")");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("depa-sample-", ".csv");
            downloader(dataset).toFile(location, tmp, Map.of(DataPaths.ON_BEHALF_OF, participantId));
            byte[] body = Files.readAllBytes(tmp);
            return Response.ok(body, "text/csv; charset=utf-8")
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (DataDownloadException e) {
            if (e.kind() == DataDownloadException.Kind.REFUSED && e.status() == 404) {
                throw new LedgerRuleException(
                        ErrorCode.NOT_FOUND,
                        "dataset '" + dataset.id() + "' has no sample at the data endpoint of TDP '" + dataset.ownerId()
                                + "'");
            }
            if (e.kind() == DataDownloadException.Kind.REFUSED && (e.status() == 401 || e.status() == 403)) {
                throw new GatewayException(
                        GatewayCode.NOT_PERMITTED,
                        "the data endpoint of TDP '" + dataset.ownerId() + "' refuses the sample of dataset '"
                                + dataset.id() + "': " + e.getMessage());
            }
            throw unavailable(dataset, e.getMessage());
        } catch (IOException e) {
            throw new GatewayException(GatewayCode.INTERNAL, "cannot buffer the sample: " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a temporary file of the gateway's own
                }
            }
        }
    }

    private DataDownload downloader(Dataset dataset) {
        DataDownload d = download;
        if (d != null) {
            return d;
        }
        GatewayConfig.DataEndpoints c = config.dataEndpoints();
        if (c.trust().isEmpty()
                || c.clientCertificate().isEmpty()
                || c.clientKey().isEmpty()) {
            throw unavailable(
                    dataset,
                    "this gateway is not configured to reach TDP data endpoints"
                            + " (depa.gateway.data-endpoints.trust, client-certificate, client-key)");
        }
        try {
            d = new DataDownload(DataDownload.Settings.trusting(
                            Tls.certificates(Files.readString(c.trust().get())))
                    .withMaxBytes(MAX_BYTES)
                    .withTimeouts(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30), 2)
                    .withClient(
                            Tls.privateKey(Files.readString(c.clientKey().get())),
                            Tls.certificates(
                                    Files.readString(c.clientCertificate().get()))));
        } catch (IOException | IllegalArgumentException e) {
            throw unavailable(dataset, "this gateway's data-endpoint configuration cannot be read: " + e.getMessage());
        }
        download = d;
        return d;
    }

    private static GatewayException unavailable(Dataset dataset, String why) {
        return new GatewayException(
                GatewayCode.DATA_ENDPOINT_UNAVAILABLE,
                "the sample of dataset '" + dataset.id() + "' cannot be fetched from the data endpoint of TDP '"
                        + dataset.ownerId() + "': " + why);
    }
}
