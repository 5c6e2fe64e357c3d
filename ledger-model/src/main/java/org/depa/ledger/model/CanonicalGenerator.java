package org.depa.ledger.model;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.json.JsonWriteContext;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator Jackson's serializers write into when {@link CanonicalWriter} makes canonical
 * JSON: each call adds to a tree of {@link CanonicalWriter.Node}s (members are sorted when the
 * tree is written), so nothing is buffered as tokens and read back. Numbers become their
 * canonical text at once; strings are kept raw and escaped when written. Anything the canonical
 * writer does not reproduce exactly (raw text, binary, embedded objects, numbers held as text,
 * trees, non-finite numbers) marks the generator {@link #unsupported()} and stops the
 * serialisation, and the caller falls back to the RFC 8785 library.
 */
final class CanonicalGenerator extends JsonGenerator {
    /** Stops the serialisation when the direct path cannot reproduce the library's output. */
    static final class Unsupported extends IOException {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final ObjectCodec codec;
    private JsonWriteContext context = JsonWriteContext.createRootContext(null);
    private int features;
    /** Open containers, innermost last; objects alternate name, value in their item lists. */
    private final List<CanonicalWriter.Node> open = new ArrayList<>();

    private CanonicalWriter.Node root;
    private boolean unsupported;
    private boolean closed;

    CanonicalGenerator(ObjectCodec codec) {
        this.codec = codec;
    }

    /** The finished document, or null if there was none or it was not a single container. */
    CanonicalWriter.Node root() {
        return open.isEmpty() ? root : null;
    }

    boolean unsupported() {
        return unsupported;
    }

    private Unsupported stop() {
        unsupported = true;
        return new Unsupported();
    }

    private void value(Object v) throws IOException {
        if (open.isEmpty()) {
            throw stop(); // a scalar at the root, or a second root value
        }
        if (context.writeValue() == JsonWriteContext.STATUS_EXPECT_NAME) {
            throw stop(); // a member value without its name
        }
        open.get(open.size() - 1).items().add(v);
    }

    private void start(boolean object) throws IOException {
        CanonicalWriter.Node node = new CanonicalWriter.Node(object, new ArrayList<>());
        if (open.isEmpty()) {
            if (root != null) {
                throw stop();
            }
            root = node;
            context.writeValue();
        } else {
            value(node);
        }
        open.add(node);
        context = object ? context.createChildObjectContext(null) : context.createChildArrayContext(null);
    }

    private void end(boolean object) throws IOException {
        if (open.isEmpty()
                || open.get(open.size() - 1).object() != object
                || object && open.get(open.size() - 1).items().size() % 2 != 0) {
            throw stop(); // unbalanced, or an object closed after a name without its value
        }
        open.remove(open.size() - 1);
        context = context.clearAndGetParent();
    }

    @Override
    public void writeStartArray() throws IOException {
        start(false);
    }

    @Override
    public void writeEndArray() throws IOException {
        end(false);
    }

    @Override
    public void writeStartObject() throws IOException {
        start(true);
    }

    @Override
    public void writeEndObject() throws IOException {
        end(true);
    }

    @Override
    public void writeFieldName(String name) throws IOException {
        if (open.isEmpty() || !open.get(open.size() - 1).object()) {
            throw stop();
        }
        if (context.writeFieldName(name) == JsonWriteContext.STATUS_EXPECT_VALUE) {
            throw stop(); // a name after a name
        }
        open.get(open.size() - 1).items().add(name);
    }

    @Override
    public void writeFieldName(SerializableString name) throws IOException {
        writeFieldName(name.getValue());
    }

    @Override
    public void writeString(String text) throws IOException {
        if (text == null) {
            writeNull();
        } else {
            value(new CanonicalWriter.Text(text));
        }
    }

    @Override
    public void writeString(char[] text, int offset, int len) throws IOException {
        writeString(new String(text, offset, len));
    }

    @Override
    public void writeString(SerializableString text) throws IOException {
        writeString(text.getValue());
    }

    @Override
    public void writeNumber(int v) throws IOException {
        value(CanonicalWriter.number(v));
    }

    @Override
    public void writeNumber(long v) throws IOException {
        // Exact integer to double is correctly rounded, as Double.valueOf(its decimal text) is.
        value(CanonicalWriter.number((double) v));
    }

    @Override
    public void writeNumber(double v) throws IOException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw stop();
        }
        value(CanonicalWriter.number(v));
    }

    @Override
    public void writeNumber(float v) throws IOException {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            throw stop();
        }
        // Jackson prints a float with Float.toString; the library reads that text as a double.
        value(CanonicalWriter.number(Double.parseDouble(Float.toString(v))));
    }

    @Override
    public void writeNumber(BigInteger v) throws IOException {
        writeBig(v);
    }

    @Override
    public void writeNumber(BigDecimal v) throws IOException {
        writeBig(v);
    }

    private void writeBig(Number v) throws IOException {
        if (v == null) {
            writeNull();
            return;
        }
        double d = Double.parseDouble(v.toString());
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw stop();
        }
        value(CanonicalWriter.number(d));
    }

    @Override
    public void writeBoolean(boolean state) throws IOException {
        value(state ? "true" : "false");
    }

    @Override
    public void writeNull() throws IOException {
        value("null");
    }

    // What the direct path does not reproduce: stop, and let the library write it.

    @Override
    public void writeNumber(String encodedValue) throws IOException {
        throw stop();
    }

    @Override
    public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
        throw stop();
    }

    @Override
    public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
        throw stop();
    }

    @Override
    public void writeRaw(String text) throws IOException {
        throw stop();
    }

    @Override
    public void writeRaw(String text, int offset, int len) throws IOException {
        throw stop();
    }

    @Override
    public void writeRaw(char[] text, int offset, int len) throws IOException {
        throw stop();
    }

    @Override
    public void writeRaw(char c) throws IOException {
        throw stop();
    }

    @Override
    public void writeRawValue(String text) throws IOException {
        throw stop();
    }

    @Override
    public void writeRawValue(String text, int offset, int len) throws IOException {
        throw stop();
    }

    @Override
    public void writeRawValue(char[] text, int offset, int len) throws IOException {
        throw stop();
    }

    @Override
    public void writeBinary(Base64Variant variant, byte[] data, int offset, int len) throws IOException {
        throw stop();
    }

    @Override
    public int writeBinary(Base64Variant variant, InputStream data, int dataLength) throws IOException {
        throw stop();
    }

    @Override
    public void writeObject(Object pojo) throws IOException {
        throw stop();
    }

    @Override
    public void writeEmbeddedObject(Object object) throws IOException {
        throw stop();
    }

    @Override
    public void writeTree(TreeNode rootNode) throws IOException {
        throw stop();
    }

    // Generator plumbing.

    @Override
    public JsonGenerator setCodec(ObjectCodec oc) {
        throw new UnsupportedOperationException("the canonical generator keeps the ledger's mapper");
    }

    @Override
    public ObjectCodec getCodec() {
        return codec;
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public JsonStreamContext getOutputContext() {
        return context;
    }

    @Override
    public JsonGenerator enable(Feature f) {
        features |= f.getMask();
        return this;
    }

    @Override
    public JsonGenerator disable(Feature f) {
        features &= ~f.getMask();
        return this;
    }

    @Override
    public boolean isEnabled(Feature f) {
        return (features & f.getMask()) != 0;
    }

    @Override
    public int getFeatureMask() {
        return features;
    }

    @Override
    @Deprecated
    public JsonGenerator setFeatureMask(int values) {
        features = values;
        return this;
    }

    @Override
    public JsonGenerator useDefaultPrettyPrinter() {
        return this; // whitespace is not part of the tree
    }

    @Override
    public void flush() {}

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
