package org.depa.kms.protocol;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A bridge's address as a party registers it (a dataset's {@code kmsEndpoint}, a sealed spec's header): its base
 * URI and, in the fragment, the SHA-256 of the bridge's TLS server certificate, e.g. {@code
 * https://127.0.0.1:8681/#tls-cert-sha256=ab12...}. The same form as a TDP's data locations (data-endpoint's
 * PinnedLocation): the pin is what the owner declared where every member reads it, so the clean room trusts exactly
 * that certificate and no configuration of the host can widen it. A fragment is never sent. Anything else after
 * {@code #} is refused (fail closed).
 *
 * @param base the address requests go to (no fragment)
 * @param certificateSha256 the pinned server certificate's SHA-256 (64 lower-case hex digits), if any
 */
public record BridgeAddress(URI base, Optional<String> certificateSha256) {
    public static final String CERTIFICATE = "tls-cert-sha256";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Parses {@code address}.
     *
     * @throws IllegalArgumentException naming what is wrong with the fragment, or a pin on a plain http address
     */
    public static BridgeAddress parse(URI address) {
        String fragment = address.getRawFragment();
        String s = address.toString();
        URI base = fragment == null ? address : URI.create(s.substring(0, s.indexOf('#')));
        if (fragment == null || fragment.isEmpty()) {
            return new BridgeAddress(base, Optional.empty());
        }
        if (!fragment.startsWith(CERTIFICATE + "=")) {
            throw new IllegalArgumentException("the bridge address " + base + " has the fragment '" + fragment
                    + "'; only " + CERTIFICATE + "=<sha256 hex> is understood");
        }
        String sha = fragment.substring(CERTIFICATE.length() + 1).toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha).matches()) {
            throw new IllegalArgumentException("the bridge address " + base + " pins " + CERTIFICATE + " '"
                    + fragment.substring(CERTIFICATE.length() + 1) + "', which is not 64 hex digits");
        }
        if (!"https".equalsIgnoreCase(base.getScheme())) {
            throw new IllegalArgumentException(
                    "the bridge address " + base + " pins a TLS certificate but is not https");
        }
        return new BridgeAddress(base, Optional.of(sha));
    }

    /** {@code base} with {@code certificateSha256} pinned in its fragment. */
    public static URI pinned(URI base, String certificateSha256) {
        String s = base.toString();
        int hash = s.indexOf('#');
        String plain = hash < 0 ? s : s.substring(0, hash);
        return parse(URI.create(plain + "#" + CERTIFICATE + "=" + certificateSha256.toLowerCase(Locale.ROOT)))
                .address();
    }

    /** The address as registered: the base with its pin, if any. */
    public URI address() {
        return certificateSha256
                .map(sha -> URI.create(base + "#" + CERTIFICATE + "=" + sha))
                .orElse(base);
    }
}
