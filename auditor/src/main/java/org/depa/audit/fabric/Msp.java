package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.FabricOUIdentifier;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/**
 * One organisation's MSP as a config block defines it: root and intermediate CAs, admins,
 * revocation lists and NodeOUs. {@link #validate} accepts a certificate as Fabric's X.509 MSP
 * does: a chain to a root through the intermediates (checked at the certificate's own start, as
 * Fabric does), not a CA itself, not revoked, and with NodeOUs exactly one of the node roles.
 */
final class Msp {
    final String mspId;
    private final List<X509Certificate> roots = new ArrayList<>();
    private final List<X509Certificate> intermediates = new ArrayList<>();
    private final Set<ByteString> admins = new LinkedHashSet<>();
    private final List<X509CRL> crls = new ArrayList<>();
    private final boolean nodeOus;
    private final Map<Identity.Role, String> roleOus = new HashMap<>();
    private final Map<ByteString, Object> cache = new HashMap<>();

    private Msp(FabricMSPConfig c) throws GeneralSecurityException {
        this.mspId = c.getName();
        for (ByteString b : c.getRootCertsList()) {
            roots.addAll(Signatures.certificates(b.toByteArray()));
        }
        for (ByteString b : c.getIntermediateCertsList()) {
            intermediates.addAll(Signatures.certificates(b.toByteArray()));
        }
        for (ByteString b : c.getAdminsList()) {
            for (X509Certificate a : Signatures.certificates(b.toByteArray())) {
                admins.add(ByteString.copyFrom(a.getEncoded()));
            }
        }
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        for (ByteString b : c.getRevocationListList()) {
            crls.add((X509CRL) f.generateCRL(new ByteArrayInputStream(b.toByteArray())));
        }
        nodeOus = c.hasFabricNodeOus() && c.getFabricNodeOus().getEnable();
        if (nodeOus) {
            putOu(Identity.Role.CLIENT, c.getFabricNodeOus().getClientOuIdentifier());
            putOu(Identity.Role.PEER, c.getFabricNodeOus().getPeerOuIdentifier());
            putOu(Identity.Role.ADMIN, c.getFabricNodeOus().getAdminOuIdentifier());
            putOu(Identity.Role.ORDERER, c.getFabricNodeOus().getOrdererOuIdentifier());
        }
        if (roots.isEmpty()) {
            throw new CertificateException("MSP " + mspId + " has no root certificate");
        }
    }

    private void putOu(Identity.Role role, FabricOUIdentifier id) {
        if (!id.getOrganizationalUnitIdentifier().isEmpty()) {
            roleOus.put(role, id.getOrganizationalUnitIdentifier());
        }
    }

    /** The MSP of an organisation's {@code MSP} config value. */
    static Msp parse(ByteString mspConfigValue) throws InvalidProtocolBufferException, GeneralSecurityException {
        MSPConfig m = MSPConfig.parseFrom(mspConfigValue);
        if (m.getType() != 0) {
            throw new CertificateException("MSP type " + m.getType() + " is not the X.509 (FABRIC) MSP");
        }
        return new Msp(FabricMSPConfig.parseFrom(m.getConfig()));
    }

    List<X509Certificate> roots() {
        return List.copyOf(roots);
    }

    /** The identity with its roles, or a {@link MspException} saying why the MSP refuses it. */
    Identity validate(ByteString serialized, X509Certificate cert) throws MspException {
        Object cached = cache.get(serialized);
        if (cached == null) {
            try {
                cached = doValidate(serialized, cert);
            } catch (MspException e) {
                cached = e;
            }
            cache.put(serialized, cached);
        }
        if (cached instanceof MspException e) {
            throw new MspException(e.getMessage());
        }
        return (Identity) cached;
    }

    private Identity doValidate(ByteString serialized, X509Certificate cert) throws MspException {
        if (cert.getBasicConstraints() >= 0) {
            throw new MspException("a CA certificate cannot be used as an identity");
        }
        Date at = new Date(cert.getNotBefore().getTime() + 1000);
        X509Certificate current = cert;
        for (int depth = 0; depth < 8; depth++) {
            X509Certificate issuer = issuerOf(current, at);
            if (issuer == null) {
                throw new MspException(
                        "the certificate '" + cert.getSubjectX500Principal().getName()
                                + "' does not chain to a root or intermediate CA of " + mspId);
            }
            revoked(current, issuer);
            if (roots.contains(issuer)) {
                return new Identity(mspId, serialized, cert, roles(cert), ous(cert));
            }
            current = issuer;
        }
        throw new MspException("the certificate chain is longer than 8");
    }

    private X509Certificate issuerOf(X509Certificate c, Date at) {
        List<X509Certificate> candidates = new ArrayList<>(intermediates);
        candidates.addAll(roots);
        for (X509Certificate i : candidates) {
            if (!i.getSubjectX500Principal().equals(c.getIssuerX500Principal()) || i.getBasicConstraints() < 0) {
                continue;
            }
            try {
                c.verify(i.getPublicKey());
                c.checkValidity(at);
                i.checkValidity(at);
                return i;
            } catch (GeneralSecurityException e) {
                // not this issuer
            }
        }
        return null;
    }

    private void revoked(X509Certificate c, X509Certificate issuer) throws MspException {
        for (X509CRL crl : crls) {
            if (crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) && crl.isRevoked(c)) {
                throw new MspException("the certificate serial "
                        + c.getSerialNumber().toString(16) + " is revoked by " + mspId + "'s CRL");
            }
        }
    }

    private Set<Identity.Role> roles(X509Certificate cert) throws MspException {
        EnumSet<Identity.Role> roles = EnumSet.of(Identity.Role.MEMBER);
        Set<String> ous = ous(cert);
        if (nodeOus) {
            List<Identity.Role> found = new ArrayList<>();
            roleOus.forEach((role, ou) -> {
                if (ous.contains(ou)) {
                    found.add(role);
                }
            });
            if (found.size() != 1) {
                throw new MspException("with NodeOUs on, " + mspId + " requires exactly one of the OUs "
                        + roleOus.values() + "; the certificate has " + ous);
            }
            roles.add(found.get(0));
        }
        try {
            if (admins.contains(ByteString.copyFrom(cert.getEncoded()))) {
                roles.add(Identity.Role.ADMIN);
            }
        } catch (CertificateException e) {
            throw new MspException("the certificate cannot be encoded: " + e.getMessage());
        }
        return roles;
    }

    private static Set<String> ous(X509Certificate cert) {
        Set<String> out = new LinkedHashSet<>();
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU")) {
                    out.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return out;
        }
        return out;
    }

    /** Whether {@code der} is one of this MSP's CAs (roots or intermediates). */
    boolean isCa(byte[] der) {
        return roots.stream().anyMatch(r -> equal(r, der))
                || intermediates.stream().anyMatch(r -> equal(r, der));
    }

    private static boolean equal(X509Certificate c, byte[] der) {
        try {
            return Arrays.equals(c.getEncoded(), der);
        } catch (CertificateException e) {
            return false;
        }
    }

    /** The MSP refuses an identity; the message says why. */
    static final class MspException extends Exception {
        private static final long serialVersionUID = 1L;

        MspException(String message) {
            super(message);
        }
    }
}
