package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.testkit.CredentialSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same transactions, from the same identities, at the same times, with the same transaction
 * nonces, give the same bytes: every response and the whole ledger file. This is what lets several
 * Fabric peers endorse one proposal identically (the chaincode reads no clock, randomness or map
 * order of its own; ECDSA in LocalSigner is RFC 6979, Ed25519 is deterministic by design).
 */
class DeterminismTest {

    /** A fixed nonce sequence: 16 bytes of (seed, counter). */
    private static Supplier<byte[]> nonces(long seed) {
        long[] counter = {0};
        return () -> ByteBuffer.allocate(16).putLong(seed).putLong(++counter[0]).array();
    }

    /** Runs the whole lifecycle, refusals included, and returns every response in order. */
    private static List<String> script(World w) {
        List<String> transcript = new ArrayList<>();
        Scenario s = new Scenario(w);
        Party ed = w.onboard("ed-tdp", org.depa.ledger.model.domain.Role.TDP, "EdMSP", SignatureAlgorithm.ED25519);
        w.registerDataset(ed, "ed-data", "10");
        record(transcript, w, () -> s.draft("c1", "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA, "ed-data"));
        w.clock.advance(Duration.ofMinutes(5));
        record(transcript, w, () -> s.signAll("c1"));
        record(transcript, w, () -> w.sign(s.tdc, "c1"));
        record(transcript, w, () -> w.activate(s.tdc, "c1"));
        w.clock.advance(Duration.ofHours(1));
        record(transcript, w, () -> s.startRun("c1", "r1"));
        record(transcript, w, () -> {
            s.releaseAll("c1", "r1");
            return w.sroLedger().evaluate(Runs.KEY_RELEASES, "r1");
        });
        record(transcript, w, () -> s.submit(s.receipt(s.body("c1", "r1", "1.25"))));
        Party relay = w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
        record(transcript, w, () -> relay.ledger()
                .submit(
                        Payments.SETTLE,
                        new SettlePaymentRequest("c1.icmr", "relay", 31337L, "0x" + "ef".repeat(32), 7L)));
        record(transcript, w, () -> s.draft("c2", "2", Scenario.ICMR_DATA));
        record(transcript, w, () -> s.tdc.ledger()
                .submit(Contracts.REVOKE, new ContractActionRequest("c2", "tdc", "budget review")));
        record(transcript, w, () -> w.sroLedger().evaluate(Datasets.GET_BUDGET, Scenario.ICMR_DATA));
        try (LedgerClient.EventStream events = w.sro.events(1)) {
            for (long i = 0; i < w.ledger.height(); i++) {
                LedgerEventRecord e = events.next();
                transcript.add(e.blockNumber() + " " + e.txId() + " " + e.name() + " "
                        + new String(e.payload(), StandardCharsets.UTF_8));
            }
        }
        return transcript;
    }

    private static void record(List<String> transcript, World w, Supplier<Object> call) {
        try {
            transcript.add(World.json(call.get()));
        } catch (LedgerException e) {
            transcript.add(e.stage() + " " + e.code() + " " + e.getMessage() + " " + e.txId());
        }
        transcript.add("height " + w.ledger.height());
    }

    private static List<String> run(Path dir, CredentialSource keys, long nonceSeed) {
        try (World w = new World(EmbeddedLedger.builder().directory(dir).nonces(nonces(nonceSeed)), keys)) {
            return script(w);
        }
    }

    @Test
    void twoLedgersGiveTheSameResponsesAndTheSameFileByteForByte(@TempDir Path a, @TempDir Path b) throws IOException {
        CredentialSource sameCredentials = CredentialSource.memo();
        List<String> first = run(a, sameCredentials, 7);
        List<String> second = run(b, sameCredentials, 7);

        assertThat(first).anyMatch(line -> line.contains("SIGNATURE_REPLAYED"));
        assertThat(second).isEqualTo(first);
        byte[] fileA = Files.readAllBytes(a.resolve("ledger.jsonl"));
        byte[] fileB = Files.readAllBytes(b.resolve("ledger.jsonl"));
        assertThat(fileA).isNotEmpty();
        assertThat(fileB).isEqualTo(fileA);
    }

    @Test
    void theComparisonNoticesADifferentNonceSequence(@TempDir Path a, @TempDir Path b) throws IOException {
        CredentialSource sameCredentials = CredentialSource.memo();
        List<String> first = run(a, sameCredentials, 7);
        List<String> other = run(b, sameCredentials, 8);
        assertThat(other).isNotEqualTo(first);
        assertThat(Files.readAllBytes(b.resolve("ledger.jsonl")))
                .isNotEqualTo(Files.readAllBytes(a.resolve("ledger.jsonl")));
    }
}
