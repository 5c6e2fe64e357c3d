package org.depa.ledger.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Field checks shared by the chaincode and its clients. Each refusal names the field, so a person
 * reading the error knows what to fix, and each returns the normalised value the ledger stores.
 */
public final class Fields {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    private static final Pattern MSP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PURPOSE = Pattern.compile("[A-Z][A-Z0-9_]{1,31}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]*");

    /** Upper bound on any epsilon the ledger accepts; larger values give no meaningful privacy. */
    public static final BigDecimal MAX_EPSILON = new BigDecimal("100");
    /** Fixed-point precision of privacy budgets: six decimal places, exact. */
    public static final int EPSILON_SCALE = 6;

    public static final int DELTA_SCALE = 12;
    public static final long MAX_AMOUNT_MINOR = 1_000_000_000_000_000L;

    private Fields() {}

    public static LedgerRuleException invalid(String field, String why) {
        return new LedgerRuleException(ErrorCode.INVALID_ARGUMENT, "field '" + field + "' " + why);
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    public static String id(String field, String value) {
        required(field, value);
        if (!ID.matcher(value).matches()) {
            throw invalid(
                    field, "must be 2-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    public static String mspId(String field, String value) {
        required(field, value);
        if (!MSP_ID.matcher(value).matches()) {
            throw invalid(field, "is not a valid MSP ID");
        }
        return value;
    }

    public static String purpose(String field, String value) {
        required(field, value);
        if (!PURPOSE.matcher(value).matches()) {
            throw invalid(field, "must be an upper-case purpose code such as TRAINING");
        }
        return value;
    }

    public static String currency(String field, String value) {
        required(field, value);
        if (!CURRENCY.matcher(value).matches()) {
            throw invalid(field, "must be an ISO 4217 code such as INR");
        }
        return value;
    }

    public static String text(String field, String value, int maxLength) {
        required(field, value);
        if (value.isBlank()) {
            throw invalid(field, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw invalid(field, "is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                throw invalid(field, "contains a control character");
            }
        }
        return value;
    }

    public static String optionalText(String field, String value, int maxLength) {
        return value == null ? null : text(field, value, maxLength);
    }

    /** Lower-case hex of exactly {@code bytes} bytes; upper case is accepted and normalised. */
    public static String hex(String field, String value, int bytes) {
        required(field, value);
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.length() != bytes * 2 || !HEX.matcher(lower).matches()) {
            throw invalid(field, "must be " + bytes + " bytes of hex (" + bytes * 2 + " characters)");
        }
        return lower;
    }

    /** An Ethereum account address: {@code 0x} and 20 bytes of hex, normalised to lower case. */
    public static String chainAddress(String field, String value) {
        required(field, value);
        if (!value.startsWith("0x") || value.length() != 42) {
            throw invalid(field, "must be an account address: 0x and 40 hex characters");
        }
        String hex = hex(field, value.substring(2), 20);
        if (hex.equals("0".repeat(40))) {
            throw invalid(field, "must not be the zero address (tokens sent there are lost)");
        }
        return "0x" + hex;
    }

    public static String sha256Hex(String field, String value) {
        return hex(field, value, 32);
    }

    public static byte[] base64(String field, String value, int maxBytes) {
        required(field, value);
        byte[] decoded;
        try {
            decoded = java.util.Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "is not base64");
        }
        if (decoded.length == 0 || decoded.length > maxBytes) {
            throw invalid(field, "must decode to 1.." + maxBytes + " bytes");
        }
        return decoded;
    }

    public static Instant instant(String field, String value) {
        required(field, value);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    /** Epsilon: positive, at most {@link #MAX_EPSILON}, at most six decimal places. */
    public static BigDecimal epsilon(String field, BigDecimal value) {
        return positiveDecimal(field, value, MAX_EPSILON, EPSILON_SCALE);
    }

    /** Epsilon spent may be zero (a run that touched nothing), never negative. */
    public static BigDecimal epsilonSpent(String field, BigDecimal value) {
        required(field, value);
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return epsilon(field, value);
    }

    /** Delta: strictly between 0 and 1, at most twelve decimal places. */
    public static BigDecimal delta(String field, BigDecimal value) {
        BigDecimal d = positiveDecimal(field, value, BigDecimal.ONE, DELTA_SCALE);
        if (d.compareTo(BigDecimal.ONE) >= 0) {
            throw invalid(field, "must be below 1");
        }
        return d;
    }

    public static BigDecimal positiveDecimal(String field, BigDecimal value, BigDecimal max, int maxScale) {
        required(field, value);
        if (value.signum() <= 0) {
            throw invalid(field, "must be greater than zero");
        }
        if (value.compareTo(max) > 0) {
            throw invalid(field, "must be at most " + max.toPlainString());
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > maxScale) {
            throw invalid(field, "has more than " + maxScale + " decimal places");
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public static int intInRange(String field, Integer value, int min, int max) {
        required(field, value);
        if (value < min || value > max) {
            throw invalid(field, "must be between " + min + " and " + max);
        }
        return value;
    }

    public static long amountMinor(String field, Long value) {
        required(field, value);
        if (value < 0 || value > MAX_AMOUNT_MINOR) {
            throw invalid(field, "must be between 0 and " + MAX_AMOUNT_MINOR + " minor units");
        }
        return value;
    }

    public static <T> List<T> nonEmpty(String field, List<T> values, int max) {
        required(field, values);
        if (values.isEmpty()) {
            throw invalid(field, "must not be empty");
        }
        if (values.size() > max) {
            throw invalid(field, "has more than " + max + " entries");
        }
        for (int i = 0; i < values.size(); i++) {
            required(field + "[" + i + "]", values.get(i));
        }
        return values;
    }

    /** Normalised decimal for storage and output: no trailing zeros, never exponent notation. */
    public static BigDecimal normalise(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public static String toHex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
