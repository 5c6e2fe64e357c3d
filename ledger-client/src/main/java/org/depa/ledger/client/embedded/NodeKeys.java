package org.depa.ledger.client.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/** Which node key signs a ledger directory's blocks: the supplied one, or the one kept in it. */
final class NodeKeys {
    private NodeKeys() {}

    /**
     * The node key for {@code dir}: {@code supplied} when given (it must match a {@code node.key} or
     * {@code node.pub} already there), else {@code dir/node.key}, created only for a ledger without
     * blocks; and it must be {@code pinned} when that is given.
     */
    static NodeKey resolve(Path dir, NodeKey supplied, PublicKey pinned, boolean hasBlocks) {
        NodeKey key;
        if (supplied != null) {
            if (NodeKey.existsIn(dir) && !NodeKey.loadFrom(dir).samePublicKey(supplied.publicKey())) {
                throw new LedgerStorageException(dir.resolve(NodeKey.PRIVATE_FILE)
                        + " is not the node key this ledger was opened with; remove one of them");
            }
            key = supplied;
        } else if (NodeKey.existsIn(dir)) {
            key = NodeKey.loadFrom(dir);
        } else if (hasBlocks) {
            throw new LedgerStorageException("the ledger in " + dir + " has blocks but no node key ("
                    + NodeKey.PRIVATE_FILE + "): its blocks cannot be checked; restore the key or open it with the"
                    + " key it was written with");
        } else {
            key = NodeKey.generate();
            key.storeIn(dir);
        }
        checkPublicFile(dir, key);
        if (pinned != null && !key.samePublicKey(pinned)) {
            throw new LedgerStorageException("the ledger in " + dir + " is signed by node key "
                    + key.fingerprint().substring(0, 16) + "..., not by the pinned node key");
        }
        return key;
    }

    private static void checkPublicFile(Path dir, NodeKey key) {
        Path pub = dir.resolve(NodeKey.PUBLIC_FILE);
        try {
            if (!Files.exists(pub)) {
                Files.writeString(pub, key.publicKeyPem(), StandardCharsets.US_ASCII);
                return;
            }
            PublicKey stored = NodeKey.publicKeyFromPem(Files.readString(pub, StandardCharsets.US_ASCII));
            if (!key.samePublicKey(stored)) {
                throw new LedgerStorageException(pub + " is not the public half of the node key; it was replaced");
            }
        } catch (IllegalArgumentException e) {
            throw new LedgerStorageException(pub + " is " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pub, e);
        }
    }
}
