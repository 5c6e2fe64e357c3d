package org.depa.ledger.model.catalogue;

import java.util.Objects;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.tx.ContractVersionRef;

/**
 * How a transaction's request travels as the chaincode's string arguments. Most requests are one
 * canonical JSON document; lookups take a plain id, so that peers' logs and Fabric's own tools show
 * it as it is.
 */
public sealed interface Arguments<Q>
        permits Arguments.JsonDocument, Arguments.PlainId, Arguments.None, Arguments.VersionRef {

    /** How many string arguments the chaincode method takes after its context. */
    int arity();

    /** The Java type of the request. */
    Class<Q> requestType();

    String[] encode(Q request);

    Q decode(String... args);

    static <Q> Arguments<Q> json(Class<Q> type) {
        return new JsonDocument<>(type);
    }

    static Arguments<String> id() {
        return new PlainId();
    }

    static Arguments<Void> none() {
        return new None();
    }

    static Arguments<ContractVersionRef> versionRef() {
        return new VersionRef();
    }

    private static void requireArity(String[] args, int arity) {
        if (args == null || args.length != arity) {
            throw Fields.invalid("arguments", "expected " + arity + ", got " + (args == null ? 0 : args.length));
        }
    }

    /** One canonical JSON argument, parsed strictly (unknown fields and wrong types are refused). */
    record JsonDocument<Q>(Class<Q> requestType) implements Arguments<Q> {
        @Override
        public int arity() {
            return 1;
        }

        @Override
        public String[] encode(Q request) {
            return new String[] {Json.canonicalString(Objects.requireNonNull(request, "request"))};
        }

        @Override
        public Q decode(String... args) {
            requireArity(args, 1);
            return Json.read(args[0], requestType);
        }
    }

    /** One plain argument, an id; its syntax is checked by the transaction, which names the field. */
    record PlainId() implements Arguments<String> {
        @Override
        public int arity() {
            return 1;
        }

        @Override
        public Class<String> requestType() {
            return String.class;
        }

        @Override
        public String[] encode(String request) {
            return new String[] {Objects.requireNonNull(request, "request")};
        }

        @Override
        public String decode(String... args) {
            requireArity(args, 1);
            return args[0];
        }
    }

    /** No arguments. */
    record None() implements Arguments<Void> {
        @Override
        public int arity() {
            return 0;
        }

        @Override
        public Class<Void> requestType() {
            return Void.class;
        }

        @Override
        public String[] encode(Void request) {
            return new String[0];
        }

        @Override
        public Void decode(String... args) {
            requireArity(args, 0);
            return null;
        }
    }

    /** A contract id and a version number, as two plain arguments. */
    record VersionRef() implements Arguments<ContractVersionRef> {
        @Override
        public int arity() {
            return 2;
        }

        @Override
        public Class<ContractVersionRef> requestType() {
            return ContractVersionRef.class;
        }

        @Override
        public String[] encode(ContractVersionRef request) {
            Objects.requireNonNull(request, "request");
            return new String[] {request.contractId(), Integer.toString(request.version())};
        }

        @Override
        public ContractVersionRef decode(String... args) {
            requireArity(args, 2);
            try {
                return new ContractVersionRef(args[0], Integer.parseInt(args[1]));
            } catch (NumberFormatException e) {
                throw Fields.invalid("version", "must be a positive integer");
            }
        }
    }
}
