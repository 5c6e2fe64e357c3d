package org.depa.ledger.chaincode;

import org.depa.ledger.model.Fields;
import org.depa.ledger.model.catalogue.Probe;
import org.depa.ledger.model.domain.ProbeWrite;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * A trivial one-key write, the baseline of the network load benchmark: the same chaincode, the
 * same endorsement and ordering path, none of the ledger's rules. It writes only under its own
 * object type, so it cannot touch contract state.
 */
@Contract(name = "probe", info = @Info(title = "DEPA load probe", version = "1"))
public final class ProbeTransactions extends DepaTransactions {

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String write(DepaContext ctx, String key) {
        return TxRunner.run(Probe.WRITE, key, requested -> {
            ProbeWrite written = new ProbeWrite(Fields.id("key", requested), ctx.txId());
            ctx.state().put(ObjectType.PROBE, written, written.key());
            return written;
        });
    }
}
