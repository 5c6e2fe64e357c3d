/**
 * An SEV-SNP emulator for machines without the hardware: test ARK, ASK (and ASVK), a VCEK or VLEK with AMD's
 * extensions, and reports in the real 1184-byte format signed by it. For tests and development only; its root
 * is never trusted unless given to the verifier as a development root.
 */
package org.depa.attestation.emulator;
