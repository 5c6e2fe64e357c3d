package org.depa.payments.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.EscrowDeployment;
import org.web3j.crypto.Credentials;

/**
 * The payment relay as a process. {@code RelayMain relay.properties}: the relay's long-running
 * service (follows the ledger's events from its checkpoint until SIGTERM: {@link RelayProcess},
 * {@link RelayService}; the properties are listed in payments/README.md).
 *
 * <p>With options instead, one pass over an embedded ledger directory: settles the PENDING
 * instructions of one contract and exits (0: all settled, 3: some still pending, with the
 * reasons printed; 2: bad usage). Options (all required but --confirmations (default 2),
 * --resend-after (seconds, default 3) and --poll-ms (how often a receipt or the chain's head is
 * asked for, default {@link Chain#DEFAULT_POLL_INTERVAL}, 1000 ms; 10 to 60000)):
 * --ledger-dir, --relay-id, --relay-msp, --relay-cert (PEM file), --rpc-url, --chain-id,
 * --key-file (hex private key of the escrow's settlement role), --token, --escrow, --journal,
 * --contract. The payees' accounts are read from the contract's signed terms, not given. With
 * {@code --in-flight together} the contract's instructions are settled with their transactions in
 * flight together ({@link PaymentRelay#settleAll}, what the service does), else one at a time.
 *
 * <p>With DEPA_RELAY_STOP_AT=point (checked, before-send, after-send, mined, after-confirm, after-record;
 * {@code point#n}: its n-th time) the process writes {@code <journal>/stopped-at} at that point and
 * waits to be killed: the crash tests kill it there with SIGKILL.
 */
public final class RelayMain {
    private RelayMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && !args[0].startsWith("--")) {
            System.exit(RelayProcess.run(Path.of(args[0])));
        }
        Map<String, String> o = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage("unexpected argument " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : new String[] {
            "ledger-dir",
            "relay-id",
            "relay-msp",
            "relay-cert",
            "rpc-url",
            "chain-id",
            "key-file",
            "token",
            "escrow",
            "journal",
            "contract"
        }) {
            if (!o.containsKey(required)) {
                usage("missing --" + required);
            }
        }
        Path journalDir = Path.of(o.get("journal"));
        String stopAt = System.getenv("DEPA_RELAY_STOP_AT");
        String together = o.getOrDefault("in-flight", "one");
        if (!together.equals("one") && !together.equals("together")) {
            usage("--in-flight must be 'one' or 'together', got '" + together + "'");
        }
        RelayHook hook = stopAt == null ? RelayHook.NONE : stopAt(journalDir, stopAt);
        Credentials key = Credentials.create(Files.readString(Path.of(o.get("key-file")), StandardCharsets.UTF_8)
                .strip());
        long pollMs = number(o, "poll-ms", Chain.DEFAULT_POLL_INTERVAL.toMillis());
        if (pollMs < 10 || pollMs > 60_000) {
            usage("--poll-ms must be between 10 and 60000 (milliseconds), got " + pollMs);
        }
        long confirmations = number(o, "confirmations", 2);
        long resendAfter = number(o, "resend-after", 3);
        if (confirmations < 1 || confirmations > 10_000 || resendAfter < 1) {
            usage("--confirmations must be 1 to 10000 and --resend-after at least 1, got " + confirmations + " and "
                    + resendAfter);
        }
        try (EmbeddedLedger ledger = EmbeddedLedger.builder()
                        .directory(Path.of(o.get("ledger-dir")))
                        .sroMspId(o.getOrDefault("sro-msp", "SROMSP"))
                        .chaincodeName(o.getOrDefault("chaincode", "depa"))
                        .open();
                Chain chain =
                        Chain.connect(o.get("rpc-url"), Long.parseLong(o.get("chain-id")), Duration.ofMillis(pollMs))) {
            String cert = Files.readString(Path.of(o.get("relay-cert")), StandardCharsets.UTF_8);
            TypedLedger relayLedger = new TypedLedger(ledger.connect(new LedgerIdentity(o.get("relay-msp"), cert)));
            RelayConfig config = new RelayConfig(
                    chain,
                    key,
                    new EscrowDeployment(o.get("token"), o.get("escrow")),
                    o.get("relay-id"),
                    (int) confirmations,
                    Duration.ofSeconds(resendAfter));
            RelayJournal journal = new RelayJournal(journalDir);
            PaymentRelay relay = new PaymentRelay(config, relayLedger, journal, hook);
            boolean allSettled = true;
            List<PaymentRelay.Outcome> outcomes = together.equals("together")
                    ? relay.settleAll(relayLedger.evaluate(
                            org.depa.ledger.model.catalogue.Payments.LIST_BY_CONTRACT, o.get("contract")))
                    : relay.settleContract(o.get("contract"));
            for (PaymentRelay.Outcome out : outcomes) {
                System.out.println(out.paymentId() + " " + out.status() + " "
                        + (out.txHash() != null ? out.txHash() + " block " + out.blockNumber() : out.reason()));
                allSettled &= out.status() == org.depa.ledger.model.domain.PaymentStatus.SETTLED;
            }
            journal.close(); // the RECORDED entries kept for the next sync
            System.exit(allSettled ? 0 : 3);
        }
    }

    /** A hook that stops at {@code spec}: a point, or {@code point#n} for its n-th time. */
    private static RelayHook stopAt(Path journalDir, String spec) {
        String point = spec.contains("#") ? spec.substring(0, spec.indexOf('#')) : spec;
        int nth = spec.contains("#") ? Integer.parseInt(spec.substring(spec.indexOf('#') + 1)) : 1;
        int[] seen = {0};
        return (at, id) -> {
            if (at.equals(point) && ++seen[0] == nth) {
                stopHere(journalDir, at + " " + id);
            }
        };
    }

    private static void stopHere(Path journalDir, String what) {
        try {
            Files.writeString(journalDir.resolve("stopped-at"), what + "\n", StandardCharsets.UTF_8);
            Thread.sleep(Long.MAX_VALUE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The whole number given for {@code --name}, or {@code otherwise}; a usage error names a bad one. */
    private static long number(Map<String, String> o, String name, long otherwise) {
        String v = o.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            usage("--" + name + " must be a whole number, got '" + v + "'");
            return otherwise;
        }
    }

    private static void usage(String problem) {
        System.err.println("payment-relay: " + problem);
        System.exit(2);
    }
}
