package org.spattensim.results.baseline.cpu;

import dev.ludovic.netlib.blas.BLAS;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The BLAS the CPU baseline runs on, chosen once per JVM.
 *
 * <p>By default netlib's JNI BLAS is pointed at the OpenBLAS that ships inside the project's jars
 * ({@code org.bytedeco:openblas}, DYNAMIC_ARCH build, so it picks the host's best kernels), so a fresh
 * machine measures with a tuned BLAS without installing anything. OpenBLAS is set to one thread: the
 * baseline parallelises over heads itself, and nested threading would oversubscribe the cores.
 *
 * <p>A user who sets {@code dev.ludovic.netlib.blas.nativeLib} or {@code dev.ludovic.netlib.blas.nativeLibPath}
 * (e.g. to the system OpenBLAS or MKL) gets that library instead. Where the bundled library cannot load (a
 * platform other than linux-x86_64), netlib's own choice runs: the system {@code libblas.so.3} or a pure-Java
 * BLAS. {@link #description()} says which ran; every CPU result carries it.
 */
public final class BlasProvider {
    private static final String LIB_PATH = "dev.ludovic.netlib.blas.nativeLibPath";
    private static final String LIB_NAME = "dev.ludovic.netlib.blas.nativeLib";
    // Held so the level survives: java.util.logging keeps loggers weakly.
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib");
    private static final Holder INSTANCE = Holder.load();

    private BlasProvider() {}

    /** The BLAS instance (netlib's singleton, after the library choice above). */
    public static BLAS blas() {
        return INSTANCE.blas;
    }

    /** What runs, e.g. {@code JNIBLAS over bundled OpenBLAS 0.3.28-1.5.11 (DYNAMIC_ARCH, 1 thread per call)}. */
    public static String description() {
        return INSTANCE.description;
    }

    /** True when a native (JNI) BLAS runs rather than a pure-Java fallback. */
    public static boolean isNative() {
        return INSTANCE.blas.getClass().getSimpleName().startsWith("JNI");
    }

    private record Holder(BLAS blas, String description) {
        static Holder load() {
            // netlib logs a warning for every implementation it skips (e.g. VectorBLAS without the incubator
            // module); the choice is reported through description() instead.
            NETLIB_LOG.setLevel(Level.SEVERE);
            if (System.getProperty(LIB_PATH) != null || System.getProperty(LIB_NAME) != null) {
                BLAS b = BLAS.getInstance();
                String lib = System.getProperty(LIB_PATH, System.getProperty(LIB_NAME));
                return new Holder(b, b.getClass().getSimpleName() + " over " + lib + " (set by the user)");
            }
            String bundled = null;
            String note = "";
            try {
                Loader.load(openblas_nolapack.class);
                bundled = openBlasPath(Loader.getLoadedLibraries());
            } catch (Throwable e) { // UnsatisfiedLinkError on a platform without bundled binaries
                note = "; bundled OpenBLAS did not load: " + e;
            }
            if (bundled != null) {
                System.setProperty(LIB_PATH, bundled);
                openblas_nolapack.blas_set_num_threads(1);
            }
            BLAS b = BLAS.getInstance();
            String name = b.getClass().getSimpleName();
            if (bundled != null && name.startsWith("JNI")) {
                return new Holder(b, String.format("%s over bundled OpenBLAS %s (DYNAMIC_ARCH, %d thread per call)",
                        name, openBlasVersion(), openblas_nolapack.blas_get_num_threads()));
            }
            return new Holder(b, name + (name.startsWith("JNI") ? " over the system libblas.so.3" : " (pure Java)") + note);
        }

        private static String openBlasPath(Map<String, String> loaded) {
            for (Map.Entry<String, String> e : loaded.entrySet()) {
                if (e.getKey().startsWith("openblas_nolapack@")) {
                    return e.getValue();
                }
            }
            return null;
        }

        private static String openBlasVersion() {
            // The jar's own Maven metadata: a shaded jar's manifest names the shading project's version instead.
            try (InputStream in = openblas_nolapack.class.getResourceAsStream(
                    "/META-INF/maven/org.bytedeco/openblas/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    return p.getProperty("version", "(version unknown)");
                }
            } catch (IOException e) {
                return "(version unknown: " + e.getMessage() + ")";
            }
            return "(version unknown)";
        }
    }
}
