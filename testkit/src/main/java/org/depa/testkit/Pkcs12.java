package org.depa.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * PKCS#12 key and trust stores, the form TLS clients (RestAssured, the JDK, the depa command) load
 * identities and trusted CAs from.
 */
public final class Pkcs12 {
    /** The alias of the one key entry a key store written here holds. */
    public static final String KEY_ALIAS = "identity";

    private Pkcs12() {}

    /**
     * The password of test key stores. A fresh copy each time: callers may clear it, as password
     * APIs expect, without changing it for anyone else.
     */
    public static char[] testPassword() {
        return "test-only".toCharArray();
    }

    /** A key store with {@code issued}'s key and its whole chain; owner-only, since it holds the key. */
    public static Path writeKeyStore(Issued issued, Path file, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(
                    KEY_ALIAS, issued.privateKey(), password, issued.chain().toArray(new Certificate[0]));
            store(store, file, password);
            PemText.ownerOnly(file);
            return file;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write key store " + file, e);
        }
    }

    /** A trust store holding {@code trusted} as trusted certificate entries, and nothing else. */
    public static Path writeTrustStore(List<X509Certificate> trusted, Path file, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("trusted-" + i, trusted.get(i));
            }
            store(store, file, password);
            return file;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write trust store " + file, e);
        }
    }

    /** Reads back the one key entry of a key store, with its chain. */
    public static Issued readKeyStore(Path file, char[] password) {
        KeyStore store = load(file, password);
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, password);
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return new Issued(chain.get(0), (PrivateKey) key, chain);
                }
            }
            throw new IllegalArgumentException(file + " holds no key entry");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read key store " + file, e);
        }
    }

    /** Loads a PKCS#12 file as the JDK does; a wrong password fails here. */
    public static KeyStore load(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static void store(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }
}
