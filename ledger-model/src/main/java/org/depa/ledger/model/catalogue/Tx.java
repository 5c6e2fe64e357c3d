package org.depa.ledger.model.catalogue;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.depa.ledger.model.Json;

/**
 * One chaincode transaction: its qualified name, how its request travels as arguments and what its
 * result is. The constants live in one class per chaincode area ({@link Participants},
 * {@link Contracts}, ...), where the area's name is bound once; clients, the gateway, the agent,
 * the bridges and the chaincode itself name transactions only through them, so a request of the
 * wrong type for a transaction does not compile.
 *
 * @param <Q> the request: a record sent as one canonical JSON argument, a plain id, {@code Void}
 *     for none, or a record spread over several plain arguments
 * @param <R> the result the chaincode returns as canonical JSON
 */
public final class Tx<Q, R> {
    /** Whether the transaction writes (endorse, order, commit) or only reads the peer's state. */
    public enum Intent {
        SUBMIT,
        EVALUATE
    }

    private final String area;
    private final String transaction;
    private final Intent intent;
    private final Arguments<Q> arguments;
    private final ResultType<R> result;

    Tx(String area, String transaction, Intent intent, Arguments<Q> arguments, ResultType<R> result) {
        this.area = Objects.requireNonNull(area, "area");
        this.transaction = Objects.requireNonNull(transaction, "transaction");
        this.intent = Objects.requireNonNull(intent, "intent");
        this.arguments = Objects.requireNonNull(arguments, "arguments");
        this.result = Objects.requireNonNull(result, "result");
    }

    /** The chaincode's contract name (Fabric's word), e.g. {@code contracts}. */
    public String area() {
        return area;
    }

    /** The transaction within its area, e.g. {@code sign}: the chaincode method's name. */
    public String transaction() {
        return transaction;
    }

    /** The name Fabric routes by, {@code area:transaction}, e.g. {@code contracts:sign}. */
    public String name() {
        return area + ":" + transaction;
    }

    public Intent intent() {
        return intent;
    }

    public Arguments<Q> arguments() {
        return arguments;
    }

    public ResultType<R> resultType() {
        return result;
    }

    /** The request as the chaincode's string arguments. */
    public String[] encode(Q request) {
        return arguments.encode(request);
    }

    /**
     * The chaincode's side of {@link #encode}: parses its string arguments strictly, refusing
     * malformed input with a {@link org.depa.ledger.model.LedgerRuleException} naming the field.
     */
    public Q decode(String... args) {
        return arguments.decode(args);
    }

    /** Parses the chaincode's result bytes. */
    public R result(byte[] bytes) {
        return result.read(new String(Objects.requireNonNull(bytes, "bytes"), StandardCharsets.UTF_8), this);
    }

    /** The result as the chaincode returns it: canonical JSON (RFC 8785). */
    public String resultText(R value) {
        return Json.canonicalString(Objects.requireNonNull(value, name() + " returned nothing"));
    }

    @Override
    public String toString() {
        return name();
    }
}
