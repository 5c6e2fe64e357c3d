package org.depa.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.problem.GatewayException;
import org.depa.testkit.CertificateAuthority;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's logins on a clock the test moves: a login token works once and only within its
 * minute; a session ends after 30 minutes unused or 8 hours after its login however busy; ended
 * sessions stay ended; nothing is kept under the secret itself; past the cap, new logins are refused.
 */
class MemoryDashboardSessionsTest {
    static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
    static final X509Certificate CERT =
            CertificateAuthority.create("test CA").tlsClient("db-unit").certificate();

    private Instant now = T0;

    private MemoryDashboardSessions sessions(int cap) {
        MemoryDashboardSessions s = new MemoryDashboardSessions();
        s.config = config(cap);
        s.clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return s;
    }

    @Test
    void aLoginTokenWorksOnceAndOnlyWithinItsMinute() {
        MemoryDashboardSessions s = sessions(10);
        DashboardSessions.LoginToken t = s.issueLogin(CERT);
        assertThat(t.expiresAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(t.token()).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
        DashboardSessions.Session session = s.redeem(t.token()).orElseThrow();
        assertThat(session.certificate()).isEqualTo(CERT);
        assertThat(session.cookieValue()).isNotEqualTo(t.token());
        assertThat(s.redeem(t.token())).as("used").isEmpty();

        DashboardSessions.LoginToken late = s.issueLogin(CERT);
        now = T0.plusSeconds(60);
        assertThat(s.redeem(late.token())).as("expired").isEmpty();
        now = T0;
        assertThat(s.redeem(late.token()))
                .as("an expired token is gone, not waiting")
                .isEmpty();
        assertThat(s.redeem("forged")).isEmpty();
        assertThat(s.redeem(null)).isEmpty();
        assertThat(s.redeem("x".repeat(10_000))).isEmpty();
    }

    @Test
    void aSessionEndsWhenIdleAtItsAbsoluteLimitAndOnLogout() {
        MemoryDashboardSessions s = sessions(10);
        String idle = s.redeem(s.issueLogin(CERT).token()).orElseThrow().cookieValue();
        now = T0.plus(Duration.ofMinutes(29));
        assertThat(s.session(idle)).isPresent();
        now = now.plus(Duration.ofMinutes(29));
        assertThat(s.session(idle)).as("each use restarts the idle time").isPresent();
        now = now.plus(Duration.ofMinutes(30));
        assertThat(s.session(idle)).as("30 minutes unused").isEmpty();

        now = T0;
        String busy = s.redeem(s.issueLogin(CERT).token()).orElseThrow().cookieValue();
        for (int i = 0; i < 8 * 4 - 1; i++) {
            now = now.plus(Duration.ofMinutes(15));
            assertThat(s.session(busy)).isPresent();
        }
        now = T0.plus(Duration.ofHours(8));
        assertThat(s.session(busy)).as("8 hours after login, however busy").isEmpty();

        now = T0;
        DashboardSessions.Session ended = s.redeem(s.issueLogin(CERT).token()).orElseThrow();
        assertThat(s.session(ended.cookieValue()).orElseThrow().csrfToken()).isEqualTo(ended.csrfToken());
        s.end(ended.cookieValue());
        assertThat(s.session(ended.cookieValue())).isEmpty();
    }

    @Test
    void pastTheCapNewLoginsAreRefusedAndExpiredOnesMakeRoom() {
        MemoryDashboardSessions s = sessions(2);
        s.issueLogin(CERT);
        s.issueLogin(CERT);
        assertThatThrownBy(() -> s.issueLogin(CERT))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("too many");
        now = T0.plusSeconds(61);
        assertThat(s.issueLogin(CERT)).isNotNull();
    }

    @Test
    void formTokensCompareExactly() {
        assertThat(MemoryDashboardSessions.same("abc", "abc")).isTrue();
        assertThat(MemoryDashboardSessions.same("abc", "abd")).isFalse();
        assertThat(MemoryDashboardSessions.same(null, "abc")).isFalse();
        assertThat(MemoryDashboardSessions.same("abc", null)).isFalse();
    }

    private static GatewayConfig config(int cap) {
        GatewayConfig.Dashboard dashboard = (GatewayConfig.Dashboard) Proxy.newProxyInstance(
                GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.Dashboard.class},
                (p, m, a) -> switch (m.getName()) {
                    case "loginValidity" -> Duration.ofSeconds(60);
                    case "idleTimeout" -> Duration.ofMinutes(30);
                    case "absoluteTimeout" -> Duration.ofHours(8);
                    case "maxSessions" -> cap;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (GatewayConfig) Proxy.newProxyInstance(
                GatewayConfig.class.getClassLoader(), new Class<?>[] {GatewayConfig.class}, (p, m, a) -> {
                    if (m.getName().equals("dashboard")) {
                        return dashboard;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
