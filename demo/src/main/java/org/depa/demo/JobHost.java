package org.depa.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.demo.party.Party;
import org.depa.ledger.model.crypto.SigningPayloads;

/**
 * Where the CCR provider's operator runs the TDC's job, and how the TDC reads the job's progress
 * and sealed output: an operator in this JVM whose job-output service the TDC calls with its
 * organisation's token (the quick start), or a deployment's operator process, reached only through
 * the TDC's own gateway.
 */
interface JobHost extends AutoCloseable {
    /**
     * Opens the host of the scenario's jobs for {@code tdc} and {@code ccr}; an operator started
     * here launches clean rooms that attest with {@code chip} (a deployment's already has its own) and
     * take only a sealed spec.
     */
    @FunctionalInterface
    interface Opener {
        JobHost open(Party tdc, Party ccr, SnpEmulator chip, SigningPayloads.Domain domain) throws IOException;
    }

    /** How the TDC reaches the ledger: the route of its output key and its job submission. */
    String tdcConnection();

    /** One line saying which process schedules and launches the job, and where it keeps it. */
    String operator();

    /** One line saying which route the TDC's reads of progress and output take. */
    String outputsRoute();

    /**
     * {@code GET /v1/jobs/{jobId}/{route}} ({@code progress}, {@code outputs}, {@code outputs/NAME})
     * as the job's TDC; an answer other than 200 (not reported yet, refused) is an IOException.
     */
    byte[] get(String jobId, String route) throws IOException, InterruptedException;

    /** The job's clean-room workspace, if this process can see it (its log, the launch record). */
    Optional<Path> workspace(String jobId);

    @Override
    void close();
}
