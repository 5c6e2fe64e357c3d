package org.depa.modelspec;

import java.util.Objects;

/**
 * The model specification is malformed, asks for something the trainer does not do, or does not
 * fit the contract and its datasets. {@link #code()} says which kind of refusal; {@link #field()}
 * is the JSON path of the field at fault ({@code features[2].encoding}, {@code hiddenLayers[0]},
 * {@code $} for the document as a whole); the message names both.
 */
public final class ModelSpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of refusal, one per rule. */
    public enum Code {
        /** not one JSON object: empty, not JSON, trailing content, a duplicate key, null */
        MALFORMED,
        /** the document is over the size limit */
        TOO_LARGE,
        /** the file cannot be read: missing, not a regular file, a link out of its directory */
        UNREADABLE,
        /** a field the specification does not define */
        UNKNOWN_FIELD,
        /** a required field is absent */
        MISSING_FIELD,
        /** a field of the wrong JSON type */
        WRONG_TYPE,
        /** a value outside its allowed range or form */
        OUT_OF_RANGE,
        /** a value the trainer does not implement: activation, optimizer, encoding */
        UNSUPPORTED,
        /** a layer the trainer does not implement (hidden layers are dense, given by their width) */
        UNSUPPORTED_LAYER,
        /** the same column or value twice */
        DUPLICATE,
        /** a column the contract's datasets do not have */
        UNKNOWN_COLUMN,
        /** more trainable parameters than the cap */
        TOO_MANY_PARAMETERS,
        /** a DP-SGD parameter looser than the contract's privacy limits */
        OUTSIDE_CONTRACT
    }

    private final Code code;
    private final String field;
    private final String reason;

    public ModelSpecException(Code code, String field, String reason) {
        super("model spec: " + Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(reason, "reason")
                + " [" + Objects.requireNonNull(code, "code") + "]");
        this.code = code;
        this.field = field;
        this.reason = reason;
    }

    public Code code() {
        return code;
    }

    /** The JSON path of the field at fault; {@code $} for the whole document. */
    public String field() {
        return field;
    }

    /** What is wrong with the field, without the field's name. */
    public String reason() {
        return reason;
    }

    /** This refusal with {@code prefix} put before its field: a nested record's error named in its document. */
    ModelSpecException under(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.equals("$")) {
            return this;
        }
        String joined = field.equals("$") ? prefix : field.startsWith("[") ? prefix + field : prefix + "." + field;
        return new ModelSpecException(code, joined, reason);
    }
}
