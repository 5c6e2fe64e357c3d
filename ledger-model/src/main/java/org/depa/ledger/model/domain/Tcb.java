package org.depa.ledger.model.domain;

/** SEV-SNP TCB version components, as in the attestation report's REPORTED_TCB. */
public record Tcb(Integer bootloader, Integer tee, Integer snp, Integer microcode) {

    /** True when every component of this TCB is at least the corresponding one of {@code min}. */
    public boolean atLeast(Tcb min) {
        return bootloader >= min.bootloader && tee >= min.tee && snp >= min.snp && microcode >= min.microcode;
    }
}
