package org.depa.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.depa.attestation.emulator.EmulatedChipFile;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.ccr.operator.JobOutputs;
import org.depa.ccr.operator.Operator;
import org.depa.ccr.operator.OperatorSettings;
import org.depa.ccr.training.DjlRuntime;
import org.depa.demo.party.Party;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.crypto.SigningPayloads;

/**
 * The CCR provider's operator (ccr-operator) in this JVM, over the provider's own connection: it
 * launches the clean room (ccr-agent's {@code CleanRoomMain}) as a separate OS process per job, and
 * serves the job's progress and sealed output on loopback to a token issued to the TDC's
 * organisation (the quick start and {@code --via gateway}; a deployment runs its own operator).
 */
final class InProcessJobHost implements JobHost {
    private static final String CLEAN_ROOM_MAIN = "org.depa.ccr.agent.CleanRoomMain";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final OperatorSettings settings;
    private final PrintStream log;
    private final Operator operator;
    private final JobOutputs outputs;
    private final String token;

    private InProcessJobHost(
            OperatorSettings settings, PrintStream log, Operator operator, JobOutputs outputs, String token) {
        this.settings = settings;
        this.log = log;
        this.operator = operator;
        this.outputs = outputs;
        this.token = token;
    }

    /** An opener of an operator in this JVM, its files under {@code dir}/ccr. */
    static JobHost.Opener opener(Path dir) {
        return (tdc, ccr, chip, domain) -> start(dir, tdc, ccr, chip, domain);
    }

    private static JobHost start(Path dir, Party tdc, Party ccr, SnpEmulator chip, SigningPayloads.Domain domain)
            throws IOException {
        Path ccrDir = Files.createDirectories(dir.resolve("ccr"));
        OperatorSettings settings = new OperatorSettings(
                ccr.id(),
                ccrDir.resolve("operator"),
                1,
                2,
                command(image(ccrDir, chip, domain)),
                Duration.ofSeconds(1));
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String token = HexFormat.of().formatHex(b);
        PrintStream log =
                new PrintStream(Files.newOutputStream(ccrDir.resolve("operator.log")), true, StandardCharsets.UTF_8);
        Operator op = Operator.start(ccr.connection(), settings, log);
        JobOutputs outputs = JobOutputs.serve(
                ccr.connection(),
                settings,
                Map.of(Hashes.sha256Hex(token), tdc.mspId()),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new InProcessJobHost(settings, log, op, outputs, token);
    }

    @Override
    public String tdcConnection() {
        return "its own connection from this process";
    }

    @Override
    public String operator() {
        return "the CCR provider's operator in this process (log "
                + settings.stateDir().getParent().resolve("operator.log")
                + "), launching each clean room as a separate process in "
                + settings.stateDir().resolve("jobs");
    }

    @Override
    public String outputsRoute() {
        return "the operator's job-output service " + outputs.url() + " with the TDC organisation's token";
    }

    @Override
    public byte[] get(String jobId, String route) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(outputs.url() + "/v1/jobs/" + jobId + "/" + route))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofMinutes(1))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException(route + " of job " + jobId + ": HTTP " + r.statusCode() + " "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    @Override
    public Optional<Path> workspace(String jobId) {
        return Optional.of(settings.workspace(jobId));
    }

    @Override
    public void close() {
        outputs.close();
        operator.close();
        log.close();
    }

    /** The command the operator launches: the clean room's main in a JVM of its own, on this class path. */
    private static List<String> command(Path image) {
        // The clean room runs in its workspace: it shares this JVM's DJL cache (the PyTorch library
        // extracted once) instead of extracting it again there.
        String djlCache = System.getProperty(
                "DJL_CACHE_DIR", DjlRuntime.DEFAULT_CACHE_DIR.toAbsolutePath().toString());
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-DDJL_CACHE_DIR=" + Path.of(djlCache).toAbsolutePath(),
                "-DENGINE_CACHE_DIR="
                        + Path.of(System.getProperty("ENGINE_CACHE_DIR", djlCache))
                                .toAbsolutePath(),
                "-cp",
                System.getProperty("java.class.path"),
                CLEAN_ROOM_MAIN,
                image.toString(),
                OperatorSettings.CONFIG_PLACEHOLDER);
    }

    /** The clean room's image settings: this host's emulated chip (saved so the child attests with it). */
    private static Path image(Path ccrDir, SnpEmulator chip, SigningPayloads.Domain domain) throws IOException {
        Path chipFile = ccrDir.resolve("chip.properties");
        EmulatedChipFile.save(chip, chipFile);
        Path image = ccrDir.resolve("clean-room.properties");
        Files.writeString(
                image,
                "evidence=emulated\nevidence.emulated.chip=" + chipFile + "\nevidence.emulated.measurement="
                        + CovidCast.MEASUREMENT + "\nledger.channel=" + domain.channel() + "\nledger.chaincode="
                        + domain.chaincode() + "\nclock=system\n");
        return image;
    }
}
