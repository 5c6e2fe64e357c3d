package org.depa.attestation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads X.509 certificates from DER or PEM: one certificate, a chain such as KDS's cert_chain (ASK then ARK), or
 * a VCEK followed by its chain. DER input may hold several certificates back to back.
 */
public final class CertificateLoader {
    // Far above any AMD chain; bounds the work done on a hostile file.
    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_CERTIFICATES = 16;
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final byte[] PEM_MARKER = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);

    private CertificateLoader() {}

    /** Reads the certificates in {@code file}, in file order. */
    public static List<X509Certificate> load(Path file) throws IOException, CertificateException {
        Objects.requireNonNull(file, "file");
        if (Files.size(file) > MAX_BYTES) {
            throw new CertificateParsingException(file + " is larger than " + MAX_BYTES + " bytes");
        }
        return parse(Files.readAllBytes(file));
    }

    /** Parses the certificates in {@code content} (DER or PEM), in order; at least one. */
    public static List<X509Certificate> parse(byte[] content) throws CertificateException {
        Objects.requireNonNull(content, "content");
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] der : certificateDers(content)) {
            out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        return List.copyOf(out);
    }

    /** Parses one CRL, DER or PEM ("X509 CRL"), such as KDS serves for each product. */
    public static X509CRL parseCrl(byte[] content) throws CRLException {
        Objects.requireNonNull(content, "content");
        byte[] der = content;
        try {
            if (isPem(content)) {
                List<byte[]> blocks = pemBlocks(content, "X509 CRL");
                if (blocks.size() != 1) {
                    throw new CRLException("expected one X509 CRL PEM block, found " + blocks.size());
                }
                der = blocks.get(0);
            }
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509CRL) factory.generateCRL(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new CRLException("not a CRL: " + e.getMessage(), e);
        }
    }

    /** The DER encodings of the certificates in {@code content}, unmodified. */
    static List<byte[]> certificateDers(byte[] content) throws CertificateParsingException {
        if (content.length > MAX_BYTES) {
            throw new CertificateParsingException("input is larger than " + MAX_BYTES + " bytes");
        }
        List<byte[]> ders = isPem(content) ? pemBlocks(content, "CERTIFICATE") : derSequence(content);
        if (ders.isEmpty()) {
            throw new CertificateParsingException("no certificate found");
        }
        if (ders.size() > MAX_CERTIFICATES) {
            throw new CertificateParsingException("more than " + MAX_CERTIFICATES + " certificates");
        }
        return ders;
    }

    /** DER starts with a SEQUENCE tag; anything else is read as PEM, where text may surround the blocks. */
    private static boolean isPem(byte[] content) {
        int i = 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        return i < content.length && content[i] != 0x30 && contains(content, PEM_MARKER);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private static List<byte[]> pemBlocks(byte[] content, String type) throws CertificateParsingException {
        String text = new String(content, StandardCharsets.US_ASCII);
        Matcher m = PEM_BLOCK.matcher(text);
        List<byte[]> out = new ArrayList<>();
        while (m.find()) {
            if (!m.group(1).equals(type)) {
                // A private key or anything else in a certificate file is a mistake worth stopping at.
                throw new CertificateParsingException("unexpected PEM block '" + m.group(1) + "'");
            }
            try {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            } catch (IllegalArgumentException e) {
                throw new CertificateParsingException("bad base64 in PEM block");
            }
        }
        return out;
    }

    /** Splits concatenated DER SEQUENCEs by their outer lengths. */
    private static List<byte[]> derSequence(byte[] content) throws CertificateParsingException {
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        while (pos < content.length) {
            if (content[pos] != 0x30 || pos + 2 > content.length) {
                throw new CertificateParsingException("not a DER certificate at offset " + pos);
            }
            int first = content[pos + 1] & 0xFF;
            int header = 2;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7F;
                if (count == 0 || count > 3 || pos + 2 + count > content.length) {
                    throw new CertificateParsingException("bad DER length at offset " + pos);
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (content[pos + 2 + i] & 0xFF);
                }
                header += count;
            }
            if (pos + header + length > content.length) {
                throw new CertificateParsingException("truncated DER certificate at offset " + pos);
            }
            int end = (int) (pos + header + length);
            out.add(Arrays.copyOfRange(content, pos, end));
            pos = end;
        }
        return out;
    }
}
