package org.depa.ccr.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.data.endpoint.DataDownload;
import org.depa.data.endpoint.DataDownloadException;
import org.depa.data.endpoint.PinnedLocation;
import org.depa.ledger.model.domain.Dataset;

/**
 * {@link CiphertextSource#locations}: {@code file:} copied, {@code https:} downloaded with pinned
 * trust: the endpoint certificate the TDP registered in the location ({@link PinnedLocation}) when
 * it names one, which then also caps the size, else the operator's configured trust.
 */
final class Ciphertexts implements CiphertextSource {
    private final DataDownload https;
    private final boolean configuredTrust;
    private final long maxBytes;

    Ciphertexts(DataDownload.Settings https) {
        this.configuredTrust = https != null;
        this.https = new DataDownload(https == null ? DataDownload.Settings.trusting(List.of()) : https);
        this.maxBytes = https == null ? Long.MAX_VALUE : https.maxBytes();
    }

    @Override
    public String fetch(Dataset dataset, Path into) {
        URI location;
        try {
            location = URI.create(dataset.encryptedLocation());
        } catch (IllegalArgumentException e) {
            throw data(dataset, "its location is not a URI: " + e.getMessage(), e);
        }
        String scheme = location.getScheme() == null ? "" : location.getScheme();
        return switch (scheme) {
            case "file" -> copy(dataset, Path.of(location), into);
            case "https" -> download(dataset, location, into);
            default -> throw data(dataset, "only file: and https: locations are supported, got '" + scheme + "'", null);
        };
    }

    private String download(Dataset dataset, URI location, Path into) {
        if (!configuredTrust && !pinsItsCertificate(location)) {
            throw data(
                    dataset,
                    "no TLS trust is configured for https data locations (the operator's dataTrust) and the"
                            + " location pins no endpoint certificate; refusing "
                            + location,
                    null);
        }
        try {
            return https.toFile(location, into, Map.of()).sha256();
        } catch (DataDownloadException e) {
            deleteQuietly(into);
            throw data(
                    dataset, "cannot download the ciphertext of TDP '" + dataset.ownerId() + "': " + e.getMessage(), e);
        }
    }

    /** A malformed pin is left to the download, which refuses it naming what is wrong. */
    private static boolean pinsItsCertificate(URI location) {
        try {
            return PinnedLocation.parse(location).certificateSha256().isPresent();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private String copy(Dataset dataset, Path from, Path into) {
        MessageDigest sha256 = sha256();
        long copied;
        try (InputStream in = new DigestInputStream(Files.newInputStream(from), sha256);
                OutputStream out = Files.newOutputStream(into)) {
            copied = in.transferTo(out);
        } catch (IOException e) {
            deleteQuietly(into);
            throw data(dataset, "cannot read " + from + ": " + e.getMessage(), e);
        }
        if (copied > maxBytes) {
            deleteQuietly(into);
            throw data(dataset, "the ciphertext of " + copied + " bytes is over the limit of " + maxBytes, null);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static AgentException data(Dataset dataset, String message, Throwable cause) {
        return new AgentException(Stage.DATA, "dataset '" + dataset.id() + "': " + message, cause);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // inside the clean room's own plaintext directory, removed when the invocation ends anyway
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
