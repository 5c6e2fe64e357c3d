package org.depa.audit.fabric;

import org.depa.audit.report.CheckSink;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * One transaction's scope and the mark the peer gave it. A check failing on a transaction the
 * peers marked invalid is reported SKIP, naming the mark: such a transaction changed nothing, and
 * its failure is what the mark records.
 */
final class TxScope {
    final String scope;
    final long block;
    final int index;
    final int flag;
    private final CheckSink sink;

    TxScope(CheckSink sink, long block, int index, String scope, int flag) {
        this.sink = sink;
        this.block = block;
        this.index = index;
        this.scope = scope;
        this.flag = flag;
    }

    boolean valid() {
        return flag == TxValidationCode.VALID_VALUE;
    }

    static String flagName(int flag) {
        TxValidationCode c = TxValidationCode.forNumber(flag);
        return c == null ? "code " + flag : c.name();
    }

    void verdict(String id, String problem, String passDetails) {
        if (problem == null) {
            sink.pass(id, scope, passDetails);
        } else if (valid()) {
            sink.fail(id, scope, problem);
        } else {
            sink.skip(
                    id,
                    scope,
                    "the peers marked this transaction " + flagName(flag) + ", so it changed nothing; the check found: "
                            + problem);
        }
    }

    void skip(String id, String why) {
        sink.skip(id, scope, why);
    }
}
