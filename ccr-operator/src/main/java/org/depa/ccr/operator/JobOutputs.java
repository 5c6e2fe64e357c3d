package org.depa.ccr.operator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import org.depa.ledger.client.LedgerClient;

/**
 * What the operator shows a job's TDC: the clean room's progress ({@code progress.json}, replaced
 * after each epoch) and its sealed output ({@code output/outputs.json} and the files it lists), read
 * from the job's workspace. Served over HTTP to the gateways of the TDCs' organisations, each
 * holding a bearer token the CCR provider issued to that organisation (only the tokens' SHA-256 are
 * kept here): a token opens only the jobs whose TDC is of its organisation, as the ledger's
 * participant registry says. The TDC's gateway then checks that its caller is the job's TDC itself,
 * so a colleague of the same organisation gets nothing either. The output is sealed to the job's
 * output key, so neither the operator nor a gateway can read it.
 *
 * <p>Routes: {@code GET /v1/jobs/{id}/progress}, {@code GET /v1/jobs/{id}/outputs}, {@code GET
 * /v1/jobs/{id}/outputs/{name}}. Errors are {@code {"code", "message"}}: 401 UNAUTHENTICATED, 403
 * NOT_A_PARTY, 404 NOT_FOUND (no such job of this provider, no progress or output yet, a name not
 * in the manifest), 400 INVALID_ARGUMENT, 502 OUTPUT_CORRUPT (a file whose hash differs from the
 * manifest), 503 LEDGER_UNAVAILABLE.
 */
public interface JobOutputs extends AutoCloseable {
    /** The file in a job's workspace that the clean room replaces after each epoch. */
    String PROGRESS_FILE = "progress.json";

    /** The directory in a job's workspace holding the sealed output and its manifest. */
    String OUTPUT_DIR = "output";

    /** The manifest of the sealed output, in {@link #OUTPUT_DIR}. */
    String MANIFEST_FILE = "outputs.json";

    /** Where it listens, e.g. {@code http://127.0.0.1:40123}. */
    String url();

    @Override
    void close();

    /**
     * Serves the workspaces of the operator's jobs ({@link OperatorSettings#workspace}).
     *
     * @param client the CCR provider's own ledger client: jobs and their TDCs' organisations are read there
     * @param readers SHA-256 (hex) of each organisation's token -> that organisation's MSP id
     * @param bind the address to listen on (loopback unless the provider puts TLS in front of it)
     */
    static JobOutputs serve(
            LedgerClient client, OperatorSettings settings, Map<String, String> readers, InetSocketAddress bind)
            throws IOException {
        return new JobOutputServer(client, settings, readers, bind);
    }
}
