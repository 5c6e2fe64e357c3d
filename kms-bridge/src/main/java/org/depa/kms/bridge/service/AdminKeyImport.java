package org.depa.kms.bridge.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;
import org.depa.kms.bridge.RefusalException;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.custody.KeyImport;
import org.depa.kms.custody.RunningKeyImport;
import org.depa.kms.protocol.KeyImportRequest;
import org.depa.kms.protocol.KeyImportResult;
import org.depa.kms.protocol.RefusalCode;
import org.depa.ledger.model.Json;

/**
 * The body of {@code PUT /v1/admin/keys/{keyId}} read and handed to kms-bridge-core's {@link RunningKeyImport} (the
 * checks the offline {@code import-key} makes, on the same code): strict UTF-8 and the ledger's strict JSON, exactly
 * one proof, each base64 field decoded strictly and within its bound; then each failure as the refusal the owner
 * gets. Only called after {@link OwnerGate} admitted the caller. Decoded key material is cleared when done.
 */
final class AdminKeyImport {
    private AdminKeyImport() {}

    static KeyImportResult run(DatasetKeyStore keys, String keyId, byte[] body) throws RefusalException {
        if (body == null || body.length == 0) {
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, "the import request has no body");
        }
        if (body.length > KeyImportRequest.MAX_BODY_BYTES) {
            throw RefusalException.of(
                    RefusalCode.REQUEST_TOO_LARGE,
                    "the import request is over " + KeyImportRequest.MAX_BODY_BYTES + " bytes");
        }
        KeyImportRequest request = parse(body);
        boolean dataset = request.datasetId() != null || request.ciphertextStart() != null;
        if (dataset == (request.sealedSpec() != null)) {
            throw RefusalException.of(
                    RefusalCode.MALFORMED_REQUEST,
                    "give datasetId and ciphertextStart (a dataset key) or sealedSpec (a TDC's spec key), one of them");
        }
        if (dataset && (request.datasetId() == null || request.ciphertextStart() == null)) {
            throw RefusalException.of(
                    RefusalCode.MALFORMED_REQUEST,
                    "a dataset key's import needs both datasetId and ciphertextStart (the ciphertext's first "
                            + KeyImportRequest.CIPHERTEXT_PROOF_BYTES + " bytes, base64)");
        }
        byte[] proofBytes = dataset
                ? base64("ciphertextStart", request.ciphertextStart(), KeyImportRequest.CIPHERTEXT_PROOF_BYTES)
                : base64("sealedSpec", request.sealedSpec(), KeyImportRequest.MAX_SEALED_SPEC_BYTES);
        try {
            RunningKeyImport.Proof proof = dataset
                    ? new RunningKeyImport.DatasetProof(request.datasetId(), proofBytes)
                    : new RunningKeyImport.SpecProof(proofBytes);
            KeyImport.Result r = RunningKeyImport.run(keys, keyId, request.key(), proof, request.replacing());
            return new KeyImportResult(r.keyId(), r.datasetId(), r.store(), r.replaced(), true);
        } catch (KeyImport.InputException e) {
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, e.getMessage());
        } catch (KeyImport.RefusedException e) {
            RefusalCode code =
                    switch (e.refusal()) {
                        case KEY_MISMATCH -> RefusalCode.KEY_MISMATCH;
                        case KEY_ID_TAKEN -> RefusalCode.KEY_ID_TAKEN;
                        case STORE -> RefusalCode.KEY_UNUSABLE;
                    };
            throw RefusalException.of(code, e.getMessage());
        } finally {
            Arrays.fill(proofBytes, (byte) 0);
        }
    }

    private static KeyImportRequest parse(byte[] body) throws RefusalException {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, "the request body is not valid UTF-8");
        }
        KeyImportRequest request;
        try {
            // The ledger's strict dialect; its read(String) caps documents at 256 KiB, below this route's bound.
            request = Json.mapper().readValue(body, KeyImportRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw RefusalException.of(
                    RefusalCode.MALFORMED_REQUEST,
                    "unknown field '" + e.getPropertyName() + "' in the import request (fields: key, datasetId,"
                            + " ciphertextStart, sealedSpec, replace)");
        } catch (JsonMappingException e) {
            // Named by its path, never by the value (it may be the key).
            throw RefusalException.of(
                    RefusalCode.MALFORMED_REQUEST, "the import request's field '" + path(e) + "' is not of its type");
        } catch (JsonProcessingException e) {
            throw RefusalException.of(
                    RefusalCode.MALFORMED_REQUEST,
                    "the import request is not JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, "the import request cannot be read");
        }
        if (request == null) {
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, "the import request is null");
        }
        if (request.key() == null) {
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, "key (the key file's text) is required");
        }
        return request;
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return p.isEmpty() ? "(the document)" : p;
    }

    private static byte[] base64(String field, String text, int max) throws RefusalException {
        // Checked before decoding: base64 is 4 characters for 3 bytes.
        if ((long) text.length() > ((long) max + 2) / 3 * 4) {
            throw RefusalException.of(
                    RefusalCode.REQUEST_TOO_LARGE, field + " is over the " + max + " bytes the import takes");
        }
        try {
            byte[] b = Base64.getDecoder().decode(text);
            if (b.length > max) {
                Arrays.fill(b, (byte) 0);
                throw RefusalException.of(
                        RefusalCode.REQUEST_TOO_LARGE, field + " is over the " + max + " bytes the import takes");
            }
            if (b.length == 0) {
                throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, field + " is empty");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, field + " is not standard base64");
        }
    }
}
