package org.depa.bench;

import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.fabric.FabricSigners;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The signature a Fabric client makes three times per transaction (proposal, transaction, commit
 * status request), with the same P-256 key read from PEM as {@code FabricLedger} reads it: the
 * Fabric Gateway SDK's own signer (the baseline) against {@link FabricSigners}. Run by
 * scripts/bench-client-signer.sh; the ratio of the two is what docs/performance.md quotes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ClientSignerBenchmark {
    @State(Scope.Benchmark)
    public static class Keys {
        Signer sdk;
        Signer ours;
        byte[] digest;

        @Setup
        public void setUp() throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            PrivateKey key = Identities.readPrivateKey(
                    Identities.toPemString(g.generateKeyPair().getPrivate()));
            sdk = Signers.newPrivateKeySigner(key);
            ours = FabricSigners.forKey(key);
            digest = MessageDigest.getInstance("SHA-256")
                    .digest("a proposal".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    public byte[] sdkSigner(Keys k) throws Exception {
        return k.sdk.sign(k.digest);
    }

    @Benchmark
    public byte[] fabricSigners(Keys k) throws Exception {
        return k.ours.sign(k.digest);
    }
}
