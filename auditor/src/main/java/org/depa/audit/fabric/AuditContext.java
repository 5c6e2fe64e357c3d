package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.Set;
import org.depa.audit.report.CheckSink;

/** What the audit carries from block to block: the governing config and the policies replayed so far. */
final class AuditContext {
    final CheckSink sink;
    final String channel;
    final NamespacePolicies policies = new NamespacePolicies();
    /** Ids of the transactions marked valid so far (32 bytes each). */
    final Set<ByteString> validTxIds = new HashSet<>();
    /** The config in effect: the last config block seen; null before the genesis block. */
    ChannelConfig config;
    /** The domain replays fed with each valid transaction's writes. */
    final java.util.List<org.depa.audit.replay.WriteReplay> replays;

    AuditContext(CheckSink sink, String channel, java.util.List<org.depa.audit.replay.WriteReplay> replays) {
        this.sink = sink;
        this.channel = channel;
        this.replays = java.util.List.copyOf(replays);
    }
}
