package org.depa.ledger.chaincode;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.ContractRuntimeException;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The transaction creator's identity (Fabric's {@link ClientIdentity}: MSP id, X.509 certificate,
 * attributes, id) by the exact bytes of the creator the stub gives, so the certificate is read once
 * per client, not once per transaction. Fabric's {@code Context} reads it in its constructor for
 * every transaction (the PEM text base64-decoded, the certificate looked up, its attribute extension
 * and names read): a twentieth of an embedded contract lifecycle.
 *
 * <p>Exact: a {@link ClientIdentity} is a pure function of the creator bytes (its constructor
 * reads nothing else) and immutable (final fields; the attribute map is only read), so a kept one
 * equals what parsing again would give, on every peer. A creator that does not parse is never kept:
 * every transaction with it fails as Fabric's {@code Context} fails ("Could not create new client
 * identity"). At most {@value #CAPACITY} creators (a consortium has a few hundred clients), emptied
 * when full.
 */
final class CallerIdentities {
    static final int CAPACITY = 1024;

    /** A caller read once: Fabric's identity, and the SHA-256 of its certificate's public key when first asked. */
    static final class Caller {
        private final ClientIdentity identity;
        private volatile String clientKeySha256;

        Caller(ClientIdentity identity) {
            this.identity = identity;
        }

        ClientIdentity identity() {
            return identity;
        }

        /** {@link ClientKeys#sha256(java.security.cert.X509Certificate)} of the certificate, computed once. */
        String clientKeySha256() {
            String key = clientKeySha256;
            if (key == null) {
                key = ClientKeys.sha256(identity.getX509Certificate());
                clientKeySha256 = key;
            }
            return key;
        }
    }

    private static final Map<ByteBuffer, Caller> CALLERS = new ConcurrentHashMap<>();

    /**
     * A self-signed P-256 certificate that identifies no one, in DER. {@code Context}'s constructor
     * must parse some creator; {@link DepaContext}'s one shell context is given this one, and each
     * transaction's context, a copy of the shell, holds the real stub and the caller's identity in
     * its place. No rule ever reads it.
     */
    private static final byte[] PLACEHOLDER_CERTIFICATE = Base64.getDecoder()
            .decode("MIIBijCCATCgAwIBAgIBATAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhkZXBhIGNvbnRleHQgcGxhY2Vob2xkZXIw"
                    + "IBcNMjYxMjA1MDk0MTQ3WhgPMjEyNjExMTEwOTQxNDdaMCMxITAfBgNVBAMMGGRlcGEgY29udGV4dCBwbGFjZWhv"
                    + "bGRlcjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJRAdgad8BPhavBKv2iHzafI/kzG653L3mokxKMHm2Gc9mtO"
                    + "gBcdcIsL/2NslDSbERTwKYh8HA9ZCvGeQTRE9SOjUzBRMB0GA1UdDgQWBBSzeaLpOqdCxQfVfBdVNxn0VAExczAf"
                    + "BgNVHSMEGDAWgBSzeaLpOqdCxQfVfBdVNxn0VAExczAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUC"
                    + "IA61T7jdgPHtLQ39ApTejr/DbkmnWOkzw0k/cnL6dw3RAiEAtJDh/hGB7a2RLFo9JoExje2Jn9neBsQME7odmHw2"
                    + "LmQ=");

    private static final byte[] PLACEHOLDER_CREATOR = SerializedIdentity.newBuilder()
            .setMspid("placeholder")
            .setIdBytes(com.google.protobuf.ByteString.copyFrom(PLACEHOLDER_CERTIFICATE))
            .build()
            .toByteArray();

    /** A stub that answers only {@code getCreator}, with the placeholder: all Context's constructor asks. */
    static final ChaincodeStub PLACEHOLDER_STUB = (ChaincodeStub) Proxy.newProxyInstance(
            CallerIdentities.class.getClassLoader(), new Class<?>[] {ChaincodeStub.class}, (proxy, method, args) -> {
                if (method.getName().equals("getCreator") && method.getParameterCount() == 0) {
                    return PLACEHOLDER_CREATOR.clone();
                }
                throw new UnsupportedOperationException(
                        "the placeholder stub of DepaContext answers getCreator only, not " + method.getName());
            });

    private CallerIdentities() {}

    /** The creator of {@code stub}'s transaction, read once per exact creator bytes. */
    static Caller of(ChaincodeStub stub) {
        byte[] creator = stub.getCreator();
        ByteBuffer key = ByteBuffer.wrap(creator);
        Caller hit = CALLERS.get(key);
        if (hit != null) {
            return hit;
        }
        Caller read = read(creator);
        if (CALLERS.size() >= CAPACITY) {
            CALLERS.clear();
        }
        // A private copy as the key: the stub's array is the caller's to change.
        CALLERS.put(ByteBuffer.wrap(creator.clone()), read);
        return read;
    }

    /** What Fabric's {@code Context} constructor does, with its error for a creator that does not parse. */
    private static Caller read(byte[] creator) {
        byte[] copy = creator.clone();
        ClientIdentity identity;
        try {
            identity = new ClientIdentity(creatorOnly(copy));
        } catch (CertificateException | IOException e) {
            throw new ContractRuntimeException("Could not create new client identity", e);
        } catch (RuntimeException e) {
            // Fabric's Context also wraps org.json's JSONException (a malformed attribute extension),
            // a class only on the shim's runtime class path; any other runtime failure passes as there.
            if (e.getClass().getName().equals("org.json.JSONException")) {
                throw new ContractRuntimeException("Could not create new client identity", e);
            }
            throw e;
        }
        return new Caller(identity);
    }

    private static ChaincodeStub creatorOnly(byte[] creator) {
        return (ChaincodeStub) Proxy.newProxyInstance(
                CallerIdentities.class.getClassLoader(),
                new Class<?>[] {ChaincodeStub.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getCreator") && method.getParameterCount() == 0) {
                        return creator.clone();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
