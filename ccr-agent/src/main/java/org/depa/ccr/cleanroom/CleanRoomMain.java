package org.depa.ccr.cleanroom;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.depa.ccr.agent.AgentException;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.relay.RelayLedgerClient;

/**
 * The clean room the CCR provider's operator launches for a job:
 * {@code CleanRoomMain <agent settings (ImageConfig)> <clean-room.json (LaunchConfig)>}.
 *
 * <p>Logs to {@code agent.log} in the job's workspace; prints one line per outcome. On giving up it
 * writes one line to {@code failure.txt} ("STAGE: what failed"; the operator puts it on the ledger as
 * the job's failure reason, so it names fields and ids, never data, keys or the spec) and exits 3;
 * 2 when its own settings or clean-room.json are wrong; 0 when every run has its receipt.
 */
public final class CleanRoomMain {
    static final String FAILURE_FILE = "failure.txt";
    static final String LOG_FILE = "agent.log";

    private CleanRoomMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        if (args.length != 2) {
            out.println("usage: CleanRoomMain AGENT_SETTINGS CLEAN_ROOM_JSON");
            return 2;
        }
        Path configFile = Path.of(args[1]).toAbsolutePath();
        Path workspace = configFile.getParent();
        LaunchConfig config;
        ImageConfig image;
        try {
            config = LaunchConfig.read(configFile);
            image = ImageConfig.read(Path.of(args[0]));
            workspace = config.workspace();
        } catch (CleanRoomException e) {
            return fail(workspace, out, e.stage().name(), e.getMessage(), 2);
        }
        try (PrintStream log = openLog(workspace)) {
            try {
                TypedLedger ledger = new TypedLedger(new RelayLedgerClient(
                        java.net.URI.create(config.ledgerRelayUrl()),
                        config.ledgerRelayToken(),
                        new LedgerIdentity(config.ledgerIdentityMspId(), config.ledgerIdentityCertificatePem())));
                List<OutputsFile.RunOutput> done = new CleanRoom(config, image, ledger, log).run();
                out.println("clean room: job " + config.jobId() + " done, " + done.size() + " receipt(s)");
                return 0;
            } catch (AgentException e) {
                // The agent's message already begins with its stage.
                String m = e.getMessage();
                String prefix = e.stage().name() + ": ";
                return failLogged(
                        workspace,
                        out,
                        log,
                        e.stage().name(),
                        m.startsWith(prefix) ? m.substring(prefix.length()) : m,
                        e);
            } catch (CleanRoomException e) {
                return failLogged(workspace, out, log, e.stage().name(), e.getMessage(), e);
            } catch (LedgerException e) {
                return failLogged(workspace, out, log, "LEDGER", e.code() + " " + e.getMessage(), e);
            } catch (RuntimeException e) {
                return failLogged(
                        workspace, out, log, "INTERNAL", e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            return fail(workspace, out, "OUTPUT", "cannot open " + LOG_FILE + ": " + e.getMessage(), 3);
        }
    }

    private static PrintStream openLog(Path workspace) throws IOException {
        OutputStream s = Files.newOutputStream(
                workspace.resolve(LOG_FILE), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new PrintStream(s, true, StandardCharsets.UTF_8);
    }

    private static int failLogged(
            Path ws, PrintStream out, PrintStream log, String stage, String message, Exception e) {
        log.println("clean room: FAILED " + stage + ": " + message);
        // The stack trace goes to the workspace's log only, for the CCR provider's engineers.
        e.printStackTrace(log);
        return fail(ws, out, stage, message, 3);
    }

    private static int fail(Path workspace, PrintStream out, String stage, String message, int code) {
        String line = stage + ": "
                + (message == null ? "" : message.replace('\n', ' ').strip());
        out.println("clean room: FAILED " + line);
        try {
            Files.writeString(workspace.resolve(FAILURE_FILE), line + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println("clean room: failure.txt not written: " + e.getMessage());
        }
        return code;
    }
}
