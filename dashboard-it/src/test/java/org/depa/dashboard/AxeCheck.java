package org.depa.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The axe-core accessibility check (vendored: test resources {@code axe/}, version, licence and
 * hash in its README), injected by the test into the page it has loaded, never served by the
 * gateway. Serious and critical violations fail; every rule of WCAG 2.x A and AA runs, labels
 * ({@code label}, {@code select-name}, ...) and colour contrast ({@code color-contrast}) among them.
 */
final class AxeCheck {
    /** SHA-256 of axe-core 4.14.1's axe.min.js, as its package's sri-history.json states it. */
    static final String SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c";

    private static final String RUN = "const done = arguments[arguments.length - 1];"
            + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
            + " resultTypes: ['violations']})"
            + ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            + " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary).slice(0, 5)}))))"
            + ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));";

    private final String source;

    private AxeCheck(String source) {
        this.source = source;
    }

    /** Loads the vendored script, refusing it unless its SHA-256 is the pinned one. */
    static AxeCheck load() throws IOException {
        byte[] bytes;
        try (InputStream in = AxeCheck.class.getResourceAsStream("/axe/axe.min.js")) {
            if (in == null) {
                throw new IOException("axe/axe.min.js is not on the test class path");
            }
            bytes = in.readAllBytes();
        }
        String actual;
        try {
            actual = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!actual.equals(SHA256)) {
            throw new IOException("axe/axe.min.js has SHA-256 " + actual + ", not the pinned " + SHA256);
        }
        return new AxeCheck(new String(bytes, StandardCharsets.UTF_8));
    }

    /** One violated rule: its id, impact, what it asks, and the first few elements that break it. */
    record Violation(String id, String impact, String help, List<String> nodes) {
        boolean serious() {
            return "serious".equals(impact) || "critical".equals(impact);
        }

        @Override
        public String toString() {
            return id + " (" + impact + "): " + help + " " + nodes;
        }
    }

    /** Every violation on the page the browser shows now. */
    List<Violation> run(Browser browser) {
        browser.script(source);
        Object result = browser.driver.executeAsyncScript(RUN);
        List<Violation> violations = new ArrayList<>();
        if (result instanceof List<?> list) {
            for (Object o : list) {
                Map<?, ?> v = (Map<?, ?>) o;
                List<String> nodes = new ArrayList<>();
                if (v.get("nodes") instanceof List<?> n) {
                    n.forEach(x -> nodes.add(String.valueOf(x)));
                }
                violations.add(new Violation(
                        String.valueOf(v.get("id")),
                        String.valueOf(v.get("impact")),
                        String.valueOf(v.get("help")),
                        nodes));
            }
        }
        return violations;
    }

    /** The serious and critical ones: what fails a page. */
    List<Violation> serious(Browser browser) {
        return run(browser).stream().filter(Violation::serious).toList();
    }
}
