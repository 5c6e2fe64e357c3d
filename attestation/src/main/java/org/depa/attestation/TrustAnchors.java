package org.depa.attestation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.util.encoders.Hex;

/**
 * The roots a chain may end in: AMD's ARK per product, pinned by the SHA-256 of its DER, and development roots
 * only when the caller named them. The AMD ASK and ASVK of each product ship as resources too (KDS's
 * /vcek/v1/{product}/cert_chain and /vlek/v1/{product}/cert_chain), so a caller that has only the VCEK or VLEK (as
 * the extended report of a guest often gives) can still verify.
 */
final class TrustAnchors {
    /** A trusted root, and the product it is trusted for. */
    record Anchor(SnpProduct product, boolean development) {}

    // SHA-256 of the DER of AMD's ARK-Milan, ARK-Genoa and ARK-Turin, as served by kdsintf.amd.com
    // /vcek/v1/{product}/cert_chain. Pinned in code so that a replaced resource cannot move the trust.
    private static final Map<SnpProduct, String> AMD_ARK_SHA256 = Map.of(
            SnpProduct.MILAN, "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd",
            SnpProduct.GENOA, "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1",
            SnpProduct.TURIN, "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a");

    private final Map<String, Anchor> bySha256;

    private TrustAnchors(Map<String, Anchor> bySha256) {
        this.bySha256 = Map.copyOf(bySha256);
    }

    static TrustAnchors create(Map<SnpProduct, List<X509Certificate>> developmentRoots) {
        Map<String, Anchor> anchors = new HashMap<>();
        developmentRoots.forEach((product, roots) -> {
            for (X509Certificate root : roots) {
                try {
                    anchors.put(sha256Hex(root.getEncoded()), new Anchor(product, true));
                } catch (CertificateEncodingException e) {
                    throw new IllegalArgumentException("development root cannot be encoded", e);
                }
            }
        });
        // AMD's pins go in last, so a development root can never relabel an AMD root.
        AMD_ARK_SHA256.forEach((product, sha) -> anchors.put(sha, new Anchor(product, false)));
        return new TrustAnchors(anchors);
    }

    Optional<Anchor> identify(byte[] rootDer) {
        return Optional.ofNullable(bySha256.get(sha256Hex(rootDer)));
    }

    /** AMD's ASK for {@code product}, from the bundled KDS chain. */
    static byte[] amdAsk(SnpProduct product) {
        return Bundled.CHAINS.get(product).get(0).clone();
    }

    /** AMD's ARK for {@code product}, from the bundled KDS chain; its pin was checked at load. */
    static byte[] amdArk(SnpProduct product) {
        return Bundled.CHAINS.get(product).get(1).clone();
    }

    /** AMD's ASVK (the VLEK intermediate) for {@code product}, from the bundled KDS VLEK chain. */
    static byte[] amdAsvk(SnpProduct product) {
        return Bundled.ASVKS.get(product).clone();
    }

    static String sha256Hex(byte[] data) {
        SHA256Digest d = new SHA256Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return Hex.toHexString(out);
    }

    /** Loaded on first use; a resource that fails its pin is a packaging fault and stops the verifier. */
    private static final class Bundled {
        static final Map<SnpProduct, List<byte[]>> CHAINS = load("ask_ark_");
        static final Map<SnpProduct, byte[]> ASVKS = asvks();

        private static Map<SnpProduct, byte[]> asvks() {
            Map<SnpProduct, byte[]> out = new EnumMap<>(SnpProduct.class);
            load("asvk_ark_").forEach((product, pair) -> out.put(product, pair.get(0)));
            return out;
        }

        /** Each product's {@code prefix + product + ".pem"}: an intermediate, then the pinned ARK. */
        private static Map<SnpProduct, List<byte[]>> load(String prefix) {
            Map<SnpProduct, List<byte[]>> out = new EnumMap<>(SnpProduct.class);
            for (SnpProduct product : SnpProduct.values()) {
                String name = "amd/" + prefix + product.displayName().toLowerCase(Locale.ROOT) + ".pem";
                try (InputStream in = TrustAnchors.class.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource " + name);
                    }
                    List<byte[]> ders = CertificateLoader.certificateDers(in.readAllBytes());
                    if (ders.size() != 2 || !AMD_ARK_SHA256.get(product).equals(sha256Hex(ders.get(1)))) {
                        throw new IllegalStateException(name + " is not an AMD intermediate then the pinned ARK");
                    }
                    out.put(product, List.of(ders.get(0), ders.get(1)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (CertificateParsingException e) {
                    throw new IllegalStateException(name + ": " + e.getMessage(), e);
                }
            }
            return out;
        }
    }
}
