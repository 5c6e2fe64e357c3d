package org.depa.ccr.agent;

import org.depa.kms.protocol.RunKeySigner;

/**
 * Where the agent gets the TDC's model spec and its salt, once its run has started and before any dataset key is
 * asked for. A training job's clean room opens the TDC's sealed spec with a key the TDC's own bridge releases to
 * this run (the same evidence as a dataset key: a fresh report from the chip that started the run, bound to the
 * bridge's nonce and an ephemeral key, and the run key's signature). Implementations write the opened spec to
 * {@link Agent.Settings#modelSpec()} and return the settings with its salt; they throw {@link AgentException} with
 * stage MODEL_SPEC (the spec does not open) or KEY_RELEASE (the key was refused).
 */
public interface SpecSource {
    /** The settings with the opened spec at {@code settings.modelSpec()} and its salt. */
    Agent.Settings open(Agent.Settings settings, EvidenceSource evidence, RunKeySigner runKey);

    /** The spec and salt the settings already hold (a run outside a job, or a development clean room). */
    static SpecSource given() {
        return (settings, evidence, runKey) -> settings;
    }
}
