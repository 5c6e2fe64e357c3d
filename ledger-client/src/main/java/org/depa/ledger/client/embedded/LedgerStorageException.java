package org.depa.ledger.client.embedded;

/**
 * The embedded ledger's directory cannot be used as it is: locked by another holder, damaged, or
 * signed by another key. The message names the file, and the line when one is at fault; nothing has
 * been changed on disk ({@code depa ledger repair} moves a damaged tail aside).
 */
public class LedgerStorageException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final long line;

    public LedgerStorageException(String message) {
        this(message, 0, null);
    }

    public LedgerStorageException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    public LedgerStorageException(String message, long line, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    /** The 1-based line of {@code ledger.jsonl} at fault, or 0 when no single line is. */
    public long line() {
        return line;
    }
}
