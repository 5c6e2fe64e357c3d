package org.depa.modelspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a specification file: no link out of its directory, no file read before its size is checked. */
class ModelSpecFileTest {
    @TempDir
    Path dir;

    @Test
    void aLinkOutOfItsDirectoryIsRefused() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("spec.json"), Specs.SYNTHETIC);
        Path specs = Files.createDirectories(dir.resolve("specs"));
        Path link = Files.createSymbolicLink(specs.resolve("model.json"), elsewhere.resolve("spec.json"));
        assertThatThrownBy(() -> ModelSpecs.read(link))
                .isInstanceOf(ModelSpecException.class)
                .hasMessageContaining("link out of its directory");
    }

    @Test
    void aLinkWithinItsDirectoryIsRead() throws Exception {
        Files.writeString(dir.resolve("v1.json"), Specs.SYNTHETIC);
        Path link = Files.createSymbolicLink(dir.resolve("current.json"), dir.resolve("v1.json"));
        assertThat(ModelSpecs.read(link).hiddenLayers()).containsExactly(8);
    }

    @Test
    void aHugeFileIsRefusedBeforeItIsRead() throws Exception {
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: 3 GB that reading whole would need in memory
        }
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ModelSpecs.read(huge))
                .isInstanceOf(ModelSpecException.class)
                .hasMessageContaining("3221225472 bytes; at most 65536");
        assertThat(System.nanoTime() - t0).isLessThan(2_000_000_000L);
    }

    @Test
    void aDeviceIsRefused() {
        assertThatThrownBy(() -> ModelSpecs.read(Path.of("/dev/zero")))
                .isInstanceOf(ModelSpecException.class)
                .hasMessageContaining("not a regular file");
    }
}
