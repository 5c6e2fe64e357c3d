package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalOpenerTest {
    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);

    Agent.Settings settings(String runId) {
        return new Agent.Settings(
                runId,
                "c-1",
                "ccr",
                new SigningPayloads.Domain("ch", "cc"),
                dir.resolve("work"),
                dir.resolve("out"),
                dir.resolve("model.json"),
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void beginsARunWithAFreshKeyThenReopensItWithTheSameKey() {
        JournalOpener.Opened first = new JournalOpener(settings("run-1"), log).openOrBegin();
        assertThat(first.resumed()).isFalse();
        assertThat(first.journal().step()).isEqualTo(Step.NEW);
        assertThat(first.journal().state().runKeyPem()).contains("PRIVATE KEY");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("resuming");

        JournalOpener.Opened again = new JournalOpener(settings("run-1"), log).openOrBegin();
        assertThat(again.resumed()).isTrue();
        assertThat(again.journal().state()).isEqualTo(first.journal().state());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ccr-agent: resuming run run-1 after step NEW");
    }

    @Test
    void refusesTheJournalOfAnotherRun() {
        new JournalOpener(settings("run-1"), log).openOrBegin();
        assertThatThrownBy(() -> new JournalOpener(settings("run-2"), log).openOrBegin())
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("belongs to run 'run-1' of contract 'c-1'; use another work directory");
    }

    /**
     * The file as the agent before the step classes wrote it (Jackson over the State record, these
     * names in this order): it opens, and the next write keeps the format byte for byte.
     */
    @Test
    void aJournalOfTheEarlierAgentOpensAndKeepsItsFormat() throws Exception {
        String earlier =
                "{\"runId\":\"run-1\",\"contractId\":\"c-1\",\"runKeyPem\":\"-----BEGIN PRIVATE KEY-----\\nk\\n"
                        + "-----END PRIVATE KEY-----\\n\",\"runPublicKeyPem\":\"-----BEGIN PUBLIC KEY-----\\np\\n"
                        + "-----END PUBLIC KEY-----\\n\",\"startReportSha256\":\"" + "ab".repeat(32)
                        + "\",\"step\":\"TRAINED\",\"modelSha256\":null,\"failure\":null}";
        Files.createDirectories(dir.resolve("work"));
        Files.writeString(dir.resolve("work").resolve(RunJournal.FILE), earlier);

        JournalOpener.Opened opened = new JournalOpener(settings("run-1"), log).openOrBegin();
        assertThat(opened.resumed()).isTrue();
        assertThat(opened.journal().step()).isEqualTo(Step.TRAINED);
        assertThat(opened.journal().state().startReportSha256()).isEqualTo("ab".repeat(32));

        opened.journal()
                .update(opened.journal()
                        .state()
                        .withModelSha256("cd".repeat(32))
                        .withStep(Step.SEALED));
        assertThat(Files.readString(dir.resolve("work").resolve(RunJournal.FILE)))
                .isEqualTo(earlier.replace("\"TRAINED\"", "\"SEALED\"")
                        .replace("\"modelSha256\":null", "\"modelSha256\":\"" + "cd".repeat(32) + "\""));
    }
}
