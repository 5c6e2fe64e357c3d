/**
 * Custody of dataset keys: where a TDP's 32-byte dataset keys live and how a release JWE is made from one without
 * the key being handed to the caller. PKCS#12 (software, the quick start) and PKCS#11 (a token; SoftHSM2 in tests).
 */
package org.depa.kms.custody;
