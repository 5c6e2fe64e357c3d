package org.depa.dashboard;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A browser test class with the shared {@link Dashboard} and its own logged-in browsers, one per
 * participant ({@link Sessions}), closed after the class.
 */
abstract class LoggedInBrowsers {
    static Dashboard dashboard;
    static Sessions sessions;

    @BeforeAll
    static void openSessions() throws Exception {
        dashboard = Dashboard.get();
        sessions = new Sessions(dashboard);
    }

    @AfterAll
    static void closeSessions() {
        if (sessions != null) {
            sessions.close();
            sessions = null;
        }
    }
}
