package org.depa.ccr.operator;

/**
 * {@code progress.json} as the clean room replaces it after each epoch: how far training is, the
 * training loss and the privacy budget (epsilon) spent so far. Nothing in it is data.
 */
record JobProgress(String jobId, int epoch, int epochs, double loss, double epsilonSpent, String updated) {

    JobProgress checked(String expectedJobId) {
        if (!expectedJobId.equals(jobId)) {
            throw new IllegalArgumentException("jobId is '" + jobId + "', not '" + expectedJobId + "'");
        }
        if (epochs < 1 || epoch < 0 || epoch > epochs) {
            throw new IllegalArgumentException("epoch " + epoch + " of " + epochs + " is out of range");
        }
        if (!Double.isFinite(loss) || !Double.isFinite(epsilonSpent) || epsilonSpent < 0) {
            throw new IllegalArgumentException("loss and epsilonSpent must be finite, epsilonSpent >= 0");
        }
        if (updated == null) {
            throw new IllegalArgumentException("updated is required");
        }
        return this;
    }
}
