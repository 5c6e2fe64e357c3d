package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Health, metrics and the OpenAPI document, which must equal the checked-in docs/openapi.yaml. */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class ServiceEndpointsTest {

    @Test
    void healthAnswersUp() {
        Api.anonymous().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Api.anonymous().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsAreServedInPrometheusFormat() {
        Api.anonymous().get("/q/health").then().statusCode(200);
        String metrics = Api.anonymous()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics).contains("jvm_memory_used_bytes");
    }

    /**
     * Regenerate the checked-in document with
     * {@code mvn -pl gateway-api -am verify -Dtest=ServiceEndpointsTest -Ddepa.openapi.update=true -Dsurefire.failIfNoSpecifiedTests=false}.
     */
    @Test
    void theServedOpenApiDocumentIsTheCheckedInOne() throws IOException {
        String served = Api.anonymous()
                .get("/q/openapi?format=yaml")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Path checkedIn = Path.of(System.getProperty("depa.repo.root", "..")).resolve("docs/openapi.yaml");
        if (Boolean.getBoolean("depa.openapi.update")) {
            Files.writeString(checkedIn, served);
        }
        assertThat(Files.exists(checkedIn)).as("docs/openapi.yaml exists").isTrue();
        assertThat(served)
                .as("served OpenAPI document differs from docs/openapi.yaml; regenerate it (see this test's javadoc)")
                .isEqualTo(Files.readString(checkedIn));
    }
}
