package org.depa.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ScanResult;
import java.util.List;
import org.depa.ledger.model.catalogue.Tx;
import org.depa.ledger.model.catalogue.TxCatalogue;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.DataType;
import org.hyperledger.fabric.contract.routing.ContractDefinition;
import org.junit.jupiter.api.Test;

/** The explicit registration serves what Fabric's class-path scan would have found, and routes every transaction. */
class ExplicitRegistryTest {
    @Test
    void listsEveryContractClassThatTheScanFinds() {
        try (ScanResult scan = new ClassGraph()
                .enableClassInfo()
                .enableAnnotationInfo()
                .acceptPackages("org.depa", "org.hyperledger.fabric.contract")
                .scan()) {
            List<String> scanned =
                    scan.getClassesWithAnnotation(Contract.class.getName()).getNames();
            List<String> listed =
                    ExplicitRegistry.CONTRACTS.stream().map(Class::getName).toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(scanned);
            assertThat(scan.getClassesWithAnnotation(DataType.class.getName()).getNames())
                    .as("@DataType classes (the explicit registry registers none)")
                    .isEmpty();
        }
    }

    @Test
    void routesEveryCataloguedTransaction() {
        ExplicitRegistry registry = new ExplicitRegistry();
        registry.findAndSetContracts(null);
        for (Tx<?, ?> tx : TxCatalogue.all()) {
            String[] parts = tx.name().split(":", 2);
            ContractDefinition contract = registry.getContract(parts[0]);
            assertThat(contract).as("contract %s", parts[0]).isNotNull();
            assertThat(contract.hasTxFunction(parts[1]))
                    .as("route %s", tx.name())
                    .isTrue();
        }
        assertThat(registry.getContract("org.hyperledger.fabric"))
                .as("Fabric's system contract")
                .isNotNull();
    }
}
