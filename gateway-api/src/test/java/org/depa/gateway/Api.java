package org.depa.gateway;

import static io.restassured.RestAssured.given;

import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.depa.ledger.model.tx.RegisterParticipantRequest;
import org.depa.ledger.model.tx.SignAgreementRequest;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.depa.testkit.Pkcs12;
import org.eclipse.microprofile.config.ConfigProvider;

/** RestAssured over mutual TLS against the gateway under test, and onboarding through its API. */
final class Api {
    private static final String PASSWORD = new String(Pkcs12.testPassword());

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private Api() {}

    static Path pki() {
        return Path.of(ConfigProvider.getConfig().getValue(TestPki.DIR_PROPERTY, String.class));
    }

    static String base() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
        return "https://127.0.0.1:" + port;
    }

    /** A TLS client that trusts the gateway and presents no certificate. */
    static RequestSpecification anonymous() {
        return given().baseUri(base())
                .config(RestAssuredConfig.config()
                        .sslConfig(SSLConfig.sslConfig()
                                .trustStore(pki().resolve("trust.p12").toString(), PASSWORD)
                                .trustStoreType("PKCS12")));
    }

    /** A TLS client presenting the key and certificate in {@code keyStore}. */
    static RequestSpecification as(Path keyStore) {
        return given().baseUri(base())
                .config(RestAssuredConfig.config()
                        .sslConfig(SSLConfig.sslConfig()
                                .trustStore(pki().resolve("trust.p12").toString(), PASSWORD)
                                .trustStoreType("PKCS12")
                                .keyStore(keyStore.toString(), PASSWORD)
                                .keystoreType("PKCS12")));
    }

    static RequestSpecification sro() {
        return as(pki().resolve("sro.p12"));
    }

    static RequestSpecification json(RequestSpecification spec, Object body) {
        return spec.contentType(ContentType.JSON).body(body instanceof String s ? s : Json.canonicalString(body));
    }

    /** A participant of the tests: its certificate from the consortium CA and its own signing key. */
    record Member(String id, Role role, String mspId, Issued credentials, Path keyStore) {
        RequestSpecification spec() {
            return as(keyStore);
        }

        String sign(byte[] payload) {
            return Base64.getEncoder()
                    .encodeToString(
                            LocalSigner.fromPem(credentials.privateKeyPem()).sign(payload));
        }
    }

    /** A participant with a certificate from {@code caName} ("ca" or "foreign"), not registered. */
    static Member certified(String id, Role role, String mspId, String caName) {
        Issued issued = CertificateAuthority.load(pki(), caName).tlsClient(id);
        return new Member(
                id,
                role,
                mspId,
                issued,
                Pkcs12.writeKeyStore(issued, pki().resolve(id + ".p12"), Pkcs12.testPassword()));
    }

    static synchronized void ensureAgreement() {
        if (sro().get("/v1/agreement").statusCode() != 200) {
            json(sro(), new PublishAgreementRequest("v1", Hashes.sha256Hex("DEPA common agreement v1")))
                    .post("/v1/agreement")
                    .then()
                    .statusCode(200);
        }
    }

    /** Certifies {@code measurement} as the SRO unless it already is. */
    static synchronized void ensureMeasurement(String measurement) {
        if (sro().get("/v1/measurements/" + measurement).statusCode() != 200) {
            json(
                            sro(),
                            new org.depa.ledger.model.tx.CertifyMeasurementRequest(
                                    measurement, "depa training", new org.depa.ledger.model.domain.Tcb(3, 0, 8, 115)))
                    .post("/v1/measurements")
                    .then()
                    .statusCode(200);
        }
    }

    /** Registers itself, is verified by the SRO and signs the agreement, all through the gateway. */
    static Member onboard(String id, Role role, String mspId) {
        return onboard(certified(id, role, mspId, "ca"));
    }

    /** {@code m} registers itself, is verified by the SRO and signs the agreement, all through the gateway. */
    static Member onboard(Member m) {
        ensureAgreement();
        register(m);
        json(sro(), "{}").post("/v1/participants/" + m.id() + "/verify").then().statusCode(200);
        signAgreement(m);
        return m;
    }

    static Member register(String id, Role role, String mspId) {
        return register(certified(id, role, mspId, "ca"));
    }

    /** {@code m} registers itself (a certified member that is not registered yet). */
    static Member register(Member m) {
        String id = m.id();
        Role role = m.role();
        String mspId = m.mspId();
        json(
                        m.spec(),
                        new RegisterParticipantRequest(
                                id, role, mspId, id + " Ltd", m.credentials().certificatePem()))
                .post("/v1/participants")
                .then()
                .statusCode(200);
        return m;
    }

    static void signAgreement(Member m) {
        Response payload = m.spec().get("/v1/agreement/signing-payload");
        payload.then().statusCode(200);
        byte[] bytes = Base64.getDecoder().decode(payload.path("payloadBase64").toString());
        Response signed = json(m.spec(), new SignAgreementRequest(m.id(), payload.path("version"), m.sign(bytes)))
                .post("/v1/participants/" + m.id() + "/agreement-signature");
        org.assertj.core.api.Assertions.assertThat(signed.statusCode())
                .as(signed.asString())
                .isEqualTo(200);
    }

    static Map<String, Object> map(Response r) {
        return r.as(Map.class);
    }
}
