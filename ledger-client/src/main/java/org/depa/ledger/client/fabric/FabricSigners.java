package org.depa.ledger.client.fabric;

import java.io.IOException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;

/**
 * The signer a Fabric gateway connection signs its proposals, transactions and commit-status
 * requests with. For an ECDSA key (every Fabric identity this project issues) it is {@link
 * EcdsaDigestSigner}: the key's parameters are read once, so BouncyCastle's table of multiples of the
 * curve's generator is built once per connection. The SDK's own signer initialises a JCA signature
 * for every call, which builds that table again each time: the network benchmark's client spent a
 * third of its CPU there (docs/performance.md). Other keys get the SDK's signer.
 */
public final class FabricSigners {
    private FabricSigners() {}

    /** A signer for {@code key}; refuses a key whose encoding cannot be read. */
    public static Signer forKey(PrivateKey key) throws InvalidKeyException {
        if (!(key instanceof ECPrivateKey)) {
            return Signers.newPrivateKeySigner(key);
        }
        AsymmetricKeyParameter parameters;
        try {
            parameters = PrivateKeyFactory.createKey(key.getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new InvalidKeyException("cannot read the ECDSA private key's encoding", e);
        }
        if (!(parameters instanceof ECPrivateKeyParameters ec)) {
            throw new InvalidKeyException("the ECDSA private key's encoding holds no ECDSA key");
        }
        return new EcdsaDigestSigner(ec);
    }
}
