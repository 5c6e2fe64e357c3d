package org.depa.ledger.chaincode;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.contract.execution.InvocationRequest;
import org.hyperledger.fabric.contract.routing.ContractDefinition;
import org.hyperledger.fabric.contract.routing.RoutingRegistry;
import org.hyperledger.fabric.contract.routing.TxFunction;
import org.hyperledger.fabric.contract.routing.TypeRegistry;
import org.hyperledger.fabric.contract.routing.impl.RoutingRegistryImpl;
import org.hyperledger.fabric.contract.systemcontract.SystemContract;

/**
 * The chaincode's transaction classes, registered by name instead of found by Fabric's
 * class-path scan. Fabric's {@link ContractRouter} scans the whole class path (ClassGraph) for
 * {@code @Contract} and {@code @DataType} classes when it starts, 2 to 9 s per JVM on a loaded
 * machine; this registry hands it the same classes and registers their {@code @Transaction}
 * methods exactly as the scan's registration does ({@code RoutingRegistryImpl.addContracts}).
 * The chaincode has no {@code @DataType} classes (arguments and results are JSON strings).
 * {@code ExplicitRegistryTest} fails if a {@code @Contract} class is added and not listed here.
 */
public final class ExplicitRegistry implements RoutingRegistry {
    /** Every transaction class the router serves, and Fabric's own system contract (metadata). */
    public static final List<Class<? extends ContractInterface>> CONTRACTS = List.of(
            ParticipantTransactions.class,
            DatasetTransactions.class,
            MeasurementTransactions.class,
            ContractTransactions.class,
            RunTransactions.class,
            PaymentTransactions.class,
            JobTransactions.class,
            AuditTransactions.class,
            ProbeTransactions.class,
            SystemContract.class);

    private final RoutingRegistryImpl delegate = new RoutingRegistryImpl();

    /**
     * A router that serves {@link #CONTRACTS} without scanning. The router creates its registry
     * itself and offers no way to pass one, so this replaces its private {@code registry} field
     * (fabric-chaincode-shim 2.5.10, pinned in the root pom; {@code ExplicitRegistryTest} starts a
     * router this way and routes every catalogued transaction through it).
     */
    public static ContractRouter router(String[] args) {
        ContractRouter router = new ContractRouter(args);
        try {
            Field registry = ContractRouter.class.getDeclaredField("registry");
            registry.setAccessible(true);
            registry.set(router, new ExplicitRegistry());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot register the transaction classes with this fabric-chaincode-shim's ContractRouter", e);
        }
        return router;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void findAndSetContracts(TypeRegistry typeRegistry) {
        for (Class<? extends ContractInterface> c : CONTRACTS) {
            ContractDefinition definition = delegate.addNewContract((Class<ContractInterface>) c);
            for (Method m : c.getMethods()) {
                if (m.getAnnotation(Transaction.class) != null) {
                    definition.addTxFunction(m);
                }
            }
        }
    }

    @Override
    public ContractDefinition addNewContract(Class<ContractInterface> clz) {
        return delegate.addNewContract(clz);
    }

    @Override
    public boolean containsRoute(InvocationRequest request) {
        return delegate.containsRoute(request);
    }

    @Override
    public TxFunction.Routing getRoute(InvocationRequest request) {
        return delegate.getRoute(request);
    }

    @Override
    public TxFunction getTxFn(InvocationRequest request) {
        return delegate.getTxFn(request);
    }

    @Override
    public ContractDefinition getContract(String name) {
        return delegate.getContract(name);
    }

    @Override
    public Collection<ContractDefinition> getAllDefinitions() {
        return delegate.getAllDefinitions();
    }
}
