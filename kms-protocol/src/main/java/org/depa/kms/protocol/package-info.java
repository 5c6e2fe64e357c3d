/**
 * The key-release protocol between a confidential clean room (CCR) and a TDP's kms-bridge: the messages, the
 * REPORT_DATA binding of an attestation report to a nonce, an ephemeral key and a run, the JWE that carries the
 * dataset key, and {@link org.depa.kms.protocol.KeyReleaseClient}, the client the clean-room agent calls.
 */
package org.depa.kms.protocol;
