package com.digitstudio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NativeLibrariesTest {
    private static final String AMD_EPYC_FLAGS = "processor\t: 0\nvendor_id\t: AuthenticAMD\n"
            + "flags\t\t: fpu vme de pse tsc msr sse sse2 ssse3 fma cx16 sse4_1 sse4_2 avx f16c avx2 bmi2\n";
    private static final String NO_AVX2_FLAGS = "processor\t: 0\n"
            + "flags\t\t: fpu vme de pse tsc msr sse sse2 ssse3 cx16 sse4_1 sse4_2 popcnt\n";

    @TempDir
    Path natives;

    @Test
    void cpuWithAvx2AndFmaGetsTheAvx2Build() {
        assertThat(NativeLibraries.hasAvx2(AMD_EPYC_FLAGS)).isTrue();
    }

    @Test
    void cpuWithoutAvx2GetsTheGenericBuild() {
        assertThat(NativeLibraries.hasAvx2(NO_AVX2_FLAGS)).isFalse();
        assertThat(NativeLibraries.hasAvx2("flags\t: avx2 sse4_2\n")).as("AVX2 without FMA").isFalse();
        assertThat(NativeLibraries.hasAvx2("")).as("no flags line").isFalse();
    }

    @Test
    void unreadableCpuinfoMeansGeneric() {
        assertThat(NativeLibraries.hasAvx2(natives.resolve("no-such-cpuinfo"))).isFalse();
    }

    @Test
    void javacppSearchesTheChosenVariantThenTheCommonFolder() throws IOException {
        Files.createDirectories(natives.resolve("avx2"));
        Files.createDirectories(natives.resolve("generic"));
        Path cache = natives.resolve("cache");

        Map<String, String> avx2 = NativeLibraries.settings(natives, true, cache);
        Map<String, String> generic = NativeLibraries.settings(natives, false, cache);

        assertThat(avx2).containsEntry(NativeLibraries.PRELOAD_PATH,
                natives.resolve("avx2") + File.pathSeparator + natives);
        assertThat(generic).containsEntry(NativeLibraries.PRELOAD_PATH,
                natives.resolve("generic") + File.pathSeparator + natives);
        assertThat(avx2).containsEntry(NativeLibraries.PATHS_FIRST, "true")
                .containsEntry(NativeLibraries.CACHE_DIR, cache.toString());
    }

    @Test
    void aPackageWithOnlyOneVariantUsesThatOne() throws IOException {
        Files.createDirectories(natives.resolve("avx2"));

        assertThat(NativeLibraries.settings(natives, false, natives).get(NativeLibraries.PRELOAD_PATH))
                .startsWith(natives.resolve("avx2").toString());
    }

    @Test
    void cacheFolderFollowsXdgCacheHome() {
        assertThat(NativeLibraries.cacheFolder("/x/cache", "/home/u")).isEqualTo(Path.of("/x/cache/digit-studio/javacpp"));
        assertThat(NativeLibraries.cacheFolder(null, "/home/u")).isEqualTo(Path.of("/home/u/.cache/digit-studio/javacpp"));
    }

    @Test
    void withoutTheInstalledAppsPropertyNothingIsConfigured() {
        System.clearProperty(NativeLibraries.NATIVES_PROPERTY);
        String before = System.getProperty(NativeLibraries.PRELOAD_PATH);

        NativeLibraries.configure();

        assertThat(System.getProperty(NativeLibraries.PRELOAD_PATH)).isEqualTo(before);
    }
}
