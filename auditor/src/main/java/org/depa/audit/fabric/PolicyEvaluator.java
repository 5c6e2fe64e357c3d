package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigPolicy;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.OrganizationUnit;
import org.hyperledger.fabric.protos.common.Policy;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Fabric's policies re-evaluated over identities whose signatures were verified: signature
 * policies ({@code n out of} over MSP principals, each identity used once, as Fabric's cauthdsl)
 * and implicit meta policies ({@code ANY|ALL|MAJORITY sub_policy} of the child groups).
 */
final class PolicyEvaluator {
    private final ChannelConfig config;

    PolicyEvaluator(ChannelConfig config) {
        this.config = config;
    }

    /** The identities whose signatures verify and whose MSP accepts them; the others are listed in {@code refused}. */
    static List<Identity> verifiedSigners(ChannelConfig config, List<SignedData> signed, List<String> refused) {
        Map<ByteString, Identity> out = new LinkedHashMap<>();
        for (SignedData d : signed) {
            try {
                Identity id = config.identify(d.identity());
                String bad = Signatures.check(id.certificate().getPublicKey(), d.data(), d.signature());
                if (bad != null) {
                    refused.add(id.describe() + ": " + bad);
                } else {
                    out.putIfAbsent(d.identity(), id);
                }
            } catch (Msp.MspException e) {
                refused.add(e.getMessage());
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Whether the policy at an absolute path is satisfied; a missing policy is a {@link PolicyException}. */
    boolean satisfied(String absolutePath, List<Identity> signers) throws PolicyException {
        ConfigPolicy p = config.policy(absolutePath);
        if (p == null) {
            throw new PolicyException("the config of block " + config.blockNumber + " has no policy " + absolutePath);
        }
        List<String> parts = ChannelConfig.split(absolutePath);
        return satisfied(parts.subList(0, parts.size() - 1), p.getPolicy(), signers);
    }

    boolean satisfied(List<String> groupPath, Policy policy, List<Identity> signers) throws PolicyException {
        try {
            return switch (policy.getType()) {
                case 1 -> satisfied(SignaturePolicyEnvelope.parseFrom(policy.getValue()), signers);
                case 3 -> implicitMeta(groupPath, ImplicitMetaPolicy.parseFrom(policy.getValue()), signers);
                default -> throw new PolicyException("policy type " + policy.getType() + " is not supported");
            };
        } catch (InvalidProtocolBufferException e) {
            throw new PolicyException("a policy at " + String.join("/", groupPath) + " cannot be parsed");
        }
    }

    private boolean implicitMeta(List<String> groupPath, ImplicitMetaPolicy meta, List<Identity> signers)
            throws PolicyException {
        ConfigGroup g = config.group(groupPath);
        if (g == null) {
            throw new PolicyException("no group /" + String.join("/", groupPath));
        }
        int n = g.getGroupsCount();
        int threshold =
                switch (meta.getRule()) {
                    case ANY -> 1;
                    case ALL -> n;
                    case MAJORITY -> n / 2 + 1;
                    default -> throw new PolicyException("implicit meta rule " + meta.getRule() + " is not supported");
                };
        int met = 0;
        for (Map.Entry<String, ConfigGroup> child : new TreeMap<>(g.getGroupsMap()).entrySet()) {
            ConfigPolicy sub = child.getValue().getPoliciesOrDefault(meta.getSubPolicy(), null);
            if (sub == null) {
                continue;
            }
            List<String> childPath = new ArrayList<>(groupPath);
            childPath.add(child.getKey());
            if (satisfied(childPath, sub.getPolicy(), signers)) {
                met++;
            }
        }
        return met >= threshold;
    }

    /** A signature policy envelope over the given verified identities. */
    static boolean satisfied(SignaturePolicyEnvelope env, List<Identity> signers) throws PolicyException {
        boolean[] used = new boolean[signers.size()];
        return evaluate(env.getRule(), env.getIdentitiesList(), signers, used);
    }

    private static boolean evaluate(
            SignaturePolicy rule, List<MSPPrincipal> principals, List<Identity> signers, boolean[] used)
            throws PolicyException {
        switch (rule.getTypeCase()) {
            case SIGNED_BY -> {
                int index = rule.getSignedBy();
                if (index < 0 || index >= principals.size()) {
                    throw new PolicyException("signed_by " + index + " names no identity of the policy");
                }
                MSPPrincipal principal = principals.get(index);
                for (int i = 0; i < signers.size(); i++) {
                    if (!used[i] && satisfies(signers.get(i), principal)) {
                        used[i] = true;
                        return true;
                    }
                }
                return false;
            }
            case N_OUT_OF -> {
                int verified = 0;
                boolean[] trial = new boolean[used.length];
                for (SignaturePolicy sub : rule.getNOutOf().getRulesList()) {
                    System.arraycopy(used, 0, trial, 0, used.length);
                    if (evaluate(sub, principals, signers, trial)) {
                        verified++;
                        System.arraycopy(trial, 0, used, 0, used.length);
                    }
                }
                return verified >= rule.getNOutOf().getN();
            }
            default -> throw new PolicyException("an empty signature policy rule");
        }
    }

    static boolean satisfies(Identity id, MSPPrincipal principal) throws PolicyException {
        try {
            return switch (principal.getPrincipalClassification()) {
                case ROLE -> {
                    MSPRole role = MSPRole.parseFrom(principal.getPrincipal());
                    Identity.Role wanted =
                            switch (role.getRole()) {
                                case MEMBER -> Identity.Role.MEMBER;
                                case ADMIN -> Identity.Role.ADMIN;
                                case CLIENT -> Identity.Role.CLIENT;
                                case PEER -> Identity.Role.PEER;
                                case ORDERER -> Identity.Role.ORDERER;
                                default -> throw new PolicyException(
                                        "MSP role " + role.getRoleValue() + " is not supported");
                            };
                    yield role.getMspIdentifier().equals(id.mspId())
                            && id.roles().contains(wanted);
                }
                case IDENTITY -> {
                    SerializedIdentity want = SerializedIdentity.parseFrom(principal.getPrincipal());
                    X509Certificate cert =
                            Signatures.certificate(want.getIdBytes().toByteArray());
                    yield want.getMspid().equals(id.mspId())
                            && java.util.Arrays.equals(
                                    cert.getEncoded(), id.certificate().getEncoded());
                }
                case ORGANIZATION_UNIT -> {
                    OrganizationUnit ou = OrganizationUnit.parseFrom(principal.getPrincipal());
                    yield ou.getMspIdentifier().equals(id.mspId())
                            && id.ous().contains(ou.getOrganizationalUnitIdentifier());
                }
                default -> throw new PolicyException(
                        "principal classification " + principal.getPrincipalClassification() + " is not supported");
            };
        } catch (InvalidProtocolBufferException | java.security.cert.CertificateException e) {
            throw new PolicyException("a principal of the policy cannot be parsed: " + e.getMessage());
        }
    }

    /** A policy that cannot be evaluated: missing, or of a kind this auditor does not support. */
    static final class PolicyException extends Exception {
        private static final long serialVersionUID = 1L;

        PolicyException(String message) {
            super(message);
        }
    }
}
