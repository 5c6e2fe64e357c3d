package org.depa.payments.chain;

/** The chain could not be reached, or answered something the caller cannot go on with. */
public final class ChainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChainException(String message) {
        super(message);
    }

    public ChainException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A cause's message cut to a readable length (nodes echo whole call data in revert reasons). */
    public static String brief(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return m.length() <= 240 ? m : m.substring(0, 240) + "...";
    }
}
