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

    AuditContext(CheckSink sink, String channel) {
        this.sink = sink;
        this.channel = channel;
    }
}
