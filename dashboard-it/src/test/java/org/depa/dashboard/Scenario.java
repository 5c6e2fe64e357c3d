package org.depa.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.depa.demo.CovidDemo;
import org.depa.demo.remote.ScenarioConnections;
import org.depa.ledger.client.TypedLedger;

/**
 * The COVID scenario, run once by the demo's own code with every party behind a gateway process
 * ({@code depa demo covid --via gateway}): its embedded ledger (participants, agreement, datasets
 * and budgets, the signed contract, the training job, its run, key releases and receipt, the
 * settled payments) is what the dashboard shows, and each party's certificate ({@code pki/<id>.p12},
 * issued by the demo's CA) is what it logs in with. Nothing here is made up for the pages.
 */
final class Scenario {
    /** Participant ids of the scenario (the demo's {@code CovidCast}, untagged on a fresh ledger). */
    static final String ICMR = "icmr";

    static final String COWIN = "cowin";
    static final String INDEX = "index";
    static final String TDC = "ai-lab";
    static final String CCR = "ccr-cloud";
    static final String AUDITOR = "auditor";
    static final String RELAY = "relay";
    static final String SRO_OPERATOR = "sro-operator";

    /** Every identity of the scenario that can log in: three TDPs, the TDC, the CCR provider, the auditor, the relay, an SRO operator. */
    static final List<String> IDENTITIES = List.of(ICMR, COWIN, INDEX, TDC, CCR, AUDITOR, RELAY, SRO_OPERATOR);

    /** {@link #IDENTITIES}, for {@code @MethodSource("org.depa.dashboard.Scenario#identities")}. */
    static Stream<String> identities() {
        return IDENTITIES.stream();
    }

    static final String CONTRACT = "covid-2026";
    static final String JOB = "covid-2026-job-1";
    /** The clean room names the run of a job over a contract {@code <job>-<contract>}. */
    static final String RUN = JOB + "-" + CONTRACT;

    final Path dir;

    private Scenario(Path dir) {
        this.dir = dir;
    }

    /** Runs the demo into {@code dir} (wiped first); what it printed goes to {@code dir}.out. */
    static Scenario run(Path home, Path dir, Path gatewayJar) throws IOException {
        Path out = dir.resolveSibling(dir.getFileName() + ".out");
        Files.createDirectories(dir.getParent());
        int status;
        try (OutputStream file = Files.newOutputStream(out);
                PrintStream print = new PrintStream(file, true, StandardCharsets.UTF_8)) {
            status = CovidDemo.run(
                    new CovidDemo.Options(
                            home.resolve("data/covid-poc"),
                            dir,
                            true,
                            CovidDemo.Ledger.EMBEDDED,
                            CovidDemo.Via.GATEWAY,
                            gatewayJar,
                            ""),
                    print);
        }
        if (status != 0) {
            throw new IOException("the COVID demo exited with " + status + "; see " + out);
        }
        return new Scenario(dir);
    }

    Path ledger() {
        return dir.resolve("ledger");
    }

    Path caFile() {
        return dir.resolve("pki/ca.pem");
    }

    Path serverCertificate() {
        return dir.resolve("pki/server.pem");
    }

    Path serverKey() {
        return dir.resolve("pki/server-key.pem");
    }

    /** The PKCS#12 file (key and certificate) the demo's CA issued to {@code participantId}. */
    Path keyStore(String participantId) {
        return dir.resolve("pki").resolve(participantId + ".p12");
    }

    /** {@code participantId}'s typed ledger calls through the gateway at {@code base}, as the scenario made them. */
    TypedLedger connect(URI base, String participantId, String mspId) {
        return ScenarioConnections.connect(base, caFile(), keyStore(participantId), mspId);
    }
}
