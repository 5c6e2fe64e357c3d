package org.depa.ccr.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Starts DJL's PyTorch engine the one way the clean room allows: offline (the native library comes
 * from the bundled {@code pytorch-native-cpu} jar, never from the network), no telemetry, its cache
 * in a directory we choose, one intra-op and one inter-op thread.
 *
 * <p>DJL reads each switch from an environment variable first and a system property second, so a
 * system property alone cannot override a hostile environment. We set the properties and refuse to
 * start when the environment says otherwise.
 */
public final class DjlRuntime {

    /** Default cache directory when none is configured: inside the working directory, never $HOME. */
    public static final Path DEFAULT_CACHE_DIR = Path.of("var", "djl-cache");

    private static final Object LOCK = new Object();
    private static Engine engine;

    private DjlRuntime() {}

    /**
     * Returns the PyTorch engine, configuring and loading it on first use.
     *
     * @param cacheDir where DJL extracts the native library; used only by the first call in a JVM
     *     unless DJL_CACHE_DIR is already set as a system property (surefire sets it)
     * @throws DjlSetupException when the environment contradicts the offline settings or the engine
     *     does not load from the bundled library
     */
    public static Engine engine(Path cacheDir) {
        Objects.requireNonNull(cacheDir, "cacheDir");
        synchronized (LOCK) {
            if (engine == null) {
                engine = load(cacheDir);
            }
            return engine;
        }
    }

    /** The engine with the default or already configured cache directory. */
    public static Engine engine() {
        String configured = System.getProperty("DJL_CACHE_DIR");
        return engine(configured == null ? DEFAULT_CACHE_DIR : Path.of(configured));
    }

    /** A new base manager on the CPU of the PyTorch engine. */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    private static Engine load(Path cacheDir) {
        Map<String, String> settings = Map.of(
                "ai.djl.offline", "true",
                "OPT_OUT_TRACKING", "true",
                "ai.djl.default_engine", "PyTorch",
                "ai.djl.pytorch.num_threads", "1",
                "ai.djl.pytorch.num_interop_threads", "1",
                "disableProgressBar", "true");
        refuseContradictingEnvironment(System.getenv());
        for (Map.Entry<String, String> e : settings.entrySet()) {
            System.setProperty(e.getKey(), e.getValue());
        }
        if (System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", cacheDir.toAbsolutePath().toString());
        }
        if (System.getProperty("ENGINE_CACHE_DIR") == null) {
            System.setProperty("ENGINE_CACHE_DIR", System.getProperty("DJL_CACHE_DIR"));
        }
        try {
            Files.createDirectories(Path.of(System.getProperty("ENGINE_CACHE_DIR")));
        } catch (java.io.IOException e) {
            throw new DjlSetupException("cannot create the DJL cache directory: " + e.getMessage(), e);
        }
        if (!Utils.isOfflineMode()) {
            throw new DjlSetupException("DJL is not in offline mode after configuration");
        }
        Engine loaded;
        try {
            loaded = Engine.getEngine("PyTorch");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new DjlSetupException("the PyTorch engine did not load from the bundled native library", e);
        }
        // PtEngine applies ai.djl.pytorch.num_threads when it starts; enforce it in case another
        // component started the engine first.
        if (ai.djl.pytorch.jni.JniUtils.getNumThreads() != 1) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        }
        if (ai.djl.pytorch.jni.JniUtils.getNumThreads() != 1) {
            throw new DjlSetupException("PyTorch does not run on one intra-op thread");
        }
        Path engineCache = Utils.getEngineCacheDir().toAbsolutePath();
        if (!engineCache.startsWith(
                Path.of(System.getProperty("ENGINE_CACHE_DIR")).toAbsolutePath())) {
            throw new DjlSetupException("DJL uses an engine cache outside the configured directory: " + engineCache);
        }
        return loaded;
    }

    /** Visible for tests: the environment variables that would override our settings. */
    static void refuseContradictingEnvironment(Map<String, String> env) {
        String offline = env.get("DJL_OFFLINE");
        if (offline != null && !Boolean.parseBoolean(offline)) {
            throw new DjlSetupException("environment DJL_OFFLINE=" + offline + " would let DJL download");
        }
        String tracking = env.get("OPT_OUT_TRACKING");
        if (tracking != null && !Boolean.parseBoolean(tracking)) {
            throw new DjlSetupException("environment OPT_OUT_TRACKING=" + tracking + " would enable telemetry");
        }
        for (String name : new String[] {"PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR"}) {
            if (env.containsKey(name)) {
                throw new DjlSetupException(
                        "environment " + name + " would load another PyTorch than the bundled one; unset it");
            }
        }
        String engineName = env.get("DJL_DEFAULT_ENGINE");
        if (engineName != null && !engineName.toLowerCase(Locale.ROOT).equals("pytorch")) {
            throw new DjlSetupException("environment DJL_DEFAULT_ENGINE=" + engineName + " is not PyTorch");
        }
    }
}
