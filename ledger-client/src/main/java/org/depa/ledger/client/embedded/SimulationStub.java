package org.depa.ledger.client.embedded;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.depa.ledger.chaincode.ChaincodeSettings;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The ChaincodeStub the embedded ledger hands to the chaincode. Reads see committed state only
 * (never the transaction's own writes, as on a Fabric peer) and are recorded with their versions
 * for the MVCC check; writes are buffered until commit. What LevelDB-backed Fabric refuses
 * (rich queries, paginated queries in a writing transaction) is refused here too.
 */
final class SimulationStub implements ChaincodeStub, ChaincodeSettings.Carrier {
    private static final String MAX_UNICODE_RUNE = "\udbff\udfff";
    private static final String UNSPECIFIED_START_KEY = new String(Character.toChars(0x000001));

    private final WorldState.Snapshot state;
    private final List<byte[]> args;
    private final String txId;
    private final String channelId;
    private final Instant timestamp;
    private final byte[] creator;
    private final ChaincodeSettings settings;
    private final ReadWriteSet rwset = new ReadWriteSet();
    private ChaincodeEvent event;
    private boolean paginatedQueryPerformed;

    SimulationStub(
            WorldState.Snapshot state,
            List<byte[]> args,
            String txId,
            String channelId,
            Instant timestamp,
            byte[] creator,
            ChaincodeSettings settings) {
        this.state = state;
        this.args = List.copyOf(args);
        this.txId = txId;
        this.channelId = channelId;
        this.timestamp = timestamp;
        this.creator = creator.clone();
        this.settings = settings;
    }

    /** This ledger's deployment settings, which the chaincode reads from the stub rather than a global. */
    @Override
    public ChaincodeSettings chaincodeSettings() {
        return settings;
    }

    /** The same invocation with nothing read or written yet: one invocation through two routers, compared. */
    SimulationStub again() {
        return new SimulationStub(state, args, txId, channelId, timestamp, creator, settings);
    }

    ReadWriteSet rwset() {
        return rwset;
    }

    ChaincodeEvent event() {
        return event;
    }

    @Override
    public List<byte[]> getArgs() {
        return args.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<String> getStringArgs() {
        return args.stream().map(a -> new String(a, StandardCharsets.UTF_8)).toList();
    }

    @Override
    public String getFunction() {
        return args.isEmpty() ? null : getStringArgs().get(0);
    }

    @Override
    public List<String> getParameters() {
        return getStringArgs().stream().skip(1).toList();
    }

    @Override
    public String getTxId() {
        return txId;
    }

    @Override
    public String getChannelId() {
        return channelId;
    }

    @Override
    public Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
        throw unsupported("chaincode-to-chaincode calls");
    }

    @Override
    public byte[] getState(String key) {
        requireKey(key);
        WorldState.Entry e = state.get(key);
        rwset.reads.putIfAbsent(key, e == null ? null : e.version());
        return e == null ? new byte[0] : e.value().clone();
    }

    @Override
    public byte[] getStateValidationParameter(String key) {
        requireKey(key);
        return state.policy(key);
    }

    @Override
    public void putState(String key, byte[] value) {
        requireKey(key);
        requireNoPagination();
        if (value == null || value.length == 0) {
            // Fabric treats an empty value as a delete; be as strict as the peer's validator.
            throw new IllegalArgumentException("putState of key " + printable(key) + " with an empty value");
        }
        rwset.writes.put(key, value.clone());
    }

    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        requireKey(key);
        requireNoPagination();
        rwset.metadataWrites.put(key, value == null ? new byte[0] : value.clone());
    }

    @Override
    public void delState(String key) {
        requireKey(key);
        requireNoPagination();
        rwset.writes.put(key, null);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        String start = startKey == null || startKey.isEmpty() ? UNSPECIFIED_START_KEY : startKey;
        String end = endKey == null ? "" : endKey;
        CompositeKey.validateSimpleKeys(start, end);
        return StubResults.iterator(scan(start, end, Integer.MAX_VALUE, true));
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
            String startKey, String endKey, int pageSize, String bookmark) {
        String start = startKey == null || startKey.isEmpty() ? UNSPECIFIED_START_KEY : startKey;
        String end = endKey == null ? "" : endKey;
        CompositeKey.validateSimpleKeys(start, end);
        return paginated(start, end, pageSize, bookmark);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        return getStateByPartialCompositeKey(CompositeKey.parseCompositeKey(compositeKey));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        String prefix =
                compositeKey == null ? new CompositeKey(UNSPECIFIED_START_KEY).toString() : compositeKey.toString();
        return StubResults.iterator(scan(prefix, prefix + MAX_UNICODE_RUNE, Integer.MAX_VALUE, true));
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey compositeKey, int pageSize, String bookmark) {
        String prefix =
                compositeKey == null ? new CompositeKey(UNSPECIFIED_START_KEY).toString() : compositeKey.toString();
        return paginated(prefix, prefix + MAX_UNICODE_RUNE, pageSize, bookmark);
    }

    @Override
    public CompositeKey createCompositeKey(String objectType, String... attributes) {
        return new CompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(String compositeKey) {
        return CompositeKey.parseCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        throw unsupported("rich queries (they need CouchDB; this ledger is LevelDB-like)");
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(
            String query, int pageSize, String bookmark) {
        throw unsupported("rich queries (they need CouchDB; this ledger is LevelDB-like)");
    }

    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        requireKey(key);
        List<KeyModification> mods = new ArrayList<>();
        for (WorldState.Modification m : state.history(key)) {
            mods.add(new StubResults.HistoryRecord(m));
        }
        return StubResults.iterator(mods);
    }

    @Override
    public byte[] getPrivateData(String collection, String key) {
        throw unsupported("private data collections");
    }

    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        throw unsupported("private data collections");
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        throw unsupported("private data collections");
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        throw unsupported("private data collections");
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        throw unsupported("private data collections");
    }

    @Override
    public void delPrivateData(String collection, String key) {
        throw unsupported("private data collections");
    }

    @Override
    public void purgePrivateData(String collection, String key) {
        throw unsupported("private data collections");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        throw unsupported("private data collections");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String compositeKey) {
        throw unsupported("private data collections");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
            String collection, CompositeKey compositeKey) {
        throw unsupported("private data collections");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
            String collection, String objectType, String... attributes) {
        throw unsupported("private data collections");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        throw unsupported("private data collections");
    }

    @Override
    public void setEvent(String name, byte[] payload) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("event name can not be nil or empty string");
        }
        event = ChaincodeEvent.newBuilder()
                .setEventName(name)
                .setTxId(txId)
                .setPayload(ByteString.copyFrom(payload == null ? new byte[0] : payload))
                .build();
    }

    @Override
    public ChaincodeEvent getEvent() {
        return event;
    }

    @Override
    public SignedProposal getSignedProposal() {
        throw unsupported("signed proposals");
    }

    @Override
    public Instant getTxTimestamp() {
        return timestamp;
    }

    @Override
    public byte[] getCreator() {
        return creator.clone();
    }

    @Override
    public Map<String, byte[]> getTransient() {
        return Collections.emptyMap();
    }

    @Override
    public byte[] getBinding() {
        return new byte[0];
    }

    @Override
    public String getMspId() {
        return settings.sroMspId();
    }

    private List<KeyValue> scan(String start, String end, int limit, boolean recordComplete) {
        List<KeyValue> out = new ArrayList<>();
        List<Map.Entry<String, Version>> seen = new ArrayList<>();
        boolean complete = true;
        for (Map.Entry<String, WorldState.Entry> e : state.range(start, end)) {
            if (out.size() == limit) {
                complete = false;
                break;
            }
            out.add(new StubResults.Kv(e.getKey(), e.getValue().value()));
            seen.add(new AbstractMap.SimpleImmutableEntry<>(
                    e.getKey(), e.getValue().version()));
        }
        rwset.rangeReads.add(new ReadWriteSet.RangeRead(start, end, List.copyOf(seen), recordComplete && complete));
        return out;
    }

    private QueryResultsIteratorWithMetadata<KeyValue> paginated(
            String start, String end, int pageSize, String bookmark) {
        if (!rwset.writes.isEmpty()) {
            throw new IllegalStateException("paginated queries are supported only in read-only transactions");
        }
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        paginatedQueryPerformed = true;
        String from = bookmark == null || bookmark.isEmpty() ? start : bookmark;
        List<KeyValue> page = scan(from, end, pageSize, false);
        String next = "";
        if (page.size() == pageSize) {
            Map.Entry<String, WorldState.Entry> after =
                    state.firstAfter(page.get(pageSize - 1).getKey(), end);
            if (after != null) {
                next = after.getKey();
            }
        }
        QueryResponseMetadata metadata = QueryResponseMetadata.newBuilder()
                .setFetchedRecordsCount(page.size())
                .setBookmark(next)
                .build();
        return new StubResults.PagedIterator(page, metadata);
    }

    private void requireNoPagination() {
        if (paginatedQueryPerformed) {
            throw new IllegalStateException("a transaction that performed a paginated query cannot write");
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }

    private static String printable(String key) {
        return key.replace('\u0000', '/');
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("the embedded ledger does not support " + what);
    }
}
