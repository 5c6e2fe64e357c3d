package org.depa.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A certificate's validity period. The named periods are relative to the wall clock because TLS
 * stacks and the JDK check certificates against it; ledger tests that run on a fixed clock pass
 * their own instants through {@link #of}.
 */
public record Validity(Instant notBefore, Instant notAfter) {
    public Validity {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is before notBefore " + notBefore);
        }
    }

    public static Validity of(Instant notBefore, Instant notAfter) {
        return new Validity(notBefore, notAfter);
    }

    /** Valid from yesterday for a year: a day's margin so that clock skew between processes does not matter. */
    public static Validity current() {
        Instant now = Instant.now();
        return new Validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    /** Valid for ten years from two days ago: a CA outlives what it issues. */
    static Validity authority() {
        Instant now = Instant.now();
        return new Validity(now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(3650)));
    }

    /** Ended yesterday, after a month: for tests that a certificate past its end is refused. */
    public static Validity expired() {
        Instant now = Instant.now();
        return new Validity(now.minus(Duration.ofDays(31)), now.minus(Duration.ofDays(1)));
    }

    /** Starts tomorrow: for tests that a certificate before its start is refused. */
    public static Validity notYetValid() {
        Instant now = Instant.now();
        return new Validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(31)));
    }
}
