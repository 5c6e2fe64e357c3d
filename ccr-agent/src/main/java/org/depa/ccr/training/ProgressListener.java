package org.depa.ccr.training;

/** Told about training as it goes; {@link ConsoleProgress} draws a progress bar. */
public interface ProgressListener {
    /** Called once before the first step, also on resume. */
    default void started(int totalEpochs, int stepsPerEpoch, double epsilonBudget, int resumedAfterEpoch) {}

    /** Called after each DP-SGD step. */
    default void step(int epoch, int stepInEpoch, double epsilonSpent) {}

    /** Called after each epoch (after its checkpoint is on disk). */
    default void epochDone(EpochRecord epoch, int totalEpochs, double epsilonBudget) {}

    /** Called when training stops, with the reason. */
    default void finished(StopReason reason, double epsilonSpent) {}

    /** Listens to nothing. */
    ProgressListener NONE = new ProgressListener() {};
}
