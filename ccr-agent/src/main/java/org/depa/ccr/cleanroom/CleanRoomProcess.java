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
import org.depa.ccr.agent.FailureKind;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.relay.CleanRoomExit;
import org.depa.ledger.client.relay.RelayLedgerClient;

/**
 * The clean room the CCR provider's operator launches for a job (its entry point is
 * {@code org.depa.ccr.agent.CleanRoomMain}): {@code [agent settings (ImageConfig)] clean-room.json
 * (LaunchConfig)}. Without the first argument the settings are the image's file: the system property
 * {@value #SETTINGS_PROPERTY}, else {@value #DEFAULT_SETTINGS}.
 *
 * <p>Logs to {@code agent.log} in the job's workspace; prints one line per outcome. On giving up it
 * writes one line to {@code failure.txt} ("STAGE: what failed"; the operator puts it on the ledger as
 * the job's failure reason, so it names fields and ids, never data, keys or the spec) and exits with
 * the {@link CleanRoomExit} that says whether a relaunch could change it: 4 permanent (the operator
 * fails the job at once), 3 transient (relaunched, resuming from the journal); 2 when its own
 * settings or clean-room.json are wrong; 0 when every run has its receipt.
 */
public final class CleanRoomProcess {
    static final String FAILURE_FILE = "failure.txt";
    static final String LOG_FILE = "agent.log";
    public static final String SETTINGS_PROPERTY = "depa.agent.settings";
    public static final String DEFAULT_SETTINGS = "/etc/depa/agent.properties";

    private CleanRoomProcess() {}

    /** Runs one launch; the exit code is a {@link CleanRoomExit}'s (failure.txt on any failure). */
    public static int run(String[] args, PrintStream out) {
        if (args.length != 1 && args.length != 2) {
            out.println("usage: CleanRoomMain [AGENT_SETTINGS] CLEAN_ROOM_JSON");
            return 2;
        }
        String settingsFile = args.length == 2 ? args[0] : System.getProperty(SETTINGS_PROPERTY, DEFAULT_SETTINGS);
        Path configFile = Path.of(args[args.length - 1]).toAbsolutePath();
        Path workspace = configFile.getParent();
        LaunchConfig config;
        ImageConfig image;
        try {
            config = LaunchConfig.read(configFile);
            image = ImageConfig.read(Path.of(settingsFile));
            workspace = config.workspace();
        } catch (CleanRoomException e) {
            return fail(workspace, out, e.stage().name(), e.getMessage(), CleanRoomExit.BAD_CONFIG);
        }
        try (PrintStream log = openLog(workspace)) {
            try {
                TypedLedger ledger = new TypedLedger(new RelayLedgerClient(
                        java.net.URI.create(config.ledgerRelayUrl()),
                        config.ledgerRelayToken(),
                        new LedgerIdentity(config.ledgerIdentityMspId(), config.ledgerIdentityCertificatePem())));
                List<OutputsFile.RunOutput> done = new CleanRoom(config, image, ledger, log).run();
                out.println("clean room: job " + config.jobId() + " done, " + done.size() + " receipt(s)");
                return CleanRoomExit.DONE.code();
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
            return fail(
                    workspace,
                    out,
                    "OUTPUT",
                    "cannot open " + LOG_FILE + ": " + e.getMessage(),
                    CleanRoomExit.TRANSIENT);
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
        CleanRoomExit exit = exitFor(e);
        log.println("clean room: this failure is " + (exit.permanent() ? "permanent" : "transient"));
        return fail(ws, out, stage, message, exit);
    }

    /**
     * Whether a relaunch could change this failure: the agent's by {@link FailureKind}; the launch's own
     * by its stage (the job differing from clean-room.json, or its spec unreadable, sealed for another
     * commitment or in clear, are permanent; its output directory is not), unless something was out of
     * reach; anything else (a ledger refusal outside a run, an unexpected error) is transient.
     */
    static CleanRoomExit exitFor(Exception e) {
        boolean permanent = false;
        if (e instanceof AgentException a) {
            permanent = FailureKind.of(a) == FailureKind.PERMANENT;
        } else if (e instanceof CleanRoomException c) {
            permanent = c.stage() != CleanRoomException.Stage.OUTPUT && !FailureKind.outOfReach(c);
        }
        return permanent ? CleanRoomExit.PERMANENT : CleanRoomExit.TRANSIENT;
    }

    private static int fail(Path workspace, PrintStream out, String stage, String message, CleanRoomExit exit) {
        int code = exit.code();
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
