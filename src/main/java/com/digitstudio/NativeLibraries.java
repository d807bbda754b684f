package com.digitstudio;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Makes the installed app load ND4J's native libraries from its installation folder, instead of letting JavaCPP
 * unpack a second copy (~365 MB) into {@code ~/.javacpp/cache} on first start.
 *
 * <p>The jpackage launcher passes {@code -Ddigitstudio.natives=$APPDIR/native}. The packaging build unpacked the
 * {@code .so} files there and removed them from their jars (packaging/build-linux.sh): JavaCPP's, OpenBLAS's and
 * JavaFX's in that folder, ND4J's own in {@code avx2/} (the oneDNN/AVX2 build) and {@code generic/} (any x86-64
 * CPU; ND4J exits if its AVX2 build runs on a CPU without AVX2). This class picks the variant for this CPU and
 * points JavaCPP at the folders. Without the property (tests, {@code java -jar}) it does nothing.
 * See packaging/README.md.
 */
final class NativeLibraries {
    static final String NATIVES_PROPERTY = "digitstudio.natives";
    static final String PRELOAD_PATH = "org.bytedeco.javacpp.platform.preloadpath";
    static final String PATHS_FIRST = "org.bytedeco.javacpp.pathsFirst";
    static final String CACHE_DIR = "org.bytedeco.javacpp.cachedir";

    private static final Pattern FLAG_SEPARATOR = Pattern.compile("\\s+");

    private NativeLibraries() {
    }

    /** Call first thing in {@code main}, before any ND4J or JavaCPP class loads. */
    static void configure() {
        String natives = System.getProperty(NATIVES_PROPERTY);
        if (natives == null || natives.isBlank()) {
            return;
        }
        Map<String, String> settings = settings(Path.of(natives), hasAvx2(Path.of("/proc/cpuinfo")),
                cacheFolder(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home")));
        Properties system = System.getProperties();
        settings.forEach(system::putIfAbsent);
    }

    /**
     * The JavaCPP settings for an installation whose natives are in {@code natives}. JavaCPP wants a writable cache
     * folder even when it extracts nothing: ours, rather than {@code ~/.javacpp/cache}. It stays empty.
     */
    static Map<String, String> settings(Path natives, boolean avx2, Path cacheFolder) {
        Path preferred = natives.resolve(avx2 ? "avx2" : "generic");
        Path other = natives.resolve(avx2 ? "generic" : "avx2");
        Path nd4j = Files.isDirectory(preferred) || !Files.isDirectory(other) ? preferred : other;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(PRELOAD_PATH, nd4j + File.pathSeparator + natives);
        settings.put(PATHS_FIRST, "true");
        settings.put(CACHE_DIR, cacheFolder.toString());
        return settings;
    }

    /** Whether the CPU runs ND4J's AVX2 build (AVX2 and FMA), from Linux's {@code /proc/cpuinfo}; false if unknown. */
    static boolean hasAvx2(Path cpuinfo) {
        try {
            return hasAvx2(Files.readString(cpuinfo));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean hasAvx2(String cpuinfo) {
        return cpuinfo.lines()
                .filter(line -> line.startsWith("flags"))
                .findFirst()
                .map(line -> FLAG_SEPARATOR.splitAsStream(line.substring(line.indexOf(':') + 1).trim())
                        .collect(Collectors.toSet()))
                .map(flags -> flags.containsAll(Set.of("avx2", "fma")))
                .orElse(false);
    }

    /** {@code $XDG_CACHE_HOME/digit-studio/javacpp}, by default {@code ~/.cache/digit-studio/javacpp}. */
    static Path cacheFolder(String xdgCacheHome, String home) {
        return com.digitstudio.data.DataLocator.appCacheFolder(xdgCacheHome, home).resolve("javacpp");
    }
}
