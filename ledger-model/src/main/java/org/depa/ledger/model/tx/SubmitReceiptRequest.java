package org.depa.ledger.model.tx;

import org.depa.ledger.model.domain.ReceiptBody;

/** runs:submitReceipt: the body and the run key's signature over its signing payload. */
public record SubmitReceiptRequest(String ccrProviderId, ReceiptBody body, String signature) {}
