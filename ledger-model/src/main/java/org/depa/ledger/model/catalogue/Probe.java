package org.depa.ledger.model.catalogue;

import org.depa.ledger.model.domain.ProbeWrite;

/** The network benchmark's baseline: a trivial one-key write through the same chaincode. */
public final class Probe {
    private static final Area AREA = new Area("probe");

    public static final Tx<String, ProbeWrite> WRITE = AREA.submitById("write", ProbeWrite.class);

    private Probe() {}
}
