package org.depa.cli;

/**
 * A usage or input error the user can fix: {@link Main} prints its message, without a stack
 * trace, and exits 2.
 */
final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message);
    }
}
