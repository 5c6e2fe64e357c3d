package org.depa.ledger.storage;

import java.nio.file.Path;
import org.depa.ledger.client.embedded.EmbeddedLedger;

/** Opens the ledger in {@code args[0]} in its own process, says so, and holds it until killed. */
public final class LedgerHolder {
    static final String OPEN = "LEDGER-OPEN";

    private LedgerHolder() {}

    public static void main(String[] args) throws InterruptedException {
        try (EmbeddedLedger ledger =
                EmbeddedLedger.builder().directory(Path.of(args[0])).open()) {
            System.out.println(OPEN + " " + ProcessHandle.current().pid() + " height " + ledger.height());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
