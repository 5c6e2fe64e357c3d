package org.depa.ccr.training;

/**
 * One epoch of the private model's training.
 *
 * @param epoch 1-based
 * @param steps DP-SGD steps in this epoch (fewer than planned if the budget ran out)
 * @param trainLoss mean loss over the examples the steps sampled, before the update
 * @param validationLoss mean cross-entropy on the validation split after the epoch
 * @param validationAccuracy accuracy on the validation split
 * @param validationF1 F1 on the validation split
 * @param validationRocAuc ROC-AUC on the validation split
 * @param epsilonSpent epsilon spent after this epoch, at the run's delta
 * @param seconds wall time of the epoch's steps
 */
public record EpochRecord(
        int epoch,
        long steps,
        double trainLoss,
        double validationLoss,
        double validationAccuracy,
        double validationF1,
        double validationRocAuc,
        double epsilonSpent,
        double seconds) {}
