package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DjlRuntimeTest {

    @Nested
    class Load {
        @Test
        void loadsPyTorchOfflineFromTheBundledJarIntoTheProjectCache() {
            Engine engine = DjlRuntime.engine();
            assertThat(engine.getEngineName()).isEqualTo("PyTorch");
            assertThat(engine.getVersion()).isEqualTo("2.7.1");
            assertThat(Utils.isOfflineMode()).isTrue();
            Path cache = Utils.getEngineCacheDir().toAbsolutePath();
            // Surefire points the cache into target/; never the user's home.
            assertThat(cache.toString()).doesNotContain(".djl.ai");
            assertThat(cache).startsWith(Path.of("").toAbsolutePath());
            // The native library was extracted there, not downloaded elsewhere.
            try (var files = Files.walk(cache)) {
                assertThat(files.map(p -> p.getFileName().toString())).contains("libtorch_cpu.so");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }

        @Test
        void computesOnOneThread() {
            try (NDManager m = DjlRuntime.newManager()) {
                NDArray a = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
                NDArray b = a.matMul(a);
                assertThat(b.toFloatArray()).containsExactly(7f, 10f, 15f, 22f);
            }
            assertThat(System.getProperty("ai.djl.pytorch.num_threads")).isEqualTo("1");
            assertThat(ai.djl.pytorch.jni.JniUtils.getNumThreads()).isEqualTo(1);
            assertThat(ai.djl.pytorch.jni.JniUtils.getNumInteropThreads()).isEqualTo(1);
        }
    }

    @Nested
    class Environment {
        @Test
        void refusesAnEnvironmentThatWouldOverrideTheOfflineSwitches() {
            assertThatThrownBy(() -> DjlRuntime.refuseContradictingEnvironment(Map.of("DJL_OFFLINE", "false")))
                    .isInstanceOf(DjlSetupException.class)
                    .hasMessageContaining("DJL_OFFLINE");
            assertThatThrownBy(() -> DjlRuntime.refuseContradictingEnvironment(Map.of("OPT_OUT_TRACKING", "no")))
                    .hasMessageContaining("OPT_OUT_TRACKING");
            assertThatThrownBy(
                            () -> DjlRuntime.refuseContradictingEnvironment(Map.of("PYTORCH_LIBRARY_PATH", "/tmp/x")))
                    .hasMessageContaining("PYTORCH_LIBRARY_PATH");
            assertThatThrownBy(() -> DjlRuntime.refuseContradictingEnvironment(Map.of("DJL_DEFAULT_ENGINE", "MXNet")))
                    .hasMessageContaining("MXNet");
        }

        @Test
        void acceptsAnEnvironmentThatAgrees() {
            DjlRuntime.refuseContradictingEnvironment(
                    Map.of("DJL_OFFLINE", "true", "OPT_OUT_TRACKING", "true", "DJL_DEFAULT_ENGINE", "PyTorch"));
        }
    }
}
