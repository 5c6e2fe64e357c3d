package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.HashMap;
import java.util.Map;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVMetadataEntry;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVMetadataWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.ApplicationPolicy;
import org.hyperledger.fabric.protos.peer.lifecycle.ChaincodeValidationInfo;
import org.hyperledger.fabric.protos.peer.lifecycle.StateData;

/**
 * The endorsement policies the ledger itself defines, replayed from the writes of valid
 * transactions: each chaincode definition's validation info (written by {@code _lifecycle} at
 * commit, {@code namespaces/fields/NAME/ValidationInfo}) and each key-level policy (a key's
 * {@code VALIDATION_PARAMETER} metadata). Only these are kept, so memory grows with the
 * chaincodes and the keys that carry their own policy, not with the ledger.
 */
final class NamespacePolicies {
    static final String LIFECYCLE = "_lifecycle";
    static final String VALIDATION_PARAMETER = "VALIDATION_PARAMETER";
    private static final String FIELDS = "namespaces/fields/";
    private static final String VALIDATION_INFO = "/ValidationInfo";

    private final Map<String, ApplicationPolicy> chaincodes = new HashMap<>();
    private final Map<String, SignaturePolicyEnvelope> keys = new HashMap<>();

    /** The committed definition's policy for {@code chaincode}, or null when none was committed. */
    ApplicationPolicy chaincode(String chaincode) {
        return chaincodes.get(chaincode);
    }

    /** The key-level policy of {@code key} in {@code namespace}, or null. */
    SignaturePolicyEnvelope key(String namespace, String key) {
        return keys.get(namespace + '\u0000' + key);
    }

    /** Applies the writes of a transaction the peers marked valid. */
    void apply(String namespace, KVRWSet rwset) throws InvalidProtocolBufferException {
        for (KVWrite w : rwset.getWritesList()) {
            if (LIFECYCLE.equals(namespace)) {
                String k = w.getKey();
                if (k.startsWith(FIELDS) && k.endsWith(VALIDATION_INFO)) {
                    String cc = k.substring(FIELDS.length(), k.length() - VALIDATION_INFO.length());
                    if (w.getIsDelete()) {
                        chaincodes.remove(cc);
                    } else {
                        chaincodes.put(cc, validationPolicy(w.getValue()));
                    }
                }
            } else if (w.getIsDelete()) {
                keys.remove(namespace + '\u0000' + w.getKey());
            }
        }
        for (KVMetadataWrite m : rwset.getMetadataWritesList()) {
            ByteString vp = null;
            for (KVMetadataEntry e : m.getEntriesList()) {
                if (VALIDATION_PARAMETER.equals(e.getName())) {
                    vp = e.getValue();
                }
            }
            String id = namespace + '\u0000' + m.getKey();
            if (vp == null || vp.isEmpty()) {
                keys.remove(id);
            } else {
                keys.put(id, SignaturePolicyEnvelope.parseFrom(vp));
            }
        }
    }

    private static ApplicationPolicy validationPolicy(ByteString stateData) throws InvalidProtocolBufferException {
        StateData data = StateData.parseFrom(stateData);
        ChaincodeValidationInfo info = ChaincodeValidationInfo.parseFrom(data.getBytes());
        return ApplicationPolicy.parseFrom(info.getValidationParameter());
    }
}
