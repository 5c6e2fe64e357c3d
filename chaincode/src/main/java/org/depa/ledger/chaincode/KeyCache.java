package org.depa.ledger.chaincode;

import java.util.LinkedHashMap;
import java.util.Map;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.PublicKeyInfo;

/**
 * Parsed certificates and public keys by their PEM text. Parsing is a pure function of the text,
 * so caching it cannot make endorsements differ between peers; it saves a tenth of a signing
 * transaction. Bounded, least recently used first out.
 */
final class KeyCache {
    private static final int CAPACITY = 4096;

    private static final Map<String, PublicKeyInfo> CERTIFICATES = lru();
    private static final Map<String, PublicKeyInfo> PUBLIC_KEYS = lru();

    private KeyCache() {}

    static PublicKeyInfo certificate(String field, String pem) {
        synchronized (CERTIFICATES) {
            PublicKeyInfo hit = CERTIFICATES.get(pem);
            if (hit != null) {
                return hit;
            }
        }
        PublicKeyInfo parsed = Pem.certificate(field, pem);
        synchronized (CERTIFICATES) {
            CERTIFICATES.put(pem, parsed);
        }
        return parsed;
    }

    static PublicKeyInfo publicKey(String field, String pem) {
        synchronized (PUBLIC_KEYS) {
            PublicKeyInfo hit = PUBLIC_KEYS.get(pem);
            if (hit != null) {
                return hit;
            }
        }
        PublicKeyInfo parsed = Pem.publicKey(field, pem);
        synchronized (PUBLIC_KEYS) {
            PUBLIC_KEYS.put(pem, parsed);
        }
        return parsed;
    }

    private static Map<String, PublicKeyInfo> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PublicKeyInfo> eldest) {
                return size() > CAPACITY;
            }
        };
    }
}
