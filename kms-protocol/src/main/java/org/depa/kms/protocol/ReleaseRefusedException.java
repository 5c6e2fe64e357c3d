package org.depa.kms.protocol;

import java.util.Objects;

/**
 * The bridge refused the release with a problem document. Nothing was released; a new attempt needs a new
 * challenge.
 */
public final class ReleaseRefusedException extends KeyReleaseException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // a record of strings; exceptions are not serialised here
    private final Problem problem;

    public ReleaseRefusedException(Problem problem) {
        super(
                "bridge refused the release: "
                        + Objects.requireNonNull(problem, "problem").reasonCode() + " (" + problem.status() + "): "
                        + problem.detail(),
                null);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public RefusalCode reasonCode() {
        return problem.reasonCode();
    }
}
