package org.depa.ledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.junit.jupiter.api.Test;

/**
 * Key-level policies parsed once per exact bytes: every verdict and organisation list equals what
 * the code before the cache gave (kept below as the reference, parsing on every call), over random
 * policies (nested n-out-of rules, repeated and unknown principals, principals that are not MSP
 * roles, unreadable and truncated bytes), random endorsers, more distinct policies than the cache
 * holds, and arrays the caller changes after a call.
 */
class EndorsementPolicyCacheTest {
    private static final List<String> ORGS = List.of("SROMSP", "ProviderMSP", "ConsumerMSP", "OtherMSP", "NewMSP");

    @Test
    void cachedVerdictsEqualParsingEveryTime() {
        Random random = new Random(20261205L);
        List<byte[]> policies = new ArrayList<>();
        for (int i = 0; i < 3 * EndorsementPolicy.CACHE_LIMIT; i++) {
            policies.add(randomPolicy(random));
        }
        int satisfied = 0;
        for (int round = 0; round < 20_000; round++) {
            // Half the lookups among a few policies (hits), half across all of them (misses and clearing).
            byte[] policy = policies.get(random.nextInt(random.nextBoolean() ? 8 : policies.size()));
            Set<String> endorsers = randomEndorsers(random);
            boolean verdict = EndorsementPolicy.satisfied(policy, endorsers);
            assertThat(verdict).as("verdict, round %d", round).isEqualTo(referenceSatisfied(policy, endorsers));
            assertThat(EndorsementPolicy.organisations(policy)).isEqualTo(referenceOrganisations(policy));
            satisfied += verdict ? 1 : 0;
        }
        assertThat(satisfied)
                .as("the random policies are satisfied sometimes, not never or always")
                .isBetween(1000, 19_000);
    }

    @Test
    void aCallerChangingItsArrayDoesNotChangeTheCache() {
        byte[] policy = envelope(SignaturePolicy.newBuilder().setSignedBy(0).build(), List.of(role("ProviderMSP")))
                .toByteArray();
        byte[] mine = policy.clone();
        assertThat(EndorsementPolicy.satisfied(mine, Set.of("ProviderMSP"))).isTrue();
        // Same length, another organisation: the cache must not answer for the old bytes.
        byte[] other = envelope(SignaturePolicy.newBuilder().setSignedBy(0).build(), List.of(role("ConsumerMSP")))
                .toByteArray();
        assertThat(other).hasSameSizeAs(mine);
        System.arraycopy(other, 0, mine, 0, mine.length);
        assertThat(EndorsementPolicy.satisfied(mine, Set.of("ProviderMSP"))).isFalse();
        assertThat(EndorsementPolicy.satisfied(policy, Set.of("ProviderMSP"))).isTrue();
        assertThat(EndorsementPolicy.organisations(mine)).containsExactly("ConsumerMSP");
    }

    @Test
    void unreadableBytesAreNeverSatisfied() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
        for (int i = 0; i < 2; i++) {
            assertThat(EndorsementPolicy.satisfied(garbage, Set.copyOf(ORGS))).isFalse();
            assertThat(EndorsementPolicy.organisations(garbage)).isEmpty();
        }
    }

    private static byte[] randomPolicy(Random random) {
        List<MSPPrincipal> identities = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(25) == 0) {
                identities.add(MSPPrincipal.newBuilder()
                        .setPrincipalClassification(MSPPrincipal.Classification.IDENTITY)
                        .setPrincipal(ByteString.copyFromUtf8("x509"))
                        .build());
            } else if (random.nextInt(40) == 0) {
                identities.add(MSPPrincipal.newBuilder()
                        .setPrincipalClassification(MSPPrincipal.Classification.ROLE)
                        .setPrincipal(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01}))
                        .build());
            } else {
                identities.add(role(ORGS.get(random.nextInt(ORGS.size()))));
            }
        }
        byte[] bytes = envelope(randomRule(random, n + 1, 3), identities).toByteArray();
        if (random.nextInt(30) == 0) {
            return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)); // truncated
        }
        return bytes;
    }

    /** An n-out-of tree; a principal index may be out of range (never satisfied, as in Fabric). */
    private static SignaturePolicy randomRule(Random random, int principals, int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            return SignaturePolicy.newBuilder()
                    .setSignedBy(random.nextInt(principals))
                    .build();
        }
        int rules = 1 + random.nextInt(4);
        SignaturePolicy.NOutOf.Builder nOutOf =
                SignaturePolicy.NOutOf.newBuilder().setN(random.nextInt(rules + 1));
        for (int i = 0; i < rules; i++) {
            nOutOf.addRules(randomRule(random, principals, depth - 1));
        }
        return SignaturePolicy.newBuilder().setNOutOf(nOutOf).build();
    }

    private static Set<String> randomEndorsers(Random random) {
        Set<String> out = new TreeSet<>();
        for (String org : ORGS) {
            if (random.nextBoolean()) {
                out.add(org);
            }
        }
        return out;
    }

    private static MSPPrincipal role(String msp) {
        return MSPPrincipal.newBuilder()
                .setPrincipalClassification(MSPPrincipal.Classification.ROLE)
                .setPrincipal(MSPRole.newBuilder()
                        .setMspIdentifier(msp)
                        .setRole(MSPRole.MSPRoleType.PEER)
                        .build()
                        .toByteString())
                .build();
    }

    private static SignaturePolicyEnvelope envelope(SignaturePolicy rule, List<MSPPrincipal> identities) {
        return SignaturePolicyEnvelope.newBuilder()
                .setVersion(0)
                .setRule(rule)
                .addAllIdentities(identities)
                .build();
    }

    // ---- The reference: EndorsementPolicy before the cache, parsing on every call. ----

    private static boolean referenceSatisfied(byte[] envelopeBytes, Set<String> endorsingOrgs) {
        SignaturePolicyEnvelope envelope;
        try {
            envelope = SignaturePolicyEnvelope.parseFrom(envelopeBytes);
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
        List<String> principals = new ArrayList<>();
        for (MSPPrincipal p : envelope.getIdentitiesList()) {
            if (p.getPrincipalClassification() != MSPPrincipal.Classification.ROLE) {
                return false;
            }
            try {
                principals.add(MSPRole.parseFrom(p.getPrincipal()).getMspIdentifier());
            } catch (InvalidProtocolBufferException e) {
                return false;
            }
        }
        List<String> endorsers = List.copyOf(new TreeSet<>(endorsingOrgs));
        return referenceEvaluate(envelope.getRule(), principals, endorsers, new boolean[endorsers.size()]);
    }

    private static List<String> referenceOrganisations(byte[] envelopeBytes) {
        try {
            List<String> out = new ArrayList<>();
            for (MSPPrincipal p :
                    SignaturePolicyEnvelope.parseFrom(envelopeBytes).getIdentitiesList()) {
                out.add(MSPRole.parseFrom(p.getPrincipal()).getMspIdentifier());
            }
            return out;
        } catch (InvalidProtocolBufferException e) {
            return List.of();
        }
    }

    private static boolean referenceEvaluate(
            SignaturePolicy rule, List<String> principals, List<String> endorsers, boolean[] used) {
        if (rule.hasSignedBy()) {
            int index = rule.getSignedBy();
            if (index < 0 || index >= principals.size()) {
                return false;
            }
            for (int i = 0; i < endorsers.size(); i++) {
                if (!used[i] && endorsers.get(i).equals(principals.get(index))) {
                    used[i] = true;
                    return true;
                }
            }
            return false;
        }
        if (rule.hasNOutOf()) {
            int verified = 0;
            boolean[] trial = new boolean[used.length];
            for (SignaturePolicy sub : rule.getNOutOf().getRulesList()) {
                System.arraycopy(used, 0, trial, 0, used.length);
                if (referenceEvaluate(sub, principals, endorsers, trial)) {
                    verified++;
                    System.arraycopy(trial, 0, used, 0, used.length);
                }
            }
            return verified >= rule.getNOutOf().getN();
        }
        return false;
    }
}
