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

    /**
     * The SDK's failure as a {@link LedgerException} naming the part of the network that failed: the
     * gateway peer (endorse, evaluate: the caller's own connection), the ordering service (submit: the
     * peer endorsed, then could not hand the transaction to an orderer) or block delivery (commit
     * status: the transaction went to the orderer but no block with it arrived in time).
     */
    static LedgerException fromGateway(
            LedgerException.Stage stage, GatewayException e, String txId, FabricSettings settings) {
        Status.Code grpc = e.getStatus().getCode();
        if (grpc == Status.Code.UNAVAILABLE || grpc == Status.Code.DEADLINE_EXCEEDED) {
            return new LedgerException(
                    LedgerException.Stage.UNAVAILABLE, ErrorCode.INTERNAL, unavailable(stage, e, settings), txId, e);
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

    private static String unavailable(LedgerException.Stage stage, GatewayException e, FabricSettings settings) {
        Status.Code grpc = e.getStatus().getCode();
        String peer = settings.mspId() + "'s gateway peer at " + settings.peerEndpoint();
        String why = describe(e);
        return switch (stage) {
            case SUBMIT -> "the ordering service did not take the transaction ("
                    + (grpc == Status.Code.DEADLINE_EXCEEDED
                            ? "no answer within "
                                    + FabricDeadlines.submit(settings).toSeconds() + " s"
                            : grpc.toString())
                    + "): the orderer is down or unreachable from " + peer + ", which endorsed it; nothing was"
                    + " committed (" + why + ")";
            case COMMIT -> "no commit status from " + peer + " within "
                    + FabricDeadlines.commitStatus(settings).toSeconds() + " s: the transaction went to the ordering"
                    + " service but no block with it arrived (is the orderer up?); it may still commit later ("
                    + why + ")";
            default -> peer + " cannot be reached ("
                    + (grpc == Status.Code.DEADLINE_EXCEEDED
                            ? "no answer within "
                                    + FabricDeadlines.call(settings).toSeconds() + " s"
                            : grpc.toString())
                    + "): " + why;
        };
    }

    private static String describe(GatewayException e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getStatus().getDescription()));
        for (ErrorDetail d : e.getDetails()) {
            out.append("; ")
                    .append(d.getMspId())
                    .append(" at ")
                    .append(d.getAddress())
                    .append(": ")
                    .append(d.getMessage());
        }
        return out.toString();
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
