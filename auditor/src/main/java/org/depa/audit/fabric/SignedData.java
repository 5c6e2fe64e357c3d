package org.depa.audit.fabric;

import com.google.protobuf.ByteString;

/** One signature to check: who (a serialized identity), over what, and the signature. */
record SignedData(ByteString identity, byte[] data, byte[] signature) {}
