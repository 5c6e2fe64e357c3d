package org.depa.ccr.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.util.Map;
import org.depa.dataset.OutputSeal;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view of a job for its TDC: after a real clean-room process ran the job, the TDC's
 * organisation reads the progress and the sealed output (which opens with the TDC's output key to
 * the model the receipt names), and every other caller is refused: no token, an unknown token,
 * the token of a TDP's organisation, a job that is not there, a name outside the manifest, a file
 * changed on disk.
 */
class JobOutputsTest {
    static final String TDC_TOKEN = "consumer-organisation-token";
    static final String TDP_TOKEN = "icmr-organisation-token";

    @TempDir
    Path dir;

    private OperatorWorld ow;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        ow = new OperatorWorld(dir);
    }

    @AfterEach
    void tearDown() {
        ow.close();
    }

    @Test
    void theJobsTdcOrganisationReadsProgressAndTheSealedOutputAndNoOneElse() throws Exception {
        ow.submit("job-1", "c1");
        OperatorSettings settings = ow.settings(1, 2, "run");
        try (Operator op = ow.operator(settings);
                JobOutputs outputs = JobOutputs.serve(
                        ow.s.ccr.client(),
                        settings,
                        Map.of(sha(TDC_TOKEN), "ConsumerMSP", sha(TDP_TOKEN), "IcmrMSP"),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            ow.awaitStatus("job-1", JobStatus.COMPLETED);
            String base = outputs.url() + "/v1/jobs/job-1";

            JsonNode progress = Json.tree(ok(get(base + "/progress", TDC_TOKEN)));
            assertThat(progress.path("epoch").asInt()).isEqualTo(TestOutputs.EPOCHS);
            assertThat(progress.path("epochs").asInt()).isEqualTo(TestOutputs.EPOCHS);
            assertThat(progress.path("epsilonSpent").asDouble()).isEqualTo(0.5);

            JsonNode manifest = Json.tree(ok(get(base + "/outputs", TDC_TOKEN)));
            assertThat(manifest.path("files")).hasSize(2);
            JsonNode model = manifest.path("files").get(0);
            assertThat(model.path("kind").asText()).isEqualTo("model");
            HttpResponse<byte[]> file = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    base + "/outputs/" + model.path("name").asText()))
                            .header("Authorization", "Bearer " + TDC_TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).isEqualTo(200);
            byte[] sealed = file.body();
            assertThat(Hashes.sha256Hex(sealed)).isEqualTo(model.path("sha256").asText());
            OutputSeal.Opened opened = OutputSeal.open(sealed, (ECPrivateKey) ow.outputKey.getPrivate());
            assertThat(opened.labels()).containsEntry("jobId", "job-1").containsEntry("runId", "job-1-c1");
            TrainingReceipt receipt = ow.w.sroLedger().evaluate(Runs.GET_RECEIPT, "job-1-c1");
            assertThat(Hashes.sha256Hex(opened.content()))
                    .as("the opened model is the one the run key signed for")
                    .isEqualTo(receipt.body().modelSha256());

            refused(get(base + "/progress", null), 401, "UNAUTHENTICATED");
            refused(get(base + "/outputs", "a guessed token"), 401, "UNAUTHENTICATED");
            refused(get(base + "/progress", TDP_TOKEN), 403, "NOT_A_PARTY");
            refused(get(base + "/outputs", TDP_TOKEN), 403, "NOT_A_PARTY");
            refused(get(base + "/outputs/" + model.path("name").asText(), TDP_TOKEN), 403, "NOT_A_PARTY");
            refused(get(outputs.url() + "/v1/jobs/job-none/progress", TDC_TOKEN), 404, "NOT_FOUND");
            refused(get(base + "/outputs/clean-room.json", TDC_TOKEN), 404, "NOT_FOUND");
            refused(get(base + "/outputs/..%2Fclean-room.json", TDC_TOKEN), 404, "NOT_FOUND");
            refused(get(outputs.url() + "/v1/jobs/..%2F..%2Fx/progress", TDC_TOKEN), 400, "INVALID_ARGUMENT");
            refused(get(base + "/secrets", TDC_TOKEN), 404, "NOT_FOUND");

            Path onDisk = settings.workspace("job-1")
                    .resolve("output")
                    .resolve(model.path("name").asText());
            byte[] bytes = Files.readAllBytes(onDisk);
            bytes[bytes.length / 2] ^= 1;
            Files.write(onDisk, bytes);
            refused(get(base + "/outputs/" + model.path("name").asText(), TDC_TOKEN), 502, "OUTPUT_CORRUPT");
        }
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static void refused(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(Json.tree(r.body()).path("code").asText()).isEqualTo(code);
    }

    static String sha(String token) {
        return Hashes.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }
}
