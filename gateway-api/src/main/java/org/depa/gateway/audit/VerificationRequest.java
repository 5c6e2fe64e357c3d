package org.depa.gateway.audit;

/**
 * What a caller may ask of a verification: the options of {@code depa audit verify}. Every field is
 * optional; an absent body is all defaults.
 *
 * @param genesisHash the first block's (or line's) hash the caller pinned (64 hex digits), or null
 * @param expectHead a head the caller recorded earlier (64 hex digits), or null
 * @param allowDevelopmentRoots accept a development (emulator) attestation root, as
 *     {@code --allow-dev-root}: the check then passes, flagged in its detail
 */
public record VerificationRequest(String genesisHash, String expectHead, Boolean allowDevelopmentRoots) {
    public static final VerificationRequest DEFAULTS = new VerificationRequest(null, null, false);

    boolean developmentRootsAllowed() {
        return Boolean.TRUE.equals(allowDevelopmentRoots);
    }
}
