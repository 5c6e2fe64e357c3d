package org.depa.audit.domain;

/** A written value that is not the record its key's object type holds: the chaincode could not have written it. */
final class RecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RecordException(String message) {
        super(message, null, false, false);
    }
}
