package com.digitstudio.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DataLocatorTest {
    private static final String HOME = "/home/ada";
    private static final Map<String, String> ALL = Map.of(
            "DIGIT_STUDIO_DATA", "/data/from-env",
            "XDG_CACHE_HOME", "/xdg-cache");

    @Test
    void theDataOptionWinsOverEverything() {
        assertThat(DataLocator.resolve(Path.of("/explicit"), ALL, HOME)).isEqualTo(Path.of("/explicit"));
    }

    @Test
    void theEnvironmentVariableWinsOverTheCacheFolder() {
        assertThat(DataLocator.resolve(null, ALL, HOME)).isEqualTo(Path.of("/data/from-env"));
    }

    @Test
    void aBlankEnvironmentVariableIsIgnored() {
        Map<String, String> env = Map.of("DIGIT_STUDIO_DATA", "  ", "XDG_CACHE_HOME", "/xdg-cache");

        assertThat(DataLocator.resolve(null, env, HOME)).isEqualTo(Path.of("/xdg-cache/digit-studio/mnist"));
    }

    @Test
    void xdgCacheHomeWinsOverTheHomeFolder() {
        assertThat(DataLocator.resolve(null, Map.of("XDG_CACHE_HOME", "/xdg-cache"), HOME))
                .isEqualTo(Path.of("/xdg-cache/digit-studio/mnist"));
    }

    @Test
    void withNothingSetTheDataLivesInTheHomeCacheFolder() {
        assertThat(DataLocator.resolve(null, Map.of(), HOME)).isEqualTo(Path.of("/home/ada/.cache/digit-studio/mnist"));
        assertThat(DataLocator.resolve(null, Map.of("XDG_CACHE_HOME", ""), HOME))
                .isEqualTo(Path.of("/home/ada/.cache/digit-studio/mnist"));
    }

    @Test
    void thePublicResolveReturnsAnExplicitFolderUnchanged() {
        assertThat(DataLocator.resolve(Path.of("some/relative/dir"))).isEqualTo(Path.of("some/relative/dir"));
    }
}
