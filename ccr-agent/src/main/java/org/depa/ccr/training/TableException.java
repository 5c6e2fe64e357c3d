package org.depa.ccr.training;

/** A table could not be read or joined. Messages name tables and columns, never cell values. */
public final class TableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TableException(String message) {
        super(message);
    }
}
