package org.depa.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.depa.data.endpoint.DataPublisher;
import org.depa.data.endpoint.EndpointSettings;
import org.depa.data.endpoint.PublishConflictException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code depa dataset publish}: the TDP puts a dataset's ciphertext (and sample) into the store of
 * its own data endpoint, named by that endpoint's properties file, and gets the https locations to
 * register, which pin the endpoint's certificate and the ciphertext's size. A local write into the
 * endpoint's directory (the TDP runs both on its own host), not an upload. A different ciphertext
 * under a published id is refused (exit 1); the same bytes again change nothing.
 */
@Command(
        name = "publish",
        description = "Put a dataset's ciphertext (and sample) on your data endpoint and print the https locations"
                + " to register (they pin the endpoint's certificate and the ciphertext's size).")
final class DatasetPublishCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--endpoint",
            required = true,
            description = "Your data endpoint's properties file (its store, port and TLS certificate).")
    Path endpoint;

    @Option(names = "--dataset-id", required = true, description = "The dataset's ledger id.")
    String datasetId;

    @Option(names = "--ciphertext", required = true, description = "The encrypted table (depa dataset encrypt).")
    Path ciphertext;

    @Option(names = "--sample", description = "A sample for members to develop models on (replaces an earlier one).")
    Path sample;

    @Override
    public Integer call() {
        if (datasetId.isBlank()) {
            return DatasetCommand.fail(
                    spec, DatasetCommand.INPUT_ERROR, "--dataset-id is empty; give the dataset's ledger id");
        }
        DataPublisher.Publication p;
        try {
            EndpointSettings settings = EndpointSettings.read(endpoint);
            p = DataPublisher.publish(settings, datasetId, ciphertext, sample);
        } catch (PublishConflictException e) {
            return DatasetCommand.fail(spec, DatasetCommand.REFUSED, e.getMessage());
        } catch (IllegalArgumentException e) {
            return DatasetCommand.fail(spec, DatasetCommand.INPUT_ERROR, e.getMessage());
        } catch (IOException e) {
            return DatasetCommand.fail(
                    spec, DatasetCommand.INPUT_ERROR, "cannot publish into the endpoint's store: " + Inputs.reason(e));
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("datasetId", datasetId);
        o.put("published", p.published().unchanged() ? "unchanged (this ciphertext was already there)" : "new");
        o.put("ciphertextSha256", p.published().ciphertextSha256());
        o.put("ciphertextBytes", p.published().ciphertextBytes());
        o.put("sampleBytes", p.published().sampleBytes());
        o.put("encryptedLocation", p.encryptedLocation().toString());
        o.put("sampleLocation", p.sampleLocation().map(Object::toString).orElse(null));
        o.put("endpoint", p.endpoint().toString());
        DatasetCommand.printJson(spec, o);
        return DatasetCommand.OK;
    }
}
