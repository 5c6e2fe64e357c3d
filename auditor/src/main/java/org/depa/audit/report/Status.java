package org.depa.audit.report;

/** The outcome of one check on one scope. */
public enum Status {
    PASS,
    FAIL,
    /** The check does not apply here or could not be decided; the details say why. */
    SKIP
}
