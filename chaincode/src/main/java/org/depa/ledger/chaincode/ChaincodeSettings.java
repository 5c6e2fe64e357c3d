package org.depa.ledger.chaincode;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Deployment settings every endorsing peer's chaincode process must share. On a peer they come
 * from the process environment, read once; an in-process ledger passes its own settings with each
 * transaction's stub ({@link Carrier}), so two ledgers in one JVM never share them.
 *
 * <p>The SRO's MSP id and the member organisations are <em>bootstrap</em> values only: they name
 * who may initialise the ledger (the SRO's first write) and what the governance record starts
 * with. From then on the chaincode reads both from the ledger ({@link Governing}), under a
 * key-level policy only the SRO's organisation can satisfy, so a process restarted with another
 * {@code DEPA_SRO_MSP_ID} changes nothing.
 *
 * @param sroMspId the MSP ID of the regulator's organisation (bootstrap)
 * @param chaincodeName the name bound into every signing payload (domain separation)
 * @param memberMspIds the channel's member organisations (bootstrap), for the majority part of
 *     key-level endorsement policies
 * @param developmentRoots the development switch: attestation roots besides AMD's that this
 *     deployment trusts, each the SHA-256 (hex) of a root certificate's SubjectPublicKeyInfo, or
 *     {@link #ANY_DEVELOPMENT_ROOT} for any self-signed root presented in a chain. Empty (the
 *     default) trusts AMD's roots only. Recorded in the governance record at initialisation, and
 *     honoured only as far as the ledger records it ({@link RunAttestation})
 */
public record ChaincodeSettings(
        String sroMspId, String chaincodeName, List<String> memberMspIds, List<String> developmentRoots) {
    public static final String SRO_MSP_ENV = "DEPA_SRO_MSP_ID";
    public static final String CHAINCODE_NAME_ENV = "DEPA_CHAINCODE_NAME";
    public static final String MEMBERS_ENV = "DEPA_MEMBER_MSP_IDS";
    public static final String DEVELOPMENT_ROOTS_ENV = "DEPA_ATTESTATION_DEVELOPMENT_ROOTS";
    public static final String ANY_DEVELOPMENT_ROOT = "any";
    /**
     * A peer's chaincode process only, not a field of these settings: how far a proposal's
     * timestamp may be from the process's own clock (default 5 minutes; {@link ProposalTimeWindow}).
     * The embedded ledger stamps transactions itself and has no such window.
     */
    public static final String TX_TIME_WINDOW_ENV = "DEPA_TX_TIME_WINDOW";

    private static final java.util.regex.Pattern PIN = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    public static final String DEFAULT_SRO_MSP = "SROMSP";
    public static final String DEFAULT_CHAINCODE_NAME = "depa";
    public static final List<String> DEFAULT_MEMBERS = List.of("ConsumerMSP", "ProviderMSP", "SROMSP");

    /**
     * This process's settings when the stub carries none: a peer's chaincode process. In a holder,
     * so that loading this class reads no environment: {@link ChaincodeMain} reads it first, and a
     * malformed value stops the process there instead of failing every proposal later.
     */
    private static final class Environment {
        static final ChaincodeSettings SETTINGS = fromEnvironment();
    }

    public ChaincodeSettings {
        Objects.requireNonNull(sroMspId, "sroMspId");
        Objects.requireNonNull(chaincodeName, "chaincodeName");
        memberMspIds = List.copyOf(memberMspIds);
        developmentRoots = developmentRoots.stream()
                .map(r -> r.trim().toLowerCase(java.util.Locale.ROOT))
                .filter(r -> !r.isEmpty())
                .sorted()
                .distinct()
                .toList();
        for (String root : developmentRoots) {
            if (!root.equals(ANY_DEVELOPMENT_ROOT) && !PIN.matcher(root).matches()) {
                throw new IllegalArgumentException(DEVELOPMENT_ROOTS_ENV + ": '" + root
                        + "' is neither 'any' nor the SHA-256 (64 hex digits) of a root's SubjectPublicKeyInfo");
            }
        }
    }

    public ChaincodeSettings(String sroMspId, String chaincodeName, List<String> memberMspIds) {
        this(sroMspId, chaincodeName, memberMspIds, List.of());
    }

    public ChaincodeSettings(String sroMspId, String chaincodeName) {
        this(sroMspId, chaincodeName, DEFAULT_MEMBERS);
    }

    /** A stub that brings its ledger's settings: the embedded ledger's. A peer's stub does not. */
    public interface Carrier {
        ChaincodeSettings chaincodeSettings();
    }

    static ChaincodeSettings of(ChaincodeStub stub) {
        return stub instanceof Carrier c ? c.chaincodeSettings() : Environment.SETTINGS;
    }

    static ChaincodeSettings fromEnvironment() {
        String sro = System.getenv().getOrDefault(SRO_MSP_ENV, DEFAULT_SRO_MSP);
        String name = System.getenv().getOrDefault(CHAINCODE_NAME_ENV, DEFAULT_CHAINCODE_NAME);
        String members = System.getenv(MEMBERS_ENV);
        List<String> list = members == null || members.isBlank()
                ? DEFAULT_MEMBERS
                : Arrays.stream(members.split(","))
                        .map(String::trim)
                        .filter(m -> !m.isEmpty())
                        .sorted()
                        .toList();
        String roots = System.getenv().getOrDefault(DEVELOPMENT_ROOTS_ENV, "");
        return new ChaincodeSettings(sro, name, list, Arrays.asList(roots.split(",")));
    }
}
