package org.depa.ledger.chaincode;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.ContractRuntimeException;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.contract.execution.InvocationRequest;

/**
 * The routing table: each area's {@code @Transaction} methods by name, read from the explicitly
 * registered classes as Fabric's registry reads them (public methods, inherited ones included;
 * the annotation's name, else the method's; the {@code @Contract} name, else the simple class
 * name; a {@code @Default} class also serves the "default" area). Built once per JVM; read-only
 * after that, so any number of threads route through it.
 */
final class Routes {
    private static final Routes SHARED = new Routes();

    /** Area name to (transaction name to route). */
    private final Map<String, Map<String, Route>> areas = new HashMap<>();
    /** Area name to the route of its unknownTransaction method. */
    private final Map<String, Route> unknown = new HashMap<>();

    private Routes() {
        for (Class<? extends ContractInterface> c : ExplicitRegistry.CONTRACTS) {
            add(c);
        }
    }

    static Routes shared() {
        return SHARED;
    }

    /** The route of {@code area:method}; an unknown method gets the area's unknownTransaction. */
    Route find(String area, String method) {
        Map<String, Route> methods = areas.get(area);
        if (methods == null) {
            // Fabric's message, word for word (RoutingRegistryImpl.getContract).
            throw new ContractRuntimeException("Undefined contract called");
        }
        Route route = methods.get(method);
        return route != null ? route : unknown.get(area);
    }

    private void add(Class<? extends ContractInterface> c) {
        Contract contract = c.getAnnotation(Contract.class);
        if (contract == null) {
            throw new IllegalStateException(c.getName() + " is registered but has no @Contract annotation");
        }
        String area = contract.name().isEmpty() ? c.getSimpleName() : contract.name();
        Map<String, Route> methods = new HashMap<>();
        for (Method m : c.getMethods()) {
            Transaction tx = m.getAnnotation(Transaction.class);
            if (tx != null) {
                String name = tx.name().isEmpty() ? m.getName() : tx.name();
                if (methods.put(name, Route.of(c, m)) != null) {
                    throw new IllegalStateException("duplicate transaction " + area + ":" + name);
                }
            }
        }
        Route unknownRoute;
        try {
            unknownRoute =
                    Route.of(c, c.getMethod("unknownTransaction", org.hyperledger.fabric.contract.Context.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(c.getName() + " has no unknownTransaction method", e);
        }
        register(area, methods, unknownRoute);
        if (c.isAnnotationPresent(Default.class)) {
            register(InvocationRequest.DEFAULT_NAMESPACE, methods, unknownRoute);
        }
    }

    private void register(String area, Map<String, Route> methods, Route unknownRoute) {
        if (areas.put(area, Map.copyOf(methods)) != null) {
            throw new IllegalStateException("two registered classes serve the area " + area);
        }
        unknown.put(area, unknownRoute);
    }
}
