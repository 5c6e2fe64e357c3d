package org.depa.data.endpoint;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A registered data location that carries, in its fragment, what the downloader must check: the
 * SHA-256 of the endpoint's TLS server certificate and the ciphertext's size, e.g. {@code
 * https://127.0.0.1:8701/v1/data/icmr-data/ciphertext#tls-cert-sha256=ab12...&bytes=52311}.
 *
 * <p>Why in the location: the TDP registers it in its dataset record, which every member reads
 * before signing a contract over the dataset, so the trust the clean room uses is what the TDP
 * declared and all members saw, not what the operator happens to configure. A fragment is never
 * sent to the server, so the endpoint sees the plain path. The record's schema stays as it was, so
 * old records (plain {@code https:} or {@code file:} locations) read as before. A fragment this
 * class does not understand is refused (fail closed): the downloader would otherwise ignore a check
 * the TDP meant to declare.
 *
 * @param uri the location without the fragment (what is requested)
 * @param certificateSha256 the endpoint's server certificate's SHA-256 (hex, lower case), if pinned
 * @param bytes the ciphertext's declared size, if declared: the download's cap
 */
public record PinnedLocation(URI uri, Optional<String> certificateSha256, OptionalLong bytes) {
    public static final String CERTIFICATE = "tls-cert-sha256";
    public static final String BYTES = "bytes";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Parses {@code location}.
     *
     * @throws IllegalArgumentException naming the part of the fragment that is wrong
     */
    public static PinnedLocation parse(URI location) {
        String fragment = location.getRawFragment();
        URI plain = withoutFragment(location);
        if (fragment == null || fragment.isEmpty()) {
            return new PinnedLocation(plain, Optional.empty(), OptionalLong.empty());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : fragment.split("&", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            if (eq < 0 || !(key.equals(CERTIFICATE) || key.equals(BYTES)) || fields.containsKey(key)) {
                throw new IllegalArgumentException("the location's fragment '" + fragment + "' is not " + CERTIFICATE
                        + "=<sha256 hex>&" + BYTES + "=<size>: cannot use '" + part + "'");
            }
            fields.put(key, part.substring(eq + 1));
        }
        Optional<String> cert = Optional.ofNullable(fields.get(CERTIFICATE)).map(v -> v.toLowerCase(Locale.ROOT));
        if (cert.isPresent() && !SHA256.matcher(cert.get()).matches()) {
            throw new IllegalArgumentException(
                    "the location's " + CERTIFICATE + " '" + fields.get(CERTIFICATE) + "' is not 64 hex digits");
        }
        OptionalLong bytes = OptionalLong.empty();
        if (fields.containsKey(BYTES)) {
            try {
                long n = Long.parseLong(fields.get(BYTES));
                if (n < 1) {
                    throw new NumberFormatException("not positive");
                }
                bytes = OptionalLong.of(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "the location's " + BYTES + " '" + fields.get(BYTES) + "' is not a positive whole number", e);
            }
        }
        return new PinnedLocation(plain, cert, bytes);
    }

    /** {@code uri} with the pins in its fragment (either may be absent). */
    public static URI of(URI uri, String certificateSha256, Long bytes) {
        StringBuilder f = new StringBuilder();
        if (certificateSha256 != null) {
            f.append(CERTIFICATE).append('=').append(certificateSha256.toLowerCase(Locale.ROOT));
        }
        if (bytes != null) {
            f.append(f.length() == 0 ? "" : "&").append(BYTES).append('=').append(bytes);
        }
        URI plain = withoutFragment(uri);
        return f.length() == 0 ? plain : URI.create(plain + "#" + f);
    }

    private static URI withoutFragment(URI uri) {
        String s = uri.toString();
        int hash = s.indexOf('#');
        return hash < 0 ? uri : URI.create(s.substring(0, hash));
    }
}
