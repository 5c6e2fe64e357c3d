/**
 * The catalogue of the chaincode's transactions and events: one typed constant per transaction
 * ({@code Contracts.PROPOSE} is a {@code Tx<ContractProposal, ContractRecord>}), grouped by the
 * chaincode area that serves it. Adding a transaction starts here; the chaincode's
 * {@code CatalogueCoverageTest} fails until the chaincode has a method for it, and the other way
 * round.
 */
package org.depa.ledger.model.catalogue;
