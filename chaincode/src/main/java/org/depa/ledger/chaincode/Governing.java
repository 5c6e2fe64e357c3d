package org.depa.ledger.chaincode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.Governance;
import org.depa.ledger.model.domain.RegistryShard;

/**
 * The SRO's powers, anchored on the ledger. The SRO's MSP id is read from the governance record,
 * written once at initialisation (the SRO's first write) under a key-level policy naming the SRO's
 * organisation; the process setting {@code DEPA_SRO_MSP_ID} only names who may initialise.
 *
 * <p>Facts only the SRO may establish (a participant's verification or suspension, a measurement's
 * certification) are kept in registry shards created at initialisation under the same policy,
 * because Fabric checks a key-level policy only on keys that already exist: a fact under a fresh
 * key could be created by any majority. The chaincode trusts these facts only from the registry.
 */
final class Governing {
    static final String GOVERNANCE_ID = "current";
    static final String PARTICIPANTS = "participants";
    static final String MEASUREMENTS = "measurements";
    private static final List<String> REGISTRIES = List.of(MEASUREMENTS, PARTICIPANTS);
    private static final String SHARDS = "0123456789abcdef";

    /** Per transaction: what this transaction read or wrote, since reads see committed state only. */
    static final class Cache {
        private Optional<Governance> governance;
        private final Map<String, RegistryShard> shards = new HashMap<>();
    }

    private Governing() {}

    static Optional<Governance> find(DepaContext ctx) {
        Cache c = ctx.governanceCache();
        if (c.governance == null) {
            c.governance = ctx.state().find(ObjectType.GOVERNANCE, Governance.class, GOVERNANCE_ID);
        }
        return c.governance;
    }

    /** The SRO's MSP id: the ledger's, or before initialisation the bootstrap setting. */
    static String sroMspId(DepaContext ctx) {
        return find(ctx).map(Governance::sroMspId).orElse(ctx.settings().sroMspId());
    }

    static List<String> members(DepaContext ctx) {
        return find(ctx).map(Governance::memberMspIds).orElseGet(() -> bootstrapMembers(ctx));
    }

    /** Refuses unless the submitter is the SRO's organisation; initialises the ledger on the SRO's first write. */
    static Governance requireSro(DepaContext ctx, String action) {
        String sro = sroMspId(ctx);
        if (!sro.equals(ctx.callerMsp())) {
            throw new LedgerRuleException(
                    ErrorCode.NOT_SRO,
                    "only the SRO organisation (" + sro + ") may " + action + "; the submitter is from "
                            + ctx.callerMsp());
        }
        return find(ctx).orElseGet(() -> initialise(ctx));
    }

    private static Governance initialise(DepaContext ctx) {
        String sro = ctx.settings().sroMspId();
        // The development switch goes on the ledger with the SRO's first write, so that every reader
        // sees it: peers deployed with different switches endorse different records and the
        // initialisation fails, as it should.
        Governance g = new Governance(
                sro,
                bootstrapMembers(ctx),
                null,
                ctx.nowText(),
                ctx.nowText(),
                ctx.txId(),
                ctx.settings().developmentRoots());
        byte[] policy = sroPolicy(ctx, g);
        ctx.state().putWithPolicy(ObjectType.GOVERNANCE, g, policy, GOVERNANCE_ID);
        ctx.governanceCache().governance = Optional.of(g);
        for (String registry : REGISTRIES) {
            for (char shard : SHARDS.toCharArray()) {
                RegistryShard empty = RegistryShard.empty();
                ctx.state().putWithPolicy(ObjectType.SRO_REGISTRY, empty, policy, registry, String.valueOf(shard));
                ctx.governanceCache().shards.put(registry + "/" + shard, empty);
            }
        }
        return g;
    }

    static void update(DepaContext ctx, Governance g) {
        ctx.state().put(ObjectType.GOVERNANCE, g, GOVERNANCE_ID);
        ctx.governanceCache().governance = Optional.of(g);
    }

    /** What the SRO recorded about {@code id} in {@code registry}, if anything. */
    static Optional<RegistryShard.Entry> entry(DepaContext ctx, String registry, String id) {
        return Optional.ofNullable(shard(ctx, registry, id).entries().get(id));
    }

    /** Records the SRO's decision; the caller has passed {@link #requireSro}. */
    static void record(DepaContext ctx, String registry, String id, String status) {
        RegistryShard next = shard(ctx, registry, id).with(id, new RegistryShard.Entry(status, ctx.txId()));
        String shard = shardOf(id);
        ctx.state().put(ObjectType.SRO_REGISTRY, next, registry, shard);
        ctx.governanceCache().shards.put(registry + "/" + shard, next);
    }

    private static RegistryShard shard(DepaContext ctx, String registry, String id) {
        String shard = shardOf(id);
        return ctx.governanceCache().shards.computeIfAbsent(registry + "/" + shard, k -> ctx.state()
                .find(ObjectType.SRO_REGISTRY, RegistryShard.class, registry, shard)
                .orElseGet(RegistryShard::empty));
    }

    private static String shardOf(String id) {
        return Hashes.sha256Hex(id).substring(0, 1);
    }

    /** The SRO's organisation and a majority of the members. */
    static byte[] sroPolicy(DepaContext ctx) {
        return policy(ctx, sroMspId(ctx));
    }

    private static byte[] sroPolicy(DepaContext ctx, Governance g) {
        return KeyPolicies.requiring(g.memberMspIds(), new TreeSet<>(List.of(g.sroMspId())));
    }

    /** Each of {@code orgs} and a majority of the members. */
    static byte[] policy(DepaContext ctx, String... orgs) {
        SortedSet<String> required = new TreeSet<>(List.of(orgs));
        return KeyPolicies.requiring(members(ctx), required);
    }

    private static List<String> bootstrapMembers(DepaContext ctx) {
        TreeSet<String> members = new TreeSet<>(ctx.settings().memberMspIds());
        members.add(ctx.settings().sroMspId());
        return List.copyOf(members);
    }
}
