package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * A creator, endorser or signer that its organisation's MSP accepted: the serialized identity as
 * it appears on the ledger, its certificate, and the roles the MSP gives it.
 */
record Identity(String mspId, ByteString serialized, X509Certificate certificate, Set<Role> roles, Set<String> ous) {
    /** Fabric's MSPRole types, in their protobuf numbering. */
    enum Role {
        MEMBER,
        ADMIN,
        CLIENT,
        PEER,
        ORDERER
    }

    String describe() {
        return mspId + " '" + certificate.getSubjectX500Principal().getName() + "' " + roles;
    }
}
