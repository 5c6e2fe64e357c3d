package org.depa.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.depa.ledger.model.catalogue.Tx;
import org.depa.ledger.model.catalogue.TxCatalogue;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.junit.jupiter.api.Test;

/**
 * Holds the catalogue and the chaincode together: a {@code @Transaction} method without a
 * catalogue entry, or an entry without a method, fails here, as does an entry whose intent or
 * argument count differs from the method's. The chaincode classes are the ones Fabric's router
 * serves: every {@code @Contract} class of this package.
 */
class CatalogueCoverageTest {
    static final List<Class<?>> SERVED = List.of(
            ParticipantTransactions.class,
            DatasetTransactions.class,
            MeasurementTransactions.class,
            ContractTransactions.class,
            RunTransactions.class,
            PaymentTransactions.class,
            JobTransactions.class,
            AuditTransactions.class,
            ProbeTransactions.class);

    /** Every method Fabric would route to, by its qualified name. */
    static Map<String, Method> chaincodeMethods() {
        Map<String, Method> out = new TreeMap<>();
        for (Class<?> c : SERVED) {
            String area = c.getAnnotation(Contract.class).name();
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Transaction.class)) {
                    out.put(area + ":" + m.getName(), m);
                }
            }
        }
        return out;
    }

    @Test
    void everyTransactionMethodHasACatalogueEntry() {
        List<String> catalogued = TxCatalogue.all().stream().map(Tx::name).toList();
        assertThat(chaincodeMethods().keySet()).allSatisfy(name -> assertThat(catalogued)
                .as("catalogue entry for chaincode method %s", name)
                .contains(name));
    }

    @Test
    void everyCatalogueEntryHasATransactionMethod() {
        Map<String, Method> methods = chaincodeMethods();
        assertThat(TxCatalogue.all()).allSatisfy(tx -> assertThat(methods)
                .as("chaincode method for catalogue entry %s", tx.name())
                .containsKey(tx.name()));
    }

    @Test
    void intentsAndArgumentCountsAgree() {
        Map<String, Method> methods = chaincodeMethods();
        for (Tx<?, ?> tx : TxCatalogue.all()) {
            Method m = methods.get(tx.name());
            Transaction.TYPE intent = m.getAnnotation(Transaction.class).intent();
            assertThat(intent.name())
                    .as("intent of %s", tx.name())
                    .isEqualTo(tx.intent().name());
            assertThat(m.getParameterCount() - 1)
                    .as("string arguments of %s after the context", tx.name())
                    .isEqualTo(tx.arguments().arity());
            assertThat(Stream.of(m.getParameterTypes()).skip(1)).allMatch(String.class::equals);
        }
    }

    @Test
    void everyContractClassOfThePackageIsServedAndChecked() throws Exception {
        // A new @Contract class added without joining SERVED would escape the checks above.
        java.net.URL served = ParticipantTransactions.class.getResource("ParticipantTransactions.class");
        try (Stream<java.nio.file.Path> files =
                java.nio.file.Files.list(java.nio.file.Path.of(served.toURI()).getParent())) {
            List<Class<?>> contracts = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .<Class<?>>map(n -> load(n.substring(0, n.length() - ".class".length())))
                    .filter(c -> c.isAnnotationPresent(Contract.class))
                    .toList();
            assertThat(contracts).containsExactlyInAnyOrderElementsOf(SERVED);
        }
    }

    private static Class<?> load(String simpleName) {
        try {
            return Class.forName(ParticipantTransactions.class.getPackageName() + "." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
