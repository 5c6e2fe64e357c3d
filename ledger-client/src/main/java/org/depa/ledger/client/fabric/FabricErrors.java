package org.depa.ledger.client.fabric;

import io.grpc.Status;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** Maps the gateway SDK's failures to {@link LedgerException}s with the chaincode's own codes. */
final class FabricErrors {
    /** The chaincode writes "CODE: message"; peers wrap it ("chaincode response 500, CODE: message"). */
    private static final Pattern CODE = Pattern.compile("\\b([A-Z][A-Z_]+): (.*)", Pattern.DOTALL);

    private FabricErrors() {}

    static LedgerException fromGateway(LedgerException.Stage stage, GatewayException e, String txId) {
        Status.Code grpc = e.getStatus().getCode();
        if (grpc == Status.Code.UNAVAILABLE || grpc == Status.Code.DEADLINE_EXCEEDED) {
            return new LedgerException(
                    LedgerException.Stage.UNAVAILABLE,
                    ErrorCode.INTERNAL,
                    "the Fabric gateway cannot be reached (" + grpc + "): "
                            + e.getStatus().getDescription(),
                    txId,
                    e);
        }
        StringBuilder peers = new StringBuilder();
        for (ErrorDetail d : e.getDetails()) {
            Matcher m = CODE.matcher(d.getMessage());
            if (m.find() && isCode(m.group(1))) {
                return new LedgerException(stage, ErrorCode.valueOf(m.group(1)), m.group(2), txId, e);
            }
            peers.append("; ")
                    .append(d.getMspId())
                    .append(" at ")
                    .append(d.getAddress())
                    .append(": ")
                    .append(d.getMessage());
        }
        String text = String.valueOf(e.getStatus().getDescription());
        Matcher m = CODE.matcher(text);
        if (m.find() && isCode(m.group(1))) {
            return new LedgerException(stage, ErrorCode.valueOf(m.group(1)), m.group(2), txId, e);
        }
        return new LedgerException(stage, ErrorCode.INTERNAL, text + peers, txId, e);
    }

    static LedgerException fromValidation(TxValidationCode code, String txId) {
        ErrorCode mapped =
                switch (code) {
                    case MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT -> ErrorCode.MVCC_READ_CONFLICT;
                    case ENDORSEMENT_POLICY_FAILURE -> ErrorCode.ENDORSEMENT_POLICY_FAILURE;
                    default -> ErrorCode.INTERNAL;
                };
        return new LedgerException(
                LedgerException.Stage.COMMIT,
                mapped,
                "transaction " + txId + " was not committed: " + code,
                txId,
                null);
    }

    private static boolean isCode(String candidate) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.name().equals(candidate)) {
                return true;
            }
        }
        return false;
    }
}
