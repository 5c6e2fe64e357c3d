package org.depa.kms.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.Verdict;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.ChallengeRequest;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.ReleaseClaims;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Server-side release latency against the bare cryptographic work, timed in the same run and interleaved so both
 * see the same JIT and machine state:
 *
 * <ul>
 *   <li>bare: the SEV-SNP report and chain verification plus the JWE seal (the key store's wrap), nothing else;
 *   <li>server excluding commit: the bridge's release path (nonce, request parsing, ledger reads, verification,
 *       seal) without the runs:recordKeyRelease submission;
 *   <li>commit: the submission alone (endorse and commit on the embedded ledger);
 *   <li>full: the whole {@link KeyReleaseService#release}, commit included.
 * </ul>
 *
 * Run: {@code mvn -pl kms-bridge-core -am verify -Ddepa.bench=true -Dtest=ReleaseLatencyBench
 * -Dsurefire.failIfNoSpecifiedTests=false}; figures go to stdout and kms-bridge-core/target/release-latency.txt.
 */
@EnabledIfSystemProperty(named = "depa.bench", matches = "true")
class ReleaseLatencyBench {
    private static final int WARMUP = Integer.getInteger("depa.bench.warmup", 300);
    private static final int ITERATIONS = Integer.getInteger("depa.bench.iterations", 1000);

    @Test
    void releaseLatency() throws Exception {
        Scenario s = TestWorld.SCENARIO;
        String contractId = TestWorld.next("bench");
        s.active(contractId, "0.1");
        String run = TestWorld.next("bench-run");
        s.startRun(contractId, run);
        SnpVerifier verifier = SnpVerifier.create(
                VerifierOptions.defaults().withDevelopmentRoot(SnpProduct.MILAN, EmulatedCcr.CHIP.ark()));
        NonceStore nonces = NonceStore.create(
                Clock.systemUTC(), Duration.ofMinutes(10), new NonceStore.Quotas(100_000, 100_000, 100_000));
        KeyReleaseService service = new KeyReleaseService(
                s.icmr.client(), "icmr", verifier, VerificationPolicy.defaults(), nonces, TestWorld.KEYS, false);
        EmulatedCcr ccr = EmulatedCcr.trusted();

        long[] bare = new long[ITERATIONS];
        long[] serverNoCommit = new long[ITERATIONS];
        long[] commit = new long[ITERATIONS];
        long[] full = new long[ITERATIONS];
        for (int i = -WARMUP; i < ITERATIONS; i++) {
            // Requests are made (and reports signed by the emulated chip) outside the timed sections.
            ReleaseRequest a = request(ccr, service, run);
            ReleaseRequest b = request(ccr, service, run);

            long t0 = System.nanoTime();
            KeyReleaseService.Checked checked = service.prepare(a);
            Verdict verdict = service.verify(checked);
            long t1 = System.nanoTime();
            KeyReleaseRecord record = service.commit(checked, verdict);
            long t2 = System.nanoTime();
            String jwe = service.seal(checked);
            long t3 = System.nanoTime();

            // Bare work on the same inputs: verification plus the wrap, nothing of the bridge around them.
            long b0 = System.nanoTime();
            Verdict bareVerdict = verifier.verify(checked.report(), checked.chain(), checked.policy());
            String bareJwe = TestWorld.KEYS.seal(
                    checked.keyId(),
                    checked.recipient(),
                    new ReleaseClaims(checked.datasetId(), checked.runId(), checked.keyId()));
            long b1 = System.nanoTime();

            long f0 = System.nanoTime();
            service.release(b);
            long f1 = System.nanoTime();

            assertThat(bareVerdict.accepted()).isTrue();
            assertThat(jwe).isNotEmpty();
            assertThat(bareJwe).isNotEmpty();
            if (i >= 0) {
                serverNoCommit[i] = (t1 - t0) + (t3 - t2);
                commit[i] = t2 - t1;
                bare[i] = b1 - b0;
                full[i] = f1 - f0;
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT, "kms-bridge release latency, %d iterations after %d warm-up, ms:", ITERATIONS, WARMUP));
        lines.add(row("bare crypto (verify + seal)", bare));
        lines.add(row("server-side excl. commit", serverNoCommit));
        lines.add(row("ledger commit alone", commit));
        lines.add(row("server-side incl. commit", full));
        lines.add(String.format(
                Locale.ROOT,
                "ratio server-side excl. commit / bare: p50 %.2fx, p99 %.2fx",
                pct(serverNoCommit, 50) / pct(bare, 50),
                pct(serverNoCommit, 99) / pct(bare, 99)));
        lines.forEach(System.out::println);
        Files.write(Path.of("target", "release-latency.txt"), lines);
    }

    private static ReleaseRequest request(EmulatedCcr ccr, KeyReleaseService service, String run) throws Exception {
        Challenge c = service.challenge(new ChallengeRequest(run), "127.0.0.1");
        return ccr.request(run, Scenario.ICMR_DATA, c, EphemeralKey.generate());
    }

    private static String row(String name, long[] nanos) {
        return String.format(
                Locale.ROOT,
                "  %-30s p50 %7.3f  p99 %7.3f  mean %7.3f",
                name,
                pct(nanos, 50),
                pct(nanos, 99),
                Arrays.stream(nanos).average().orElse(0) / 1e6);
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
