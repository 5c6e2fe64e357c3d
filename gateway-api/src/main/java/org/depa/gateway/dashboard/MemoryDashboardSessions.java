package org.depa.gateway.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;
import org.depa.ledger.model.Hashes;

/**
 * Login tokens and sessions in this gateway's memory, each under the SHA-256 of its secret: a
 * memory dump or a log line never gives a usable token. A restart logs everyone out, which is the
 * safe way round. Bounded: expired entries are swept on each new one, and past the cap new logins
 * are refused (503) rather than evicting someone else's session.
 */
@ApplicationScoped
class MemoryDashboardSessions implements DashboardSessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    GatewayConfig config;

    Clock clock = Clock.systemUTC();

    private final Map<String, Pending> logins = new ConcurrentHashMap<>();
    private final Map<String, Live> sessions = new ConcurrentHashMap<>();

    private record Pending(X509Certificate certificate, Instant expiresAt) {}

    private static final class Live {
        final X509Certificate certificate;
        final String csrfToken;
        final Instant createdAt;
        volatile Instant lastSeen;

        Live(X509Certificate certificate, String csrfToken, Instant now) {
            this.certificate = certificate;
            this.csrfToken = csrfToken;
            this.createdAt = now;
            this.lastSeen = now;
        }
    }

    @Override
    public LoginToken issueLogin(X509Certificate certificate) {
        Instant now = clock.instant();
        sweep(now);
        if (logins.size() >= config.dashboard().maxSessions()) {
            throw new GatewayException(GatewayCode.TOO_MANY_SESSIONS, "too many dashboard logins pending; retry later");
        }
        String token = secret();
        Instant expires = now.plus(config.dashboard().loginValidity());
        logins.put(hash(token), new Pending(certificate, expires));
        return new LoginToken(token, expires);
    }

    @Override
    public Optional<Session> redeem(String loginToken) {
        if (loginToken == null || loginToken.isEmpty() || loginToken.length() > 128) {
            return Optional.empty();
        }
        Pending p = logins.remove(hash(loginToken)); // single use: gone whether or not it is still valid
        Instant now = clock.instant();
        if (p == null || !now.isBefore(p.expiresAt())) {
            return Optional.empty();
        }
        sweep(now);
        if (sessions.size() >= config.dashboard().maxSessions()) {
            throw new GatewayException(GatewayCode.TOO_MANY_SESSIONS, "too many dashboard sessions; retry later");
        }
        String cookie = secret();
        Live live = new Live(p.certificate(), secret(), now);
        sessions.put(hash(cookie), live);
        return Optional.of(new Session(cookie, live.certificate, live.csrfToken));
    }

    @Override
    public Optional<Session> session(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 128) {
            return Optional.empty();
        }
        String key = hash(cookieValue);
        Live live = sessions.get(key);
        if (live == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(live, now)) {
            sessions.remove(key);
            return Optional.empty();
        }
        live.lastSeen = now;
        return Optional.of(new Session(null, live.certificate, live.csrfToken));
    }

    @Override
    public void end(String cookieValue) {
        if (cookieValue != null && !cookieValue.isEmpty() && cookieValue.length() <= 128) {
            sessions.remove(hash(cookieValue));
        }
    }

    private boolean expired(Live live, Instant now) {
        Duration idle = config.dashboard().idleTimeout();
        Duration absolute = config.dashboard().absoluteTimeout();
        return !now.isBefore(live.lastSeen.plus(idle)) || !now.isBefore(live.createdAt.plus(absolute));
    }

    private void sweep(Instant now) {
        logins.values().removeIf(p -> !now.isBefore(p.expiresAt()));
        sessions.values().removeIf(l -> expired(l, now));
    }

    /** 256 random bits, URL-safe. */
    private static String secret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String hash(String secret) {
        return Hashes.sha256Hex(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Constant-time comparison of two tokens (a form's CSRF token against the session's). */
    static boolean same(String a, String b) {
        return a != null
                && b != null
                && MessageDigest.isEqual(
                        a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
