package org.depa.kms.bridge.service;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.depa.kms.bridge.RefusalException;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.custody.KeyCustodyException;
import org.depa.kms.protocol.KeyImportResult;
import org.depa.kms.protocol.KmsPaths;
import org.depa.kms.protocol.RefusalCode;
import org.depa.ledger.model.Json;

/**
 * The bridge's administrative route, for its own party only ({@link OwnerGate}: the key owner's TLS client
 * certificate, exactly): {@code GET /v1/admin/keys/{keyId}} says whether the bridge holds that key and can seal a
 * release with it (never the key); {@code PUT /v1/admin/keys/{keyId}} imports a key into the running bridge after
 * checking its proof ({@link AdminKeyImport}), releasable at once. Every call, admitted or refused, is one line of the
 * audit log with the client certificate's subject (never the key).
 */
@Path("/v1/admin")
public class AdminResource {
    private static final Logger AUDIT = Logger.getLogger("depa.kms.audit");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    @Inject
    OwnerGate gate;

    @Inject
    DatasetKeyStore keys;

    @GET
    @Path("keys/{keyId}")
    @Produces({MediaType.APPLICATION_JSON, KmsPaths.PROBLEM_JSON})
    public Response key(@PathParam("keyId") String keyId, @Context HttpServerRequest request) {
        List<X509Certificate> chain = peer(request);
        String who = chain.isEmpty()
                ? "no certificate"
                : chain.get(0).getSubjectX500Principal().getName();
        try {
            gate.admit(chain);
            if (!KEY_ID.matcher(keyId).matches()) {
                throw RefusalException.of(
                        RefusalCode.MALFORMED_REQUEST, "the key id is not 1-200 letters, digits and . _ : -");
            }
            if (!keys.contains(keyId)) {
                throw RefusalException.of(RefusalCode.KEY_UNAVAILABLE, "this bridge holds no key " + keyId);
            }
            keys.checkSealable(keyId);
            AUDIT.info("admin key-status keyId=" + keyId + " client=\"" + escape(who) + "\" held");
            return Response.ok(Json.canonicalString(Map.of("keyId", keyId, "held", true, "sealable", true)))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (RefusalException e) {
            AUDIT.info("admin refused " + e.problem().reasonCode() + " client=\"" + escape(who) + "\"");
            return ReleaseResource.problem(e.problem());
        } catch (KeyCustodyException e) {
            AUDIT.info("admin key-status keyId=" + keyId + " client=\"" + escape(who) + "\" unusable");
            return ReleaseResource.problem(RefusalException.of(RefusalCode.KEY_UNUSABLE, e.getMessage())
                    .problem());
        }
    }

    @PUT
    @Path("keys/{keyId}")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, KmsPaths.PROBLEM_JSON})
    public Response importKey(@PathParam("keyId") String keyId, byte[] body, @Context HttpServerRequest request) {
        List<X509Certificate> chain = peer(request);
        String who = chain.isEmpty()
                ? "no certificate"
                : chain.get(0).getSubjectX500Principal().getName();
        try {
            // The gate first: a caller who is not the owner learns nothing about the body or the key id.
            gate.admit(chain);
            if (!KEY_ID.matcher(keyId).matches()) {
                throw RefusalException.of(
                        RefusalCode.MALFORMED_REQUEST, "the key id is not 1-200 letters, digits and . _ : -");
            }
            KeyImportResult r = AdminKeyImport.run(keys, keyId, body);
            AUDIT.info("admin import-key keyId=" + keyId + " client=\"" + escape(who) + "\" "
                    + (r.replaced() ? "replaced" : "imported") + " store=" + r.store()
                    + (r.datasetId() == null ? " spec" : " datasetId=" + r.datasetId()));
            return Response.ok(Json.canonicalString(r))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (RefusalException e) {
            AUDIT.info("admin refused " + e.problem().reasonCode() + " import-key keyId="
                    + (KEY_ID.matcher(keyId).matches() ? keyId : "?") + " client=\"" + escape(who) + "\"");
            return ReleaseResource.problem(e.problem());
        } finally {
            if (body != null) {
                java.util.Arrays.fill(body, (byte) 0);
            }
        }
    }

    /** The TLS peer's certificates, the client's first; empty over plain HTTP or without a client certificate. */
    static List<X509Certificate> peer(HttpServerRequest request) {
        SSLSession session = request == null ? null : request.sslSession();
        if (session == null) {
            return List.of();
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
            return out;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\p{Cntrl}]", "?");
    }
}
