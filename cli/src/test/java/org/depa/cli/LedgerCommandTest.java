package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `depa ledger verify` and `depa ledger repair` on a ledger directory someone has damaged. */
class LedgerCommandTest {
    @TempDir
    Path dir;

    private void twoBlocks() {
        Instant now = Instant.now();
        Credentials sro = Credentials.generate(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                "sro",
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(1)));
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().directory(dir).open()) {
            TypedLedger l = new TypedLedger(ledger.connect(new LedgerIdentity("SROMSP", sro.certificatePem())));
            l.submit(Participants.PUBLISH_AGREEMENT, new PublishAgreementRequest("v1", "ab".repeat(32)));
            l.submit(Participants.PUBLISH_AGREEMENT, new PublishAgreementRequest("v2", "cd".repeat(32)));
        }
    }

    @Test
    void verifyRepairVerify() throws Exception {
        twoBlocks();
        DatasetCommandTest.Outcome sound = DatasetCommandTest.run("ledger", "verify", "--dir", dir.toString());
        assertThat(sound.status()).as(sound.err()).isZero();
        assertThat(sound.json().get("blocks").asLong()).isEqualTo(2);

        Files.writeString(
                dir.resolve("ledger.jsonl"), "{\"block\":3,\"creatorMsp\":\"ForgedMSP\"}\n", StandardOpenOption.APPEND);
        DatasetCommandTest.Outcome damaged = DatasetCommandTest.run("ledger", "verify", "--dir", dir.toString());
        assertThat(damaged.status()).isEqualTo(1);
        assertThat(damaged.json().get("sound").asBoolean()).isFalse();
        assertThat(damaged.json().get("problem").asText()).contains("line 3");
        assertThat(damaged.err()).isEmpty();

        DatasetCommandTest.Outcome repaired = DatasetCommandTest.run("ledger", "repair", "--dir", dir.toString());
        assertThat(repaired.status()).as(repaired.err()).isZero();
        Path moved = Path.of(repaired.json().get("movedTo").asText());
        assertThat(moved.getFileName().toString()).startsWith("ledger.jsonl.damaged-");
        assertThat(Files.readString(moved, StandardCharsets.UTF_8)).contains("ForgedMSP");
        assertThat(repaired.json().get("blocks").asLong()).isEqualTo(2);

        assertThat(DatasetCommandTest.run("ledger", "verify", "--dir", dir.toString())
                        .status())
                .isZero();
    }

    @Test
    void aDirectoryWithoutALedgerIsAUsageError() {
        DatasetCommandTest.Outcome o = DatasetCommandTest.run(
                "ledger", "verify", "--dir", dir.resolve("nothing").toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("not a ledger directory").doesNotContain("Exception");
    }

    @Test
    void aLedgerHeldByARunningLedgerIsNamedNotTouched() {
        twoBlocks();
        try (EmbeddedLedger held = EmbeddedLedger.builder().directory(dir).open()) {
            DatasetCommandTest.Outcome o = DatasetCommandTest.run("ledger", "repair", "--dir", dir.toString());
            assertThat(o.status()).isEqualTo(1);
            assertThat(o.err()).contains("already open").doesNotContain("Exception");
            assertThat(held.height()).isEqualTo(2);
        }
    }
}
