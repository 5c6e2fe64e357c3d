package org.depa.ledger.chaincode;

import org.hyperledger.fabric.contract.metadata.MetadataBuilder;
import org.hyperledger.fabric.contract.routing.TypeRegistry;

/**
 * The metadata Fabric's system contract returns ({@code org.hyperledger.fabric:GetMetadata}),
 * built from the explicitly registered classes on the first call instead of at start-up: nothing
 * in the project or on the peer asks for it, and building it validates a JSON schema (a visible
 * share of Fabric's router start-up).
 */
final class ContractMetadata {
    private ContractMetadata() {}

    static void initializeOnce() {
        Holder.touch();
    }

    private static final class Holder {
        static {
            ExplicitRegistry registry = new ExplicitRegistry();
            TypeRegistry types = TypeRegistry.getRegistry();
            registry.findAndSetContracts(types);
            MetadataBuilder.initialize(registry, types);
        }

        static void touch() {}
    }
}
