package org.depa.ccr.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.dataset.DatasetKey;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.testing.World;

/**
 * The agent as its own process, over the embedded ledger a parent test set up in a directory, so
 * the parent can kill it with SIGKILL mid-run. Arguments: the test directory, the run id, and
 * "slow" (training waits to be killed) or "fast".
 */
public final class AgentProcess {
    static final String TRAINING_MARKER = "training-started";

    private AgentProcess() {}

    /** The client certificate the test registered {@code participantId} with (see AgentKillTest). */
    private static org.depa.ledger.client.LedgerIdentity client(Path dir, String mspId, String participantId)
            throws IOException {
        return new org.depa.ledger.client.LedgerIdentity(
                mspId, Files.readString(dir.resolve("clients").resolve(participantId + ".pem")));
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String runId = args[1];
        boolean slow = args[2].equals("slow");
        Clock clock = Clock.fixed(World.START.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        String chaincodeName = "depa";
        try (EmbeddedLedger ledger = EmbeddedLedger.builder()
                .directory(dir.resolve("ledger"))
                .clock(clock)
                .chaincodeName(chaincodeName)
                // This process's emulator is not the test's: the ledger trusts any development root.
                .trustAnyDevelopmentRoot()
                .open()) {
            TypedLedger ccr = new TypedLedger(ledger.connect(client(dir, "ConsumerMSP", "ccr")));
            Map<String, TypedLedger> owners = Map.of(
                    AgentWorld.ICMR, new TypedLedger(ledger.connect(client(dir, "ProviderMSP", "icmr"))),
                    AgentWorld.COWIN, new TypedLedger(ledger.connect(client(dir, "ProviderMSP", "cowin"))));
            Map<String, DatasetKey> keys = Map.of(
                    AgentWorld.ICMR, key(dir, AgentWorld.ICMR),
                    AgentWorld.COWIN, key(dir, AgentWorld.COWIN));
            KeySource release = AgentWorld.releasingKeys(owners::get, keys::get);
            Trainer joining = new AgentWorld.JoiningTrainer("0.75", 0);
            Trainer trainer = input -> {
                if (slow) {
                    try {
                        Files.createDirectories(input.workDir());
                        Files.writeString(dir.resolve(TRAINING_MARKER), runId);
                        Thread.sleep(120_000);
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return joining.train(input);
            };
            Agent agent = new Agent(
                    new Agent.Settings(
                            runId,
                            AgentWorld.CONTRACT,
                            "ccr",
                            new SigningPayloads.Domain(ledger.channel(), chaincodeName),
                            dir.resolve("work"),
                            dir.resolve("out"),
                            dir.resolve("model.json"),
                            clock),
                    ccr,
                    EvidenceSource.emulated(
                            SnpEmulator.create(SnpProduct.MILAN), HexFormat.of().parseHex(World.MEASUREMENT)),
                    release,
                    trainer,
                    System.out);
            Agent.Result r = agent.run();
            System.out.println("RECEIPT " + r.receipt().txId() + " resumed=" + r.resumed());
        }
    }

    private static DatasetKey key(Path dir, String datasetId) throws IOException {
        return DatasetKey.fromBase64(Files.readString(dir.resolve("keys").resolve(datasetId + ".key")));
    }
}
