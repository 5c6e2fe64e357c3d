package org.depa.data.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.depa.data.endpoint.DataDownloadException.Kind;

/**
 * A download from a data endpoint over HTTPS with pinned trust: only the given certificates are
 * trusted (never the JDK's roots, never all), the host name is checked, redirects are refused, the
 * body is bounded, connect and read time out, and a transient failure is retried, resuming with a
 * range request where the server allows it. The SHA-256 is computed while streaming, so a caller
 * checks it against the contract before it does anything else with the bytes.
 */
public final class DataDownload {
    /**
     * How to download.
     *
     * @param trust the endpoint's CA or server certificate(s); the only ones trusted
     * @param clientKey the caller's TLS client key (an organisation's gateway), or null for none
     * @param maxBytes the largest body accepted; more is cut off and refused
     * @param attempts tries in all for an unreachable or failing (5xx) endpoint
     * @param deadline the longest a whole download may take, however slowly the bytes arrive
     */
    public record Settings(
            List<X509Certificate> trust,
            PrivateKey clientKey,
            List<X509Certificate> clientChain,
            long maxBytes,
            Duration connectTimeout,
            Duration readTimeout,
            int attempts,
            Duration deadline) {
        public Settings {
            trust = List.copyOf(Objects.requireNonNull(trust, "trust"));
            clientChain = clientChain == null ? List.of() : List.copyOf(clientChain);
            if (maxBytes < 1 || attempts < 1) {
                throw new IllegalArgumentException("maxBytes and attempts must be positive");
            }
        }

        /** Trusting {@code trust}; 1 GiB at most, 10 s to connect, 60 s per read, 3 attempts, 1 h in all. */
        public static Settings trusting(List<X509Certificate> trust) {
            return new Settings(
                    trust,
                    null,
                    null,
                    1L << 30,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(60),
                    3,
                    Duration.ofHours(1));
        }

        public Settings withMaxBytes(long max) {
            return new Settings(trust, clientKey, clientChain, max, connectTimeout, readTimeout, attempts, deadline);
        }

        public Settings withClient(PrivateKey key, List<X509Certificate> chain) {
            return new Settings(trust, key, chain, maxBytes, connectTimeout, readTimeout, attempts, deadline);
        }

        public Settings withTimeouts(Duration connect, Duration read, int tries) {
            return new Settings(trust, clientKey, clientChain, maxBytes, connect, read, tries, deadline);
        }
    }

    /** What arrived: the file, its length and its SHA-256 (hex). */
    public record Downloaded(Path file, long bytes, String sha256) {}

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

    private final Settings settings;
    private final SSLContext tls;

    public DataDownload(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        // No trust is allowed here: then only locations that pin their certificate can be fetched.
        this.tls = settings.trust().isEmpty()
                ? null
                : Tls.context(settings.trust(), settings.clientKey(), settings.clientChain());
    }

    /** Downloads {@code uri} into {@code into} (replaced), with extra request {@code headers}. */
    public Downloaded toFile(URI location, Path into, Map<String, String> headers) throws DataDownloadException {
        if (!"https".equalsIgnoreCase(location.getScheme())) {
            throw new DataDownloadException(Kind.LOCATION, 0, location + ": not an https location", null);
        }
        PinnedLocation pinned;
        try {
            pinned = PinnedLocation.parse(location);
        } catch (IllegalArgumentException e) {
            throw new DataDownloadException(Kind.LOCATION, 0, location + ": " + e.getMessage(), e);
        }
        URI uri = pinned.uri();
        // The certificate the TDP registered wins over the configured trust: it is what every member saw.
        SSLContext context = pinned.certificateSha256()
                .map(sha -> Tls.pinned(sha, settings.clientKey(), settings.clientChain()))
                .orElse(tls);
        if (context == null) {
            throw new DataDownloadException(
                    Kind.TRUST,
                    0,
                    uri + ": no TLS trust is configured and the location pins no certificate ("
                            + PinnedLocation.CERTIFICATE + ")",
                    null);
        }
        long max = Math.min(settings.maxBytes(), pinned.bytes().orElse(Long.MAX_VALUE));
        MessageDigest sha256 = DataStore.sha256();
        long got = 0;
        long started = System.nanoTime();
        DataDownloadException last = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            try {
                got = once(uri, context, max, into, headers, sha256, got, started);
                return new Downloaded(into, got, HexFormat.of().formatHex(sha256.digest()));
            } catch (DataDownloadException e) {
                if (e.kind() != Kind.UNAVAILABLE) {
                    throw e;
                }
                last = e;
                got = e instanceof Partial p ? p.got : got;
            }
        }
        throw new DataDownloadException(
                Kind.UNAVAILABLE,
                last.status(),
                last.getMessage() + " (after " + settings.attempts() + " attempts)",
                last.getCause());
    }

    /** One request: resumes at {@code got} when earlier bytes are already in the file and digest. */
    private long once(
            URI uri,
            SSLContext context,
            long max,
            Path into,
            Map<String, String> headers,
            MessageDigest sha256,
            long got,
            long started)
            throws DataDownloadException {
        HttpsURLConnection c;
        try {
            URL url = uri.toURL();
            c = (HttpsURLConnection) url.openConnection();
        } catch (IOException | IllegalArgumentException e) {
            throw new DataDownloadException(Kind.LOCATION, 0, uri + ": not a usable location: " + e.getMessage(), e);
        }
        c.setSSLSocketFactory(context.getSocketFactory());
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout((int) settings.connectTimeout().toMillis());
        c.setReadTimeout((int) settings.readTimeout().toMillis());
        headers.forEach(c::setRequestProperty);
        if (got > 0) {
            c.setRequestProperty("Range", "bytes=" + got + "-");
        }
        try {
            int status = c.getResponseCode();
            if (status >= 300 && status < 400) {
                throw new DataDownloadException(
                        Kind.REDIRECT,
                        status,
                        uri + ": the endpoint redirected (" + status + ") to " + c.getHeaderField("Location")
                                + "; redirects are refused",
                        null);
            }
            if (status >= 500) {
                throw new Partial(status, uri + ": the endpoint answered " + status + " " + detail(c), got);
            }
            if (status != 200 && status != 206) {
                throw new DataDownloadException(
                        Kind.REFUSED, status, uri + ": refused (" + status + "): " + detail(c), null);
            }
            boolean resumed = status == 206 && got > 0 && resumesAt(c.getHeaderField("Content-Range"), got);
            if (!resumed) {
                sha256.reset();
                got = 0;
            }
            long announced = c.getContentLengthLong();
            if (announced > max - got) {
                throw new DataDownloadException(
                        Kind.TOO_LARGE,
                        status,
                        uri + ": the body of " + (announced + got) + " bytes is over the limit of " + max,
                        null);
            }
            long total = stream(uri, c, max, into, sha256, got, resumed, started);
            if (announced >= 0 && total - got != announced) {
                // A body that ends before its announced length is a broken transfer, not a short file.
                throw new Partial(
                        0, uri + ": the body ended after " + (total - got) + " of " + announced + " bytes", total);
            }
            return total;
        } catch (SSLException e) {
            throw new DataDownloadException(
                    Kind.TRUST,
                    0,
                    uri + ": TLS refused (" + e.getMessage() + "); only the pinned certificate is trusted",
                    e);
        } catch (IOException e) {
            throw new Partial(0, uri + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), got);
        } finally {
            c.disconnect();
        }
    }

    private long stream(
            URI uri,
            HttpsURLConnection c,
            long max,
            Path into,
            MessageDigest sha256,
            long got,
            boolean append,
            long started)
            throws IOException, DataDownloadException {
        byte[] buffer = new byte[64 * 1024];
        long total = got;
        try (InputStream in = c.getInputStream();
                OutputStream out = Files.newOutputStream(
                        into,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    if (total + n > max) {
                        throw new DataDownloadException(
                                Kind.TOO_LARGE,
                                c.getResponseCode(),
                                uri + ": cut off at the limit of " + max + " bytes",
                                null);
                    }
                    out.write(buffer, 0, n);
                    sha256.update(buffer, 0, n);
                    total += n;
                    if (System.nanoTime() - started > settings.deadline().toNanos()) {
                        throw new DataDownloadException(
                                Kind.UNAVAILABLE, 0, uri + ": not finished within " + settings.deadline(), null);
                    }
                }
            } catch (IOException e) {
                throw new Partial(0, uri + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), total);
            }
        }
        return total;
    }

    private static boolean resumesAt(String contentRange, long got) {
        Matcher m = contentRange == null ? null : CONTENT_RANGE.matcher(contentRange);
        return m != null && m.matches() && Long.parseLong(m.group(1)) == got;
    }

    /** The server's problem document (at most 2 KiB of it), or nothing. */
    private static String detail(HttpURLConnection c) {
        try (InputStream err = c.getErrorStream()) {
            return err == null ? "" : new String(err.readNBytes(2048), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L << Math.min(attempt - 2, 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A transient failure, remembering how many bytes were kept (in the file and the digest). */
    private static final class Partial extends DataDownloadException {
        private static final long serialVersionUID = 1L;
        private final long got;

        Partial(int status, String message, long got) {
            super(Kind.UNAVAILABLE, status, message, null);
            this.got = got;
        }
    }
}
