package org.depa.ledger.client.embedded;

/** The ledger directory is held by another process or another open ledger in this JVM. */
public final class LedgerLockedException extends LedgerStorageException {
    private static final long serialVersionUID = 1L;

    public LedgerLockedException(String message) {
        super(message);
    }
}
