package org.depa.gateway.dashboard;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Dashboard logins bound to a participant's certificate. A caller proves itself once over mutual
 * TLS ({@code POST /v1/dashboard/sessions}) and gets a single-use, short-lived login token; opening
 * the login URL exchanges it for a session cookie that stands for that same certificate. Only the
 * SHA-256 of each token and cookie is kept, in this process's memory only.
 */
public interface DashboardSessions {
    /** The session cookie's name: {@code __Host-} makes browsers insist on Secure, Path=/ and no Domain. */
    String COOKIE = "__Host-depa-dashboard";

    /** A new single-use login token for {@code certificate}, valid for the configured login time. */
    LoginToken issueLogin(X509Certificate certificate);

    /** Exchanges a login token for a session; empty when it is unknown, used or expired. */
    Optional<Session> redeem(String loginToken);

    /** The live session a cookie value names, touched (its idle time restarts); empty when none. */
    Optional<Session> session(String cookieValue);

    /** Ends the session a cookie value names, if any. */
    void end(String cookieValue);

    /** A login token as issued: the secret goes to the caller once and is never kept. */
    record LoginToken(String token, java.time.Instant expiresAt) {}

    /**
     * A live session.
     *
     * @param cookieValue the cookie's secret: only in the answer to the login, never kept
     * @param certificate the participant's certificate the session stands for
     * @param csrfToken the token every state-changing form of this session must carry
     */
    record Session(String cookieValue, X509Certificate certificate, String csrfToken) {}
}
