package org.depa.payments.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.depa.ledger.model.Json;

/**
 * What the running relay is doing, written to {@code stateDir/status.json} (replaced atomically)
 * whenever it changes: the deployment's {@code status} and an operator read it instead of the log.
 * It names ledger ids and reasons only, never a key.
 *
 * @param state STARTING (the chain not reached yet), FOLLOWING, UNREGISTERED (its participant not on the ledger yet;
 *     retried), RETRYING (a step failed: {@code
 *     problem} says why; it is tried again at {@code retryAt}), STOPPING, STOPPED
 * @param checkpoint the last event handled, "BLOCK TXID" (as the checkpoint file)
 * @param settled instructions this process recorded as settled on the ledger
 * @param waiting the instructions left PENDING, each with the reason
 * @param watchedForExpiry active contracts whose validity the relay watches
 */
public record RelayStatus(
        String state,
        long pid,
        String relayId,
        String updated,
        String checkpoint,
        long eventsHandled,
        long settled,
        List<Waiting> waiting,
        String problem,
        String retryAt,
        int watchedForExpiry) {
    public static final String FILE = "status.json";

    /** One instruction left PENDING and why. */
    public record Waiting(String paymentId, String reason) {}

    public RelayStatus {
        waiting = List.copyOf(waiting);
    }

    /** The status the relay in {@code stateDir} wrote last. */
    public static RelayStatus read(Path stateDir) throws IOException {
        return Json.read(Files.readString(stateDir.resolve(FILE)), RelayStatus.class);
    }

    void write(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        try {
            Files.writeString(
                    tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
