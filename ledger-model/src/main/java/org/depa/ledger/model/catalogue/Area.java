package org.depa.ledger.model.catalogue;

import org.depa.ledger.model.tx.ContractVersionRef;

/** One chaincode contract (Fabric's word for a group of transactions): its name is bound here once. */
final class Area {
    private final String name;

    Area(String name) {
        this.name = name;
    }

    <Q, R> Tx<Q, R> submit(String transaction, Class<Q> request, Class<R> result) {
        return new Tx<>(name, transaction, Tx.Intent.SUBMIT, Arguments.json(request), ResultType.of(result));
    }

    <R> Tx<String, R> submitById(String transaction, Class<R> result) {
        return new Tx<>(name, transaction, Tx.Intent.SUBMIT, Arguments.id(), ResultType.of(result));
    }

    <Q, R> Tx<Q, R> query(String transaction, Class<Q> request, ResultType<R> result) {
        return new Tx<>(name, transaction, Tx.Intent.EVALUATE, Arguments.json(request), result);
    }

    <R> Tx<String, R> byId(String transaction, Class<R> result) {
        return byId(transaction, ResultType.of(result));
    }

    <R> Tx<String, R> byId(String transaction, ResultType<R> result) {
        return new Tx<>(name, transaction, Tx.Intent.EVALUATE, Arguments.id(), result);
    }

    <R> Tx<Void, R> noArguments(String transaction, Class<R> result) {
        return new Tx<>(name, transaction, Tx.Intent.EVALUATE, Arguments.none(), ResultType.of(result));
    }

    <R> Tx<Void, R> noArguments(String transaction, ResultType<R> result) {
        return new Tx<>(name, transaction, Tx.Intent.EVALUATE, Arguments.none(), result);
    }

    <R> Tx<ContractVersionRef, R> byVersion(String transaction, Class<R> result) {
        return new Tx<>(name, transaction, Tx.Intent.EVALUATE, Arguments.versionRef(), ResultType.of(result));
    }
}
