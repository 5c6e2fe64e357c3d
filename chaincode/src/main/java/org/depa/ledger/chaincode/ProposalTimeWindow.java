package org.depa.ledger.chaincode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.depa.ledger.model.ErrorCode;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * Bounds the time a Fabric client may claim. On Fabric the chaincode's clock ({@link
 * DepaContext#now()}) is the proposal's channel-header timestamp, which the submitting client
 * writes and signs, and Fabric 2.5 checks it nowhere. Without a bound any member could
 * forward-date {@code contracts:expire} to expire a live contract, and a TDC and CCR provider
 * could backdate job and run steps onto an expired contract. So a peer's chaincode process refuses
 * every proposal whose timestamp is further than the window from its own clock, in either
 * direction ({@link ErrorCode#TIMESTAMP_OUTSIDE_WINDOW}).
 *
 * <p>This is the one deliberate wall-clock read of the chaincode, and it is safe for determinism:
 * it only refuses, it never changes what a transaction reads or writes, so every endorsement that
 * succeeds carries the same read-write set as on any other peer. Chaincode runs only at
 * endorsement (committing peers validate signatures and versions; they do not re-run it), so the
 * read happens once per endorsing peer and never during validation. A hostile member's own peer
 * may skip the check, but the chaincode's MAJORITY endorsement policy (and the key-level
 * policies, which add a majority) needs other organisations' peers too, each checking against its
 * own clock; passing a time outside the window takes a majority of organisations colluding.
 * Within the window a client can still shift its time by up to the window.
 *
 * <p>Only the Fabric process has it ({@link TransactionRouter#forProcess}): the embedded ledger
 * stamps each transaction with its own clock, so there is nothing to bound, and its tests move that
 * clock freely. The clock is passed in, so tests fix it.
 */
final class ProposalTimeWindow {
    /** The chaincode process's setting: how far a proposal's time may be from the peer's clock. */
    static final String ENV = ChaincodeSettings.TX_TIME_WINDOW_ENV;

    static final Duration DEFAULT = Duration.ofMinutes(5);
    /** Under a second honest clients with ordinary clock drift would be refused. */
    static final Duration MIN = Duration.ofSeconds(1);
    /** Over an hour the window stops bounding anything worth bounding (contracts are valid for days). */
    static final Duration MAX = Duration.ofHours(1);

    private static final Pattern SHORT = Pattern.compile("(\\d{1,7})(ms|s|m|h)");

    private final Clock clock;
    private final Duration window;

    ProposalTimeWindow(Clock clock, Duration window) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        if (window.compareTo(MIN) < 0 || window.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(
                    ENV + ": " + describe(window) + " is outside " + describe(MIN) + " to " + describe(MAX));
        }
    }

    /** The window the process environment sets ({@link #ENV}; unset or blank: {@link #DEFAULT}). */
    static ProposalTimeWindow fromEnvironment(Clock clock) {
        return new ProposalTimeWindow(clock, parse(System.getenv(ENV)));
    }

    /**
     * A window as written in {@link #ENV}: a whole number and a unit ({@code 300s}, {@code 5m},
     * {@code 1h}, {@code 1500ms}) or ISO-8601 ({@code PT5M}); null or blank is the default.
     *
     * @throws IllegalArgumentException naming the setting and the value, if it is neither
     */
    static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        String t = text.trim();
        Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    ENV + ": '" + t + "' is not a duration (write it as 300s, 5m, 1h or PT5M)", e);
        }
    }

    /**
     * Refuses a proposal stamped further than the window from this process's clock; the boundary
     * itself is inside.
     *
     * @throws ChaincodeException TIMESTAMP_OUTSIDE_WINDOW, in the form every refusal takes ({@link
     *     TxRunner}): the code leads the message and is the payload
     */
    void check(Instant proposalTime) {
        Instant peer = clock.instant();
        Duration skew = Duration.between(peer, proposalTime);
        if (skew.abs().compareTo(window) <= 0) {
            return;
        }
        String code = ErrorCode.TIMESTAMP_OUTSIDE_WINDOW.name();
        throw new ChaincodeException(
                code + ": the proposal's time " + proposalTime + " is " + describe(skew.abs())
                        + (skew.isNegative() ? " behind" : " ahead of") + " this peer's time " + peer
                        + "; proposals are accepted within " + describe(window)
                        + " of the endorsing peers' clocks (is the client's clock right?)",
                code.getBytes(StandardCharsets.UTF_8));
    }

    /** "5 min", "8 d 1.250 s", "1 h 30 s": the units that are not zero, milliseconds only when there are some. */
    static String describe(Duration d) {
        long ms = d.toMillis();
        StringBuilder out = new StringBuilder();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L};
        String[] units = {"d", "h", "min"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                out.append(ms / sizes[i]).append(' ').append(units[i]).append(' ');
                ms %= sizes[i];
            }
        }
        if (ms % 1000 != 0) {
            out.append(String.format(Locale.ROOT, "%d.%03d s", ms / 1000, ms % 1000));
        } else if (ms != 0 || out.length() == 0) {
            out.append(ms / 1000).append(" s");
        }
        return out.toString().strip();
    }
}
