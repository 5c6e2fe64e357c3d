package org.depa.ccr.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.depa.ledger.model.Json;

/**
 * The operator's own record of one job, {@code operator-job.json} in the job's workspace, replaced
 * atomically: how many times its clean room was launched, and the process of the latest launch
 * (its pid and start time, so an operator restarted while that process still runs waits for it
 * instead of launching a second one). The job's status itself is the ledger's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobRecord(String jobId, int attempts, Long pid, Long pidStartMillis, String lastFailure) {
    static final String FILE = "operator-job.json";

    static JobRecord fresh(String jobId) {
        return new JobRecord(jobId, 0, null, null, null);
    }

    JobRecord launched(ProcessHandle process) {
        return new JobRecord(jobId, attempts + 1, process.pid(), startMillis(process), lastFailure);
    }

    JobRecord exited(String failure) {
        return new JobRecord(jobId, attempts, null, null, failure);
    }

    static Long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(i -> i.toEpochMilli()).orElse(null);
    }

    static JobRecord readOrNull(Path workspace) {
        Path f = workspace.resolve(FILE);
        if (!Files.exists(f)) {
            return null;
        }
        try {
            return Json.read(Files.readString(f), JobRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    void write(Path workspace) {
        DurableFiles.writeJson(workspace.resolve(FILE), this);
    }

    /** The process of the latest launch if it still runs (the same pid and start time), else null. */
    ProcessHandle liveProcess() {
        if (pid == null) {
            return null;
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> pidStartMillis == null || pidStartMillis.equals(startMillis(p)))
                .orElse(null);
    }
}
