/**
 * The kms-bridge's release decision, one per TDP, in plain Java: issues single-use nonces, verifies a clean room's
 * SEV-SNP report bound to a nonce, an ephemeral key and a run, records the release on the ledger
 * (runs:recordKeyRelease, submitted and committed), and only then returns the dataset key wrapped to the ephemeral
 * key. {@link org.depa.kms.bridge.LoopbackBridge} serves it over HTTP inside the caller's process for the embedded
 * quick start; the Quarkus service (kms-bridge, {@code org.depa.kms.bridge.service}) serves it in production.
 */
package org.depa.kms.bridge;
