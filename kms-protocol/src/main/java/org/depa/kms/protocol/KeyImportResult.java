package org.depa.kms.protocol;

/**
 * The bridge's answer to a key import ({@link KeyImportRequest}): what it now holds (never the key).
 *
 * @param keyId the id the bridge releases the key by
 * @param datasetId the dataset the key was proved against, or null for a spec key
 * @param store the bridge's custody, {@code pkcs12} or {@code pkcs11}
 * @param replaced whether a key held under the id was replaced
 * @param sealable whether the bridge checked it can seal a release with the key (always true on success)
 */
public record KeyImportResult(String keyId, String datasetId, String store, boolean replaced, boolean sealable) {}
