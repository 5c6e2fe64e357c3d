package org.depa.ledger.model.domain;

/**
 * Where a TDP is paid on chain: its own account and the account that receives its data
 * principals' share (Ethereum addresses, lower-case {@code 0x} + 40 hex). The TDP names them in
 * its dataset's terms; the ledger copies them into every contract clause of that dataset, so every
 * party signs them, and the payment relay and the escrow pay nowhere else.
 */
public record PayoutAccounts(String tdpAccount, String principalsAccount) {}
