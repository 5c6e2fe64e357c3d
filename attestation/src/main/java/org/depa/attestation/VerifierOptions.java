package org.depa.attestation;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a verifier is set up, as opposed to what one relying party requires ({@link VerificationPolicy}).
 *
 * @param clock the time at which certificate validity and CRL freshness are judged
 * @param developmentRoots roots trusted in addition to AMD's pinned ARKs, each for one product only. Empty by
 *     default: a test root, such as the emulator's, is trusted only when given here explicitly.
 * @param crls CRLs to apply; each applies to the chain whose root issued it and must be signed by that root
 */
public record VerifierOptions(
        Clock clock, Map<SnpProduct, List<X509Certificate>> developmentRoots, List<X509CRL> crls) {

    public VerifierOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(developmentRoots, "developmentRoots");
        Map<SnpProduct, List<X509Certificate>> roots = new EnumMap<>(SnpProduct.class);
        developmentRoots.forEach((product, list) -> roots.put(
                Objects.requireNonNull(product, "product"), List.copyOf(Objects.requireNonNull(list, "roots"))));
        developmentRoots = Map.copyOf(roots);
        crls = List.copyOf(Objects.requireNonNull(crls, "crls"));
    }

    /** System UTC clock, AMD roots only, no CRL. */
    public static VerifierOptions defaults() {
        return new VerifierOptions(Clock.systemUTC(), Map.of(), List.of());
    }

    public VerifierOptions withClock(Clock newClock) {
        return new VerifierOptions(newClock, developmentRoots, crls);
    }

    /**
     * Also trusts {@code root} as an ARK for {@code product}. For emulated and test chains only: a development
     * root makes any report its holder signs acceptable.
     */
    public VerifierOptions withDevelopmentRoot(SnpProduct product, X509Certificate root) {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(root, "root");
        Map<SnpProduct, List<X509Certificate>> next = new EnumMap<>(SnpProduct.class);
        next.putAll(developmentRoots);
        List<X509Certificate> list = new ArrayList<>(next.getOrDefault(product, List.of()));
        list.add(root);
        next.put(product, list);
        return new VerifierOptions(clock, next, crls);
    }

    public VerifierOptions withCrl(X509CRL crl) {
        Objects.requireNonNull(crl, "crl");
        List<X509CRL> next = new ArrayList<>(crls);
        next.add(crl);
        return new VerifierOptions(clock, developmentRoots, next);
    }
}
