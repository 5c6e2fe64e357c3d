package org.depa.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files say what they hold; the wrong kind, the old untyped format and oversized files are refused. */
class KeyFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEachKindOwnerOnly() throws Exception {
        DatasetKey dk = DatasetKey.generate();
        dk.writeNew(dir.resolve("d.key"));
        assertThat(DatasetKey.read(dir.resolve("d.key")).bytes()).isEqualTo(dk.bytes());
        assertThat(Files.readString(dir.resolve("d.key"))).startsWith("depa-key v1 dataset\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("d.key"))))
                .isEqualTo("rw-------");
        PseudonymKey pk = PseudonymKey.generate();
        pk.writeNew(dir.resolve("p.key"));
        assertThat(PseudonymKey.read(dir.resolve("p.key")).toBase64()).isEqualTo(pk.toBase64());
        assertThatThrownBy(() -> dk.writeNew(dir.resolve("p.key"))).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void theWrongKindIsRefused() throws Exception {
        DatasetKey.generate().writeNew(dir.resolve("d.key"));
        PseudonymKey.generate().writeNew(dir.resolve("p.key"));
        assertThatThrownBy(() -> PseudonymKey.read(dir.resolve("d.key")))
                .hasMessageContaining("holds a dataset key, not a pseudonym key");
        assertThatThrownBy(() -> DatasetKey.read(dir.resolve("p.key")))
                .hasMessageContaining("holds a pseudonym key, not a dataset key");
    }

    @Test
    void theOldUntypedFormatIsRefusedWithHowToConvert() throws Exception {
        Files.writeString(dir.resolve("old.key"), DatasetKey.generate().toBase64() + "\n");
        assertThatThrownBy(() -> DatasetKey.read(dir.resolve("old.key")))
                .hasMessageContaining("old format")
                .hasMessageContaining("'depa-key v1 dataset'");
        Files.writeString(dir.resolve("junk.key"), "hello world\n");
        assertThatThrownBy(() -> DatasetKey.read(dir.resolve("junk.key"))).hasMessageContaining("not a depa key file");
        Files.writeString(dir.resolve("v9.key"), "depa-key v9 dataset\nAAAA\n");
        assertThatThrownBy(() -> DatasetKey.read(dir.resolve("v9.key"))).hasMessageContaining("unsupported");
        Files.writeString(dir.resolve("short.key"), "depa-key v1 dataset\nAAAA\n");
        assertThatThrownBy(() -> DatasetKey.read(dir.resolve("short.key"))).hasMessageContaining("32 bytes, got 3");
    }

    @Test
    void sizeIsCheckedBeforeReading() throws Exception {
        Path huge = dir.resolve("huge.key");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        assertThatThrownBy(() -> DatasetKey.read(huge))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("3221225472 bytes; at most 1024");
        assertThatThrownBy(() -> DatasetKey.read(Path.of("/dev/zero")))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("larger than 1024 bytes");
    }

    @Test
    void aTableWithoutLineBreaksIsRefusedInBoundedMemory() throws Exception {
        Path huge = dir.resolve("huge.csv");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: 3 GB of NUL characters, one "record"
        }
        DatasetPreparer p = new DatasetPreparer(new ColumnPolicy(java.util.Set.of(), java.util.Set.of()), null);
        assertThatThrownBy(() -> p.prepare(huge, dir.resolve("out.csv")))
                .hasMessageContaining("a record longer than 1048576 characters");
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void decryptedPlaintextIsOwnerOnly() throws Exception {
        DatasetKey k = DatasetKey.generate();
        Files.writeString(dir.resolve("p.csv"), "a,b\n1,2\n");
        DatasetCipher.create(k).encryptFile(dir.resolve("p.csv"), dir.resolve("p.enc"), "d");
        DatasetCipher.create(k).decryptFile(dir.resolve("p.enc"), dir.resolve("back.csv"), "d");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("back.csv"))))
                .isEqualTo("rw-------");
    }
}
