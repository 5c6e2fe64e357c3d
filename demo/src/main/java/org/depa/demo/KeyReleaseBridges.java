package org.depa.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.dataset.DatasetKey;
import org.depa.demo.party.Party;
import org.depa.kms.bridge.KeyReleaseService;
import org.depa.kms.bridge.LoopbackBridge;
import org.depa.kms.bridge.NonceStore;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.custody.KeyCustodyException;

/**
 * Each TDP's key-release service (and the TDC's, for its sealed spec), on loopback HTTP in this process: PKCS#12 custody under the
 * demo's folder, the TDP's own connection to the ledger for the release records, and the clean
 * room's emulated chip trusted as a development root (the bridge logs that loudly). Closed, with
 * their key stores, at the end of the run.
 */
final class KeyReleaseBridges implements DatasetKeyCustody {
    private final Path dir;
    private final SnpEmulator chip;
    private final Console console;
    private final List<AutoCloseable> open = new ArrayList<>();

    /**
     * @param dir where the key stores go
     * @param chip the clean room's emulated SEV-SNP chip, whose root the bridges trust
     */
    KeyReleaseBridges(Path dir, SnpEmulator chip, Console console) {
        this.dir = dir;
        this.chip = chip;
        this.console = console;
    }

    /**
     * Starts a bridge for {@code tdp} holding {@code key} in the key store {@code name}.p12;
     * returns the endpoint the TDP registers with its dataset.
     */
    @Override
    public URI hold(Party tdp, String name, DatasetKey key, Path ciphertext, String datasetId) throws IOException {
        return start(tdp, name, key, DatasetKeyCustody.keyId(name));
    }

    /** The TDC's own bridge, holding only the key of its sealed spec; it releases it as a TDP's bridge a dataset key. */
    @Override
    public URI holdSpecKey(Party tdc, DatasetKey key, String keyId, SpecSealing seal) throws IOException {
        URI bridge = start(tdc, tdc.id() + "-spec", key, keyId);
        seal.sealFor(bridge);
        return bridge;
    }

    private URI start(Party tdp, String name, DatasetKey key, String keyId) throws IOException {
        try {
            Path store = dir.resolve(name + ".p12");
            Files.createDirectories(store.getParent());
            DatasetKeyStore keys = DatasetKeyStore.pkcs12(store, ("demo-" + name).toCharArray());
            open.add(keys);
            byte[] raw = key.bytes();
            try {
                keys.importKey(keyId, raw);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
            KeyReleaseService service = new KeyReleaseService(
                    tdp.connection(),
                    tdp.id(),
                    SnpVerifier.create(VerifierOptions.defaults().withDevelopmentRoot(chip.product(), chip.ark())),
                    VerificationPolicy.defaults(),
                    NonceStore.create(Clock.systemUTC(), Duration.ofSeconds(60), 100),
                    keys,
                    true);
            LoopbackBridge bridge = LoopbackBridge.start(service);
            open.add(bridge);
            return bridge.uri();
        } catch (KeyCustodyException e) {
            throw new IOException("key store of " + tdp.id() + ": " + e.getMessage(), e);
        }
    }

    /** Bridges first, then their key stores; a failure to close one is reported, the others still close. */
    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                console.line("(closing a bridge: %s)", e.getMessage());
            }
        }
    }
}
