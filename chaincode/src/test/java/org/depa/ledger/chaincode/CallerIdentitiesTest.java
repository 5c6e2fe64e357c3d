package org.depa.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractRuntimeException;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;

/**
 * The creator's identity read once per exact creator bytes ({@link CallerIdentities}) must be what
 * Fabric's own {@code Context} reads for every transaction: MSP id, id, certificate, attributes and
 * the client key, for every creator, including one whose certificate is another's under another MSP.
 */
class CallerIdentitiesTest {
    private static final ChaincodeSettings SETTINGS = new ChaincodeSettings("SROMSP", "depa");

    @Test
    void theContextSeesWhatFabricsOwnIdentityReads() throws Exception {
        List<byte[]> creators = new ArrayList<>();
        Instant now = Instant.parse("2026-12-05T10:00:00Z");
        for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
            String pem = Credentials.generate(alg, "client-" + alg, now, now.plusSeconds(86_400))
                    .certificatePem();
            creators.add(creator("ConsumerMSP", pem));
            // The same certificate under another organisation: a different caller, never the first one's.
            creators.add(creator("ProviderMSP", pem));
        }
        creators.add(creator(
                "ConsumerMSP", withFabricAttributes("{\"attrs\":{\"hf.EnrollmentID\":\"alice\",\"role\":\"tdc\"}}")));
        creators.add(creator("ConsumerMSP", withFabricAttributes("{\"attrs\":{}}")));
        Random random = new Random(14);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < creators.size(); i++) {
                byte[] creator = creators.get(random.nextInt(creators.size()));
                ChaincodeStub stub = stub(creator);
                DepaContext ctx = DepaContext.of(stub, SETTINGS);
                ClientIdentity fabric = new ClientIdentity(stub(creator));
                ClientIdentity ours = ctx.getClientIdentity();
                assertThat(ctx.getStub()).as("the transaction's own stub").isSameAs(stub);
                assertThat(ours.getMSPID()).isEqualTo(fabric.getMSPID());
                assertThat(ctx.callerMsp()).isEqualTo(fabric.getMSPID());
                assertThat(ours.getId()).isEqualTo(fabric.getId());
                assertThat(ours.getX509Certificate().getEncoded())
                        .isEqualTo(fabric.getX509Certificate().getEncoded());
                for (String attribute : List.of("hf.EnrollmentID", "role", "nosuch")) {
                    assertThat(ours.getAttributeValue(attribute)).isEqualTo(fabric.getAttributeValue(attribute));
                }
                assertThat(ctx.callerClientKeySha256())
                        .isEqualTo(Hashes.sha256Hex(
                                fabric.getX509Certificate().getPublicKey().getEncoded()));
            }
        }
    }

    @Test
    void theSameBytesGiveTheSameIdentityAndAChangedArrayChangesNothing() {
        String pem = Credentials.generate(SignatureAlgorithm.ED25519, "x", Instant.EPOCH, Instant.EPOCH.plusSeconds(60))
                .certificatePem();
        byte[] creator = creator("ConsumerMSP", pem);
        ClientIdentity first = DepaContext.of(stub(creator), SETTINGS).getClientIdentity();
        assertThat(DepaContext.of(stub(creator.clone()), SETTINGS).getClientIdentity())
                .as("read once per exact bytes")
                .isSameAs(first);
        byte[] other = creator("SROMSP", pem);
        // A stub that hands out its own array and changes it afterwards cannot change what is kept.
        ChaincodeStub sharing = sharedArrayStub(other);
        DepaContext sro = DepaContext.of(sharing, SETTINGS);
        java.util.Arrays.fill(other, (byte) 0);
        assertThat(sro.callerMsp()).isEqualTo("SROMSP");
        byte[] zeros = new byte[other.length];
        assertThatThrownBy(() -> DepaContext.of(stub(zeros), SETTINGS))
                .as("the kept key is a copy: the zeroed array names no one")
                .hasMessage("Could not create new client identity");
        assertThat(DepaContext.of(stub(creator("SROMSP", pem)), SETTINGS).callerMsp())
                .isEqualTo("SROMSP");
        assertThat(DepaContext.of(stub(creator), SETTINGS).callerMsp()).isEqualTo("ConsumerMSP");
    }

    @Test
    void aCreatorThatDoesNotParseFailsAsInFabricEveryTime() throws Exception {
        byte[] garbage = "not a serialized identity".getBytes(StandardCharsets.UTF_8);
        byte[] noCertificate = creator("ConsumerMSP", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        byte[] badAttributes = creator("ConsumerMSP", withFabricAttributes("{\"attrs\": not json"));
        for (byte[] creator : List.of(garbage, noCertificate, garbage, noCertificate)) {
            assertThatThrownBy(() -> DepaContext.of(stub(creator), SETTINGS))
                    .isInstanceOf(ContractRuntimeException.class)
                    .hasMessage("Could not create new client identity");
        }
        // Whatever Fabric's own Context makes of each creator, ours makes the same, every time.
        for (byte[] creator : List.of(garbage, noCertificate, badAttributes, garbage, noCertificate, badAttributes)) {
            assertThat(outcome(() -> DepaContext.of(stub(creator), SETTINGS)
                            .getClientIdentity()
                            .getId()))
                    .isEqualTo(outcome(
                            () -> new Context(stub(creator)).getClientIdentity().getId()));
        }
    }

    /** The value, or the failure's class and message. */
    private static String outcome(java.util.function.Supplier<String> read) {
        try {
            return "value " + read.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Test
    void moreCreatorsThanTheCacheHoldsAreStillEachTheirOwn() {
        String pem = Credentials.generate(
                        SignatureAlgorithm.ED25519, "many", Instant.EPOCH, Instant.EPOCH.plusSeconds(60))
                .certificatePem();
        for (int i = 0; i < CallerIdentities.CAPACITY + 50; i++) {
            assertThat(DepaContext.of(stub(creator("Org" + i + "MSP", pem)), SETTINGS)
                            .callerMsp())
                    .isEqualTo("Org" + i + "MSP");
        }
        assertThat(DepaContext.of(stub(creator("Org0MSP", pem)), SETTINGS).callerMsp())
                .isEqualTo("Org0MSP");
    }

    @Test
    void eachTransactionsContextIsItsOwn() {
        String pem = Credentials.generate(
                        SignatureAlgorithm.ED25519, "own", Instant.EPOCH, Instant.EPOCH.plusSeconds(60))
                .certificatePem();
        ChaincodeStub first = proxy(() -> creator("ConsumerMSP", pem), Instant.parse("2026-12-05T10:00:00.123456Z"));
        ChaincodeStub second = proxy(() -> creator("ProviderMSP", pem), Instant.parse("2026-12-06T11:30:00.5Z"));
        DepaContext a = DepaContext.of(first, SETTINGS);
        assertThat(a.nowText()).isEqualTo("2026-12-05T10:00:00.123Z");
        DepaContext b = DepaContext.of(second, SETTINGS);
        assertThat(b).isNotSameAs(a);
        assertThat(b.getStub()).isSameAs(second);
        assertThat(a.getStub()).isSameAs(first);
        assertThat(b.nowText()).isEqualTo("2026-12-06T11:30:00.500Z");
        assertThat(a.nowText()).isEqualTo("2026-12-05T10:00:00.123Z");
        assertThat(b.now()).isEqualTo(Instant.parse("2026-12-06T11:30:00.500Z"));
        assertThat(b.callerMsp()).isEqualTo("ProviderMSP");
        assertThat(a.callerMsp()).isEqualTo("ConsumerMSP");
        assertThat(b.governanceCache()).isNotSameAs(a.governanceCache());
        assertThat(b.state()).isNotSameAs(a.state());
        assertThat(b.events()).isNotSameAs(a.events());
        assertThat(b.settings()).isSameAs(SETTINGS);
    }

    @Test
    void thePlaceholderStubAnswersNothingButItsCreator() {
        assertThatThrownBy(() -> CallerIdentities.PLACEHOLDER_STUB.getTxId())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(CallerIdentities.PLACEHOLDER_STUB.getCreator()).isNotEmpty();
    }

    private static byte[] creator(String msp, String pem) {
        return SerializedIdentity.newBuilder()
                .setMspid(msp)
                .setIdBytes(ByteString.copyFromUtf8(pem))
                .build()
                .toByteArray();
    }

    /** A P-256 certificate carrying Fabric CA's attribute extension (OID 1.2.3.4.5.6.7.8.1). */
    private static String withFabricAttributes(String json) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        X500Name name = new X500Name("CN=attributed,OU=client");
        var cert = new JcaX509v3CertificateBuilder(
                        name, BigInteger.TEN, new Date(0), new Date(86_400_000L), name, pair.getPublic())
                .addExtension(
                        new ASN1ObjectIdentifier("1.2.3.4.5.6.7.8.1"), false, json.getBytes(StandardCharsets.UTF_8))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(cert);
        }
        return out.toString();
    }

    /** A stub with a copy of {@code creator} per call, as Fabric's and the embedded ledger's are. */
    private static ChaincodeStub stub(byte[] creator) {
        byte[] own = creator.clone();
        return proxy(() -> own.clone());
    }

    /** A stub that hands out its one array, which the caller may change afterwards. */
    private static ChaincodeStub sharedArrayStub(byte[] creator) {
        return proxy(() -> creator);
    }

    private static ChaincodeStub proxy(java.util.function.Supplier<byte[]> creator) {
        return proxy(creator, Instant.parse("2026-12-05T10:00:00.123456Z"));
    }

    private static ChaincodeStub proxy(java.util.function.Supplier<byte[]> creator, Instant ts) {
        return (ChaincodeStub) Proxy.newProxyInstance(
                ChaincodeStub.class.getClassLoader(), new Class<?>[] {ChaincodeStub.class}, (p, m, a) -> {
                    if (m.getName().equals("getCreator")) {
                        return creator.get();
                    }
                    if (m.getName().equals("getTxTimestamp")) {
                        return ts;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
