package org.depa.kms.protocol;

/**
 * The run key of the clean room that started the run: signs the release request's payload
 * ({@code SigningPayloads.keyRelease}) as the ledger's runs:start bound it. A bridge releases only
 * to a request this key signed, so another host running the same image, which does not hold the
 * key, is refused.
 */
@FunctionalInterface
public interface RunKeySigner {
    /** The signature over {@code payload} in the ledger's encoding for the run key's algorithm. */
    byte[] sign(byte[] payload);
}
