package org.depa.ledger.client.embedded;

/** Where a value was last written: (block, transaction in block), as Fabric's MVCC versions. */
record Version(long block, int tx) {}
