package org.depa.audit.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.report.AuditReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/performance.md's audit figures: the honest fixture audited round after round (about
 * 10,000 transactions in all), against the bare cost of the same number of ECDSA P-256
 * verifications of the same size, measured in the same JVM right after.
 *
 * <pre>mvn -pl auditor -am verify -Dtest=AuditThroughputTest -Ddepa.bench=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@EnabledIfSystemProperty(named = "depa.bench", matches = "true")
class AuditThroughputTest {
    @TempDir
    Path dir;

    @Test
    void auditThroughputAgainstBareSignatureVerification() throws Exception {
        Path bundle = Audits.copyFixture(dir.resolve("bundle"));
        Bundle b = Bundle.read(bundle);
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        for (int i = 0; i < 50; i++) { // warm-up
            audit(b, quiet, i);
        }
        int rounds = Integer.getInteger("depa.bench.rounds", 1112); // 9 transactions per round
        long v0 = Signatures.VERIFICATIONS.sum();
        Runtime rt = Runtime.getRuntime();
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            audit(b, quiet, 1000 + i);
        }
        double auditSeconds = (System.nanoTime() - t0) / 1e9;
        long verifications = Signatures.VERIFICATIONS.sum() - v0;
        long usedMb = (rt.totalMemory() - rt.freeMemory()) >> 20;

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair k = g.generateKeyPair();
        byte[] data = new byte[3000];
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(k.getPrivate());
        s.update(data);
        byte[] sig = s.sign();
        for (int i = 0; i < 2000; i++) {
            verify(k, data, sig);
        }
        long t1 = System.nanoTime();
        for (long i = 0; i < verifications; i++) {
            verify(k, data, sig);
        }
        double bareSeconds = (System.nanoTime() - t1) / 1e9;
        long txs = 9L * rounds;
        System.out.printf(
                Locale.ROOT,
                "audit: %d rounds, %d transactions (%d blocks) in %.2f s = %.0f tx/s; %d signature verifications;"
                        + " bare verifications %.2f s; verification share %.0f %%; heap in use %d MB%n",
                rounds,
                txs,
                10L * rounds,
                auditSeconds,
                txs / auditSeconds,
                verifications,
                bareSeconds,
                100 * bareSeconds / auditSeconds,
                usedMb);
        assertThat(verifications).isPositive();
    }

    private static void audit(Bundle b, PrintStream quiet, int i) {
        AuditReport r = new AuditReport(b.root().resolve("out-" + (i % 2)), "bench");
        try (r) {
            FabricAudit.run(b, new FabricAudit.Options(null, null, false), r, quiet);
        }
        assertThat(r.failures()).isEmpty();
    }

    private static void verify(KeyPair k, byte[] data, byte[] sig) throws Exception {
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(k.getPublic());
        v.update(data);
        if (!v.verify(sig)) {
            throw new IllegalStateException("bare verification failed");
        }
    }
}
