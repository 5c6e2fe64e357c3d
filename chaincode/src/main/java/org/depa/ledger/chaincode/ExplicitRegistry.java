package org.depa.ledger.chaincode;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.contract.execution.InvocationRequest;
import org.hyperledger.fabric.contract.routing.ContractDefinition;
import org.hyperledger.fabric.contract.routing.RoutingRegistry;
import org.hyperledger.fabric.contract.routing.TxFunction;
import org.hyperledger.fabric.contract.routing.TypeRegistry;
import org.hyperledger.fabric.contract.routing.impl.RoutingRegistryImpl;
import org.hyperledger.fabric.contract.systemcontract.SystemContract;

/**
 * The chaincode's transaction classes, registered by name instead of found by a class-path scan.
 * {@link #CONTRACTS} is what {@link TransactionRouter} serves; as a Fabric {@code RoutingRegistry}
 * it registers the same classes' {@code @Transaction} methods exactly as Fabric's scan does
 * ({@code RoutingRegistryImpl.addContracts}), which is what Fabric's metadata builder reads for
 * {@code org.hyperledger.fabric:GetMetadata} ({@link ContractMetadata}). The chaincode has no
 * {@code @DataType} classes (arguments and results are JSON strings).
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
