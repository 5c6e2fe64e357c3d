package org.depa.kms.protocol;

/** The bridge's endpoints, relative to its base URI. */
public final class KmsPaths {
    /** POST a {@link ChallengeRequest}: answers a {@link Challenge} or an application/problem+json {@link Problem}. */
    public static final String CHALLENGE = "v1/key-release/challenge";
    /** POST a {@link ReleaseRequest}: answers a {@link ReleaseResponse} or an application/problem+json {@link Problem}. */
    public static final String RELEASE = "v1/key-release/release";

    /**
     * POST a {@link SpecReleaseRequest} to a job's TDC's bridge (after a challenge at {@link #CHALLENGE}): answers a
     * {@link SpecReleaseResponse} or a problem document.
     */
    public static final String SPEC_RELEASE = "v1/spec-key-release/release";

    public static final String PROBLEM_JSON = "application/problem+json";

    private KmsPaths() {}
}
