package org.depa.payments.chain;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real anvil node for one test class, started by {@code scripts/anvil.sh} on a free loopback
 * port in a directory under target/, stopped after the class. Test methods and constructors take
 * it as a {@link LocalNode} parameter.
 */
public final class AnvilExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AnvilExtension.class);

    /**
     * Interval mining for the class's node, a block every {@code millis} milliseconds (without it:
     * a block per transaction, so no confirmation ever follows on its own).
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    public @interface BlockTime {
        long millis();
    }

    /** The project's root: the tests run in the payments module's directory. */
    public static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("scripts/anvil.sh")) ? here : here.getParent();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path dir = Files.createTempDirectory(
                Files.createDirectories(Path.of("target/anvil")),
                context.getRequiredTestClass().getSimpleName());
        BlockTime bt = context.getRequiredTestClass().getAnnotation(BlockTime.class);
        context.getStore(NS)
                .put(
                        LocalNode.class,
                        LocalNode.start(projectRoot(), dir, java.time.Duration.ofMillis(bt == null ? 0 : bt.millis())));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        LocalNode node = context.getStore(NS).remove(LocalNode.class, LocalNode.class);
        if (node != null) {
            node.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == LocalNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getRoot().getStore(NS).get(LocalNode.class) != null
                ? e.getRoot().getStore(NS).get(LocalNode.class)
                : findInClassStore(e);
    }

    private static Object findInClassStore(ExtensionContext e) {
        ExtensionContext c = e;
        while (c != null) {
            Object node = c.getStore(NS).get(LocalNode.class);
            if (node != null) {
                return node;
            }
            c = c.getParent().orElse(null);
        }
        throw new IllegalStateException("no anvil node started for " + e.getDisplayName());
    }
}
