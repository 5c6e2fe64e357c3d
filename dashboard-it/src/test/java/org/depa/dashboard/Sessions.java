package org.depa.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.depa.demo.remote.ScenarioConnections;
import org.depa.gateway.client.GatewayClient;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Logged-in browsers, one per participant (each its own profile, so one's cookie is never
 * another's), through the dashboard's own login flow: the participant's client asks
 * {@code POST /v1/dashboard/sessions} over mutual TLS with the participant's certificate for a
 * one-time link, and the browser opens it (as {@code depa dashboard login} prints it for a person).
 */
final class Sessions implements AutoCloseable {
    private final Dashboard dashboard;
    private final Map<String, Browser> browsers = new LinkedHashMap<>();

    Sessions(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    /** {@code participantId}'s API client over mutual TLS with its own certificate. */
    GatewayClient api(String participantId) {
        return GatewayClient.connect(
                dashboard.gateway.base,
                ScenarioConnections.identity(dashboard.scenario.keyStore(participantId)),
                dashboard.scenario.caFile());
    }

    /** A one-time login link for {@code participantId}, as its client obtains it. */
    String loginUrl(String participantId) {
        JsonNode answer = org.depa.ledger.model.Json.tree(api(participantId).post("/v1/dashboard/sessions", "{}"));
        return answer.get("loginUrl").asText();
    }

    /** {@code participantId}'s browser, logged in on first use. */
    Browser as(String participantId) throws IOException {
        Browser b = browsers.get(participantId);
        if (b == null) {
            b = dashboard.browser(participantId);
            browsers.put(participantId, b);
            b.load(loginUrl(participantId));
        }
        return b;
    }

    /** Opens {@code path} of the dashboard in {@code participantId}'s browser. */
    Browser open(String participantId, String path) throws IOException {
        Browser b = as(participantId);
        b.load(dashboard.gateway.base.resolve(path).toString());
        return b;
    }

    static WebElement byTestId(Browser b, String testId) {
        return b.driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    static String text(Browser b, String testId) {
        return byTestId(b, testId).getText().trim();
    }

    static boolean present(Browser b, String testId) {
        return !b.driver
                .findElements(By.cssSelector("[data-testid='" + testId + "']"))
                .isEmpty();
    }

    @Override
    public void close() {
        browsers.values().forEach(Browser::close);
        browsers.clear();
    }
}
