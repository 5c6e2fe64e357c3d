package org.depa.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;

/**
 * {@code --payees FILE}: the payees' chain accounts the auditor expects, by participant id, as
 * {@code {"icmr": {"payee": "0x...", "principals": "0x..."}}}. The ledger records who is paid, not
 * where; the consortium's relay configuration says where, and this file lets an auditor hold the
 * chain to it.
 */
public final class PayeesFile {
    private static final long MAX_BYTES = 1L << 20;

    private PayeesFile() {}

    public static Map<String, Web3Settlements.Payees> read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(
                        "--payees " + file + " is not a file of at most " + MAX_BYTES + " bytes");
            }
            JsonNode root = Json.tree(Files.readString(file));
            if (!root.isObject()) {
                throw new IllegalArgumentException("--payees " + file + " must be a JSON object by participant id");
            }
            Map<String, Web3Settlements.Payees> out = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(
                        e.getKey(),
                        new Web3Settlements.Payees(
                                address(
                                        file,
                                        e.getKey() + ".payee",
                                        e.getValue().path("payee")),
                                address(
                                        file,
                                        e.getKey() + ".principals",
                                        e.getValue().path("principals"))));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --payees " + file + ": " + e.getMessage(), e);
        } catch (LedgerRuleException e) {
            throw new IllegalArgumentException("--payees " + file + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static String address(Path file, String field, JsonNode value) {
        if (!value.isTextual() || !value.asText().matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException(
                    "--payees " + file + ": field '" + field + "' must be an address (0x and 40 hex digits)");
        }
        return value.asText();
    }
}
