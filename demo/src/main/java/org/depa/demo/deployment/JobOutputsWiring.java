package org.depa.demo.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.domain.Role;

/**
 * How a TDC reaches its jobs' progress and sealed output in a deployment: through its own
 * organisation's gateway, which fetches them from the CCR provider's operator
 * ({@code depa.gateway.job-outputs}). {@code up} issues one bearer token per organisation that has a
 * TDC: the token itself goes into a file of that organisation (owner-only) which its gateway reads;
 * the operator gets only the token's SHA-256 ({@code outputReaders}). Neither appears on a command
 * line: the gateway's and the operator's command lines carry file paths only.
 */
final class JobOutputsWiring {
    /** The operator's job-output service (loopback), which the TDCs' gateways call. */
    static final int OUTPUT_PORT = 8691;

    private static final String SOURCE_FILE = "job-outputs.properties";
    private static final String TOKEN_FILE = "job-outputs.token";
    private static final String READERS_FILE = "output-readers.properties";

    private final DeploymentLayout layout;

    JobOutputsWiring(DeploymentLayout layout) {
        this.layout = layout;
    }

    /** The operator's URL for the gateways. */
    static String url() {
        return "http://127.0.0.1:" + OUTPUT_PORT;
    }

    /**
     * Issues a fresh token for each organisation of a TDC among {@code seats}, to reach the operator
     * of the (first) CCR provider; writes the tokens, the gateways' sources and the operator's hashes.
     */
    void provision(List<Seat> seats, String tag) throws DeploymentException {
        Seat ccr = seats.stream()
                .filter(s -> s.role() == Role.CCR_PROVIDER)
                .findFirst()
                .orElseThrow(() -> new DeploymentException("operator", "no CCR provider among the participants"));
        TreeSet<String> tdcOrgs = new TreeSet<>();
        seats.stream().filter(s -> s.role() == Role.TDC).forEach(s -> tdcOrgs.add(s.mspId()));
        StringBuilder readers = new StringBuilder(
                "# SHA-256 of each token the CCR provider issued = the TDC organisation it was issued to\n");
        try {
            for (String msp : tdcOrgs) {
                byte[] b = new byte[32];
                new SecureRandom().nextBytes(b);
                String token = HexFormat.of().formatHex(b);
                DeploymentLayout.writeSecret(layout.org(msp).resolve(TOKEN_FILE), token);
                DeploymentLayout.writeSecret(
                        layout.org(msp).resolve(SOURCE_FILE), "ccr=" + ccr.id(tag) + "\nurl=" + url() + "\n");
                readers.append(Hashes.sha256Hex(token)).append('=').append(msp).append('\n');
            }
            DeploymentLayout.writeSecret(readersFile(), readers.toString());
        } catch (IOException e) {
            throw new DeploymentException("operator", "cannot write the job-output tokens: " + e.getMessage(), e);
        }
    }

    /** The operator's file of token hashes. */
    Path readersFile() {
        return layout.operator().resolve(READERS_FILE);
    }

    /** The token file of organisation {@code mspId}'s gateway (its TDCs' token for the operator). */
    Path tokenFile(String mspId) {
        return layout.org(mspId).resolve(TOKEN_FILE);
    }

    /**
     * The gateway's {@code depa.gateway.job-outputs} properties for {@code mspId}, if {@code up}
     * issued it a token (an organisation without a TDC gets none: its callers have no job outputs).
     */
    Map<String, String> gatewayProperties(String mspId) throws DeploymentException {
        Path source = layout.org(mspId).resolve(SOURCE_FILE);
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(source)) {
            return out;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(source)) {
            p.load(in);
        } catch (IOException e) {
            throw new DeploymentException(
                    "gateway-" + ComponentLaunches.shortName(mspId),
                    "cannot read " + source + ": " + e.getMessage(),
                    e);
        }
        String key = "depa.gateway.job-outputs.\"" + p.getProperty("ccr") + "\"";
        out.put(key + ".url", p.getProperty("url"));
        out.put(key + ".token-file", tokenFile(mspId).toString());
        return out;
    }

    /** The operator's properties for its job-output service. */
    String operatorProperties() {
        return "outputReaders=" + readersFile() + "\noutputPort=" + OUTPUT_PORT + "\n";
    }
}
