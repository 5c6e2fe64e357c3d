package org.depa.demo;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.ccr.agent.Agent;
import org.depa.ccr.agent.BridgeKeySource;
import org.depa.ccr.agent.DpTrainer;
import org.depa.ccr.agent.EvidenceSource;
import org.depa.demo.party.Consortium;
import org.depa.demo.party.Party;
import org.depa.kms.protocol.KeyReleaseClient;
import org.depa.ledger.model.domain.TrainingReceipt;

/**
 * The clean-room agent run in the demo's JVM, outside any job: what the scenario does over a
 * deployment, whose own operator follows the CCR provider's jobs (see {@link CovidScenario}).
 */
final class InJvmTraining {
    private InJvmTraining() {}

    static Agent.Result train(
            CovidCast cast,
            Party ccr,
            Consortium consortium,
            Path dir,
            Path modelSpec,
            SnpEmulator chip,
            Console console) {
        console.step(
                "8. The clean-room agent runs: it checks the contract itself, attests (SEV-SNP EMULATED: development"
                        + " switch on), starts the run, gets each key from its TDP's bridge, checks and decrypts the data,"
                        + " joins, trains with DP-SGD, seals the model to the TDC and submits the signed receipt");
        Agent agent = new Agent(
                new Agent.Settings(
                        cast.runId(),
                        cast.contractId(),
                        ccr.id(),
                        consortium.domain(),
                        dir.resolve("ccr").resolve("work"),
                        dir.resolve("to-tdc"),
                        modelSpec,
                        Clock.systemUTC()),
                ccr.ledger(),
                EvidenceSource.emulated(chip, HexFormat.of().parseHex(CovidCast.MEASUREMENT)),
                new BridgeKeySource(KeyReleaseClient.create()),
                new DpTrainer(console.stream()),
                console.stream());
        Agent.Result result = agent.run();
        TrainingReceipt receipt = result.receipt();
        console.line(
                "receipt of %s recorded in tx %s...: epsilon %s spent per dataset, model sha256 %s...",
                receipt.body().runId(),
                receipt.txId().substring(0, 12),
                result.epsilonSpent().toPlainString(),
                receipt.body().modelSha256().substring(0, 16));
        return result;
    }
}
