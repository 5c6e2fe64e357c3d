package org.depa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.depa.audit.receipt.ReceiptEvidence;
import org.depa.audit.receipt.ReceiptEvidenceException;
import org.depa.gateway.client.GatewayClient;
import org.depa.gateway.client.GatewayException;
import org.depa.gateway.client.GatewayUnreachableException;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.ContractVersion;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * A receipt's evidence read from the ledger through the gateway: the receipt, its run (with the
 * start's report and chain), the contract version it ran under, the run's key releases, and the channel and chaincode the
 * signatures name (from the contract's signing payload, which the chaincode builds with them). The
 * gateway is not trusted for any of it: {@code verify-receipt} checks each part against the others
 * and against AMD's roots, so a lying gateway can only make the verification fail.
 */
final class ReceiptFetch {
    private ReceiptFetch() {}

    static ReceiptEvidence fetch(GatewayClient gateway, String runId) {
        try {
            TrainingReceipt receipt = read(gateway, "/v1/runs/" + runId + "/receipt", TrainingReceipt.class);
            TrainingRun run = read(gateway, "/v1/runs/" + runId, TrainingRun.class);
            ContractVersion contract = read(
                    gateway,
                    "/v1/contracts/" + run.contractId() + "/versions/" + run.contractVersion(),
                    ContractVersion.class);
            KeyReleaseRecord[] releases =
                    read(gateway, "/v1/runs/" + runId + "/key-releases", KeyReleaseRecord[].class);
            JsonNode payload = Json.tree(gateway.getJson("/v1/contracts/" + run.contractId() + "/signing-payload")
                    .path("payloadText")
                    .asText());
            return ReceiptEvidence.of(
                            payload.path("channel").asText(null),
                            payload.path("chaincode").asText(null),
                            receipt,
                            run,
                            contract,
                            java.util.List.of(releases))
                    .requireCompleteFrom("the gateway's answer for run " + runId);
        } catch (GatewayException e) {
            throw new ReceiptEvidenceException(
                    "the gateway refused (" + e.status() + " " + e.code() + "): " + e.getMessage());
        } catch (GatewayUnreachableException e) {
            throw new ReceiptEvidenceException("the gateway is unreachable: " + e.getMessage());
        } catch (LedgerRuleException e) {
            throw new ReceiptEvidenceException(
                    "the gateway's answer for run " + runId + " is malformed: " + e.getMessage());
        }
    }

    private static <T> T read(GatewayClient gateway, String path, Class<T> type) {
        return Json.read(gateway.get(path), type);
    }
}
