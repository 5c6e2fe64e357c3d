/**
 * The kms-bridge: one per TDP. Issues single-use nonces, verifies a clean room's SEV-SNP report bound to a nonce,
 * an ephemeral key and a run, records the release on the ledger (runs:recordKeyRelease, submitted and committed),
 * and only then returns the dataset key wrapped to the ephemeral key.
 */
package org.depa.kms.bridge;
