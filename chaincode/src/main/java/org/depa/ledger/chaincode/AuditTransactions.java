package org.depa.ledger.chaincode;

import org.depa.ledger.model.Fields;
import org.depa.ledger.model.catalogue.Audit;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Read-only access for auditors: the full committed history of any object. */
@Contract(name = "audit", info = @Info(title = "DEPA audit", version = "1"))
public final class AuditTransactions extends DepaTransactions {

    /** {"objectType":"contract","id":"c1"}; composite ids are joined with '/', e.g. "c1/0000000001/tdc". */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String history(DepaContext ctx, String json) {
        return TxRunner.run(Audit.HISTORY, json, r -> {
            ObjectType type = ObjectType.fromPrefix(Fields.required("objectType", r.objectType()));
            if (type == null) {
                throw Fields.invalid("objectType", "is not one of the ledger's object types");
            }
            String[] ids = Fields.text("id", r.id(), 300).split("/", -1);
            return ctx.state().history(type, ids);
        });
    }
}
