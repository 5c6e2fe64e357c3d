package org.depa.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depa.data.endpoint.DataPublisher;
import org.depa.data.endpoint.EndpointSettings;
import org.depa.demo.deployment.DeploymentLayout;

/**
 * Each TDP publishes into its own data endpoint of the deployment, as {@code depa dataset publish
 * --endpoint var/deployment/data-endpoints/<tdp>/endpoint.properties} does (the same {@link
 * DataPublisher} call), and registers the https locations it returns, which pin the endpoint's
 * certificate and the ciphertext's size. The sample is the prepared table's first {@value
 * #SAMPLE_ROWS} rows. The TDC publishes its sealed spec on its own endpoint the same way.
 */
final class DeploymentDataHosting implements DatasetHosting {
    static final int SAMPLE_ROWS = 20;

    private final DeploymentLayout layout;
    private final Path samples;

    DeploymentDataHosting(DeploymentLayout layout, Path samples) {
        this.layout = layout;
        this.samples = samples;
    }

    @Override
    public Hosted host(String tdpBaseId, String datasetId, Path ciphertext, Path prepared) throws IOException {
        Path sample = Files.createDirectories(samples).resolve(datasetId + "-sample.csv");
        List<String> lines = Files.readAllLines(prepared, StandardCharsets.UTF_8);
        Files.write(sample, lines.subList(0, Math.min(lines.size(), SAMPLE_ROWS + 1)), StandardCharsets.UTF_8);
        EndpointSettings endpoint =
                EndpointSettings.read(layout.dataEndpoint(tdpBaseId).resolve("endpoint.properties"));
        DataPublisher.Publication p = DataPublisher.publish(endpoint, datasetId, ciphertext, sample);
        return new Hosted(
                p.encryptedLocation().toString(),
                p.sampleLocation().orElseThrow().toString(),
                "published on its data endpoint " + p.endpoint() + " (certificate sha256 "
                        + endpoint.certificateSha256().substring(0, 16) + "..., pinned in the location)");
    }

    /**
     * The TDC's sealed spec on the TDC's own endpoint ({@code data-<tdc>}), published as a TDP publishes a
     * ciphertext (no sample): the clean room downloads it with the certificate and size pinned in the location.
     */
    @Override
    public Hosted hostSealedSpec(String tdcBaseId, String specId, Path sealed) throws IOException {
        EndpointSettings endpoint =
                EndpointSettings.read(layout.dataEndpoint(tdcBaseId).resolve("endpoint.properties"));
        DataPublisher.Publication p = DataPublisher.publish(endpoint, specId, sealed, null);
        return new Hosted(
                p.encryptedLocation().toString(),
                null,
                "published on its own endpoint " + p.endpoint() + " (certificate sha256 "
                        + endpoint.certificateSha256().substring(0, 16) + "..., pinned in the location)");
    }
}
