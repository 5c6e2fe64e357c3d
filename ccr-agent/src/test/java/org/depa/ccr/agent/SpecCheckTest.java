package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.AgentWorld.JoiningTrainer;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The clean room's check of the opened spec: it must open the contract's signed commitment with
 * the salt it was given, and pass the shared validator against the contract's datasets and limits,
 * before any dataset key is asked for; otherwise the run fails naming the field.
 */
class SpecCheckTest {
    static final byte[] SALT = HexFormat.of().parseHex("5a".repeat(32));

    @TempDir
    Path dir;

    AgentWorld a;

    @BeforeEach
    void world() throws Exception {
        a = new AgentWorld(dir);
    }

    @AfterEach
    void close() {
        a.close();
    }

    /** The contract's terms as signed, with {@code commitment} in place of none. */
    ContractTerms termsCommittingTo(String commitment) {
        ContractTerms t = a.w.contract(AgentWorld.CONTRACT).terms();
        return new ContractTerms(
                t.contractId(),
                t.tdcId(),
                t.ccrProviderId(),
                t.purpose(),
                t.validFrom(),
                t.validUntil(),
                t.datasets(),
                t.allowedMeasurements(),
                t.payment(),
                t.revocation(),
                commitment);
    }

    SpecCheck check(String saltHex) {
        Agent.Settings s = a.settings("run-1", dir.resolve("work"));
        Agent.Settings salted = saltHex == null ? s : s.withModelSpecSalt(saltHex);
        return new SpecCheck(salted, new TypedLedger(a.ccr.client()));
    }

    @Nested
    class TheCommitment {
        final String commitment = ModelSpecCommitments.commit(SALT, AgentWorld.SPEC);

        @Test
        void theSpecItCommitsToOpensIt() {
            SpecCheck.Checked c = check(HexFormat.of().formatHex(SALT)).check(termsCommittingTo(commitment));
            assertThat(c.spec().hiddenLayers()).containsExactly(4);
            assertThat(c.limits().epsilon()).isEqualByComparingTo("1.5");
        }

        @Test
        void layoutDoesNotMatterTheCanonicalFormIsCommitted() throws Exception {
            Files.writeString(
                    a.modelSpec(), AgentWorld.SPEC.replace("\n", "\n\n   ").replace(": ", ":"));
            assertThatCode(() -> check(HexFormat.of().formatHex(SALT)).check(termsCommittingTo(commitment)))
                    .doesNotThrowAnyException();
        }

        @Test
        void anotherSpecDoesNotOpenIt() throws Exception {
            Files.writeString(a.modelSpec(), AgentWorld.SPEC.replace("[4]", "[5]"));
            assertThatThrownBy(() -> check(HexFormat.of().formatHex(SALT)).check(termsCommittingTo(commitment)))
                    .satisfies(e -> assertThat(((AgentException) e).stage()).isEqualTo(Stage.MODEL_SPEC))
                    .hasMessageContaining("do not match")
                    .hasMessageContaining("modelSpecCommitment");
        }

        @Test
        void aJobCommitmentOtherThanTheContractsIsRefused() {
            Agent.Settings s = a.settings("run-1", dir.resolve("work"))
                    .forJob("job-1", "ab".repeat(32))
                    .withModelSpecSalt(HexFormat.of().formatHex(SALT));
            assertThatThrownBy(() ->
                            new SpecCheck(s, new TypedLedger(a.ccr.client())).check(termsCommittingTo(commitment)))
                    .satisfies(e -> assertThat(((AgentException) e).stage()).isEqualTo(Stage.MODEL_SPEC))
                    .hasMessageContaining("job job-1's modelSpecCommitment");
        }

        @Test
        void anotherSaltDoesNotOpenIt() {
            assertThatThrownBy(() -> check("5b".repeat(32)).check(termsCommittingTo(commitment)))
                    .hasMessageContaining("do not match");
        }

        @Test
        void noSaltIsRefused() {
            assertThatThrownBy(() -> check(null).check(termsCommittingTo(commitment)))
                    .satisfies(e -> assertThat(((AgentException) e).stage()).isEqualTo(Stage.MODEL_SPEC))
                    .hasMessageContaining("no salt");
        }

        @Test
        void aSaltOfTheWrongLengthOrNotHexIsRefused() {
            assertThatThrownBy(() -> check("5a".repeat(31)).check(termsCommittingTo(commitment)))
                    .satisfies(e -> assertThat(((AgentException) e).stage()).isEqualTo(Stage.MODEL_SPEC))
                    .hasMessageContaining("salt");
            assertThatThrownBy(() -> check("zz".repeat(32)).check(termsCommittingTo(commitment)))
                    .hasMessageContaining("not hexadecimal");
        }

        @Test
        void aSaltForAContractThatCommitsToNothingIsRefused() {
            assertThatThrownBy(() -> check(HexFormat.of().formatHex(SALT)).check(termsCommittingTo(null)))
                    .satisfies(e -> assertThat(((AgentException) e).stage()).isEqualTo(Stage.MODEL_SPEC))
                    .hasMessageContaining("commits to no model spec");
        }

        @Test
        void aCommittedSpecTheValidatorRefusesIsStillRefused() throws Exception {
            String bad = AgentWorld.SPEC.replace("\"age\"", "\"weight\"");
            Files.writeString(a.modelSpec(), bad);
            String badCommitment = ModelSpecCommitments.commit(SALT, bad);
            assertThatThrownBy(() -> check(HexFormat.of().formatHex(SALT)).check(termsCommittingTo(badCommitment)))
                    .satisfies(e -> assertThat(((AgentException) e).stage()).isEqualTo(Stage.MODEL_SPEC))
                    .hasMessageContaining("features[0].column");
        }
    }

    /** Each row: a change to the world's honest spec, and the JSON path the failed run's reason names. */
    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"column\": \"age\"|\"column\": \"weight\"|features[0].column",
                "\"column\": \"result\"|\"column\": \"outcome\"|label.column",
                "\"column\": \"age\"|\"column\": \"mobile\"|features[0].column",
                "\"hiddenLayers\": [4]|\"hiddenLayers\": [{\"type\": \"conv2d\"}]|hiddenLayers[0]",
                "\"hiddenLayers\": [4]|\"hiddenLayers\": [4096, 4096, 4096]|hiddenLayers",
                "\"epochs\": 5|\"epochs\": 6|epochs",
                "\"seed\": 1|\"seed\": 1, \"dp\": {\"noiseMultiplier\": \"1.0\"}|dp.noiseMultiplier",
                "\"seed\": 1|\"seed\": 1, \"dropout\": 0.5|dropout",
                "\"activation\": \"relu\"|\"activation\": \"gelu\"|activation",
            })
    void aRefusedSpecFailsTheRunBeforeAnyKeyNamingTheField(String find, String replace, String field) throws Exception {
        String bad = AgentWorld.SPEC.replace(find, replace);
        assertThat(bad).isNotEqualTo(AgentWorld.SPEC);
        Files.writeString(a.modelSpec(), bad);
        AtomicInteger keys = new AtomicInteger();
        KeySource counting = (d, runId, ev, rk) -> {
            keys.incrementAndGet();
            return a.releasingKeys().obtain(d, runId, ev, rk);
        };
        JoiningTrainer trainer = new JoiningTrainer("1", 0);
        assertThatThrownBy(() ->
                        a.agent("run-1", dir.resolve("work"), counting, trainer).run())
                .satisfies(e -> assertThat(((AgentException) e).stage()).isEqualTo(Stage.MODEL_SPEC))
                .hasMessageContaining("model spec: " + field + ":");
        TrainingRun run = a.w.sroLedger().evaluate(Runs.GET, "run-1");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.reason()).contains(field);
        assertThat(keys).hasValue(0);
        assertThat(trainer.calls).hasValue(0);
    }

    @Test
    void theSpecsTighterDpAndTheCheckedSpecReachTheTrainer() throws Exception {
        Files.writeString(
                a.modelSpec(),
                AgentWorld.SPEC.replace(
                        "\"seed\": 1",
                        "\"seed\": 1, \"dp\": {\"maxGradNorm\": \"0.5\", \"noiseMultiplier\": \"2.5\"}"));
        JoiningTrainer trainer = new JoiningTrainer("1", 0);
        a.agent("run-1", dir.resolve("work"), a.releasingKeys(), trainer).run();
        assertThat(trainer.lastInput.privacy().maxGradNorm()).isEqualByComparingTo("0.5");
        assertThat(trainer.lastInput.privacy().noiseMultiplier()).isEqualByComparingTo("2.5");
        assertThat(trainer.lastInput.privacy().epsilon()).isEqualByComparingTo("1.5");
        assertThat(trainer.lastInput.spec().dp().maxGradNorm()).isEqualByComparingTo("0.5");
    }
}
