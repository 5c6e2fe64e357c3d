package org.depa.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.depa.ledger.model.catalogue.Tx;
import org.depa.ledger.model.catalogue.TxCatalogue;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.ContractRuntimeException;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;

/**
 * The routing table and the router's answers that need no ledger state. The comparison with
 * Fabric's own router, invocation by invocation, is ledger-client's
 * {@code TransactionRouterEquivalenceTest}.
 */
class TransactionRouterTest {
    @Test
    void everyCataloguedTransactionRoutesToItsMethod() {
        Map<String, java.lang.reflect.Method> methods = CatalogueCoverageTest.chaincodeMethods();
        for (Tx<?, ?> tx : TxCatalogue.all()) {
            assertThat(Routes.shared().find(tx.area(), tx.transaction()).method())
                    .as("route of %s", tx.name())
                    .isEqualTo(methods.get(tx.name()));
        }
        assertThat(Routes.shared()
                        .find("org.hyperledger.fabric", "GetMetadata")
                        .method()
                        .getName())
                .isEqualTo("getMetadata");
    }

    @Test
    void anUnknownMethodGoesToItsAreasUnknownTransaction() {
        assertThat(Routes.shared().find("contracts", "nosuch").method().getName())
                .isEqualTo("unknownTransaction");
        assertThat(Routes.shared().find("contracts", "getMetadata").method().getName())
                .as("a method of another area is not this area's")
                .isEqualTo("unknownTransaction");
    }

    @Test
    void anUnknownAreaIsRefusedWithFabricsMessage() {
        assertThatThrownBy(() -> Routes.shared().find("nosuch", "get"))
                .isInstanceOf(ContractRuntimeException.class)
                .hasMessage("Undefined contract called");
        assertThatThrownBy(() -> Routes.shared().find("default", "get"))
                .as("no class is @Default, so a name without an area reaches none")
                .hasMessage("Undefined contract called");
        Response r = TransactionRouter.inProcess().invoke(stub("nosuch:get", "x"));
        assertThat(r.getStatus().getCode()).isEqualTo(500);
        assertThat(r.getMessage()).isEqualTo("Undefined contract called");
        assertThat(r.getPayload()).isNull();
    }

    @Test
    void anEmptyInvocationIsAnEmptySuccess() {
        Response r = TransactionRouter.inProcess().init(stub());
        assertThat(r.getStatus().getCode()).isEqualTo(200);
        assertThat(r.getMessage()).isNull();
        assertThat(r.getPayload()).isNull();
    }

    @Test
    void aMethodOfAnotherShapeIsRefusedWhenTheTableIsBuilt() throws Exception {
        assertThatThrownBy(() -> Route.of(Odd.class, Odd.class.getMethod("count", Context.class, int.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Odd.count")
                .hasMessageContaining("strings only");
        assertThatThrownBy(() -> Route.of(Odd.class, Odd.class.getMethod("number", Context.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Odd.number")
                .hasMessageContaining("not a string");
        assertThatThrownBy(() -> Route.of(Odd.class, Odd.class.getMethod("noContext", String.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not take a context first");
    }

    /** A stub that answers only getArgs: enough for the router's answers before any transaction runs. */
    private static ChaincodeStub stub(String... args) {
        List<byte[]> argv = java.util.Arrays.stream(args)
                .map(a -> a.getBytes(StandardCharsets.UTF_8))
                .toList();
        return (ChaincodeStub) Proxy.newProxyInstance(
                ChaincodeStub.class.getClassLoader(), new Class<?>[] {ChaincodeStub.class}, (proxy, m, a) -> {
                    if (m.getName().equals("getArgs")) {
                        return argv;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    /** Transaction methods this router does not serve (not a @Contract: the scan in ExplicitRegistryTest would list it). */
    public static final class Odd implements ContractInterface {
        @Transaction
        public String count(Context ctx, int n) {
            return Integer.toString(n);
        }

        @Transaction
        public int number(Context ctx) {
            return 1;
        }

        @Transaction
        public String noContext(String s) {
            return s;
        }
    }
}
