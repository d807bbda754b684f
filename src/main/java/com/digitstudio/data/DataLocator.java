package com.digitstudio.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where MNIST lives: the folder given on the command line, else {@code $DIGIT_STUDIO_DATA}, else the user's cache
 * folder ({@code $XDG_CACHE_HOME/digit-studio/mnist}, by default {@code ~/.cache/digit-studio/mnist}).
 */
public final class DataLocator {
    public static final String ENVIRONMENT_VARIABLE = "DIGIT_STUDIO_DATA";

    private DataLocator() {
    }

    public static Path resolve(Path explicit) {
        return resolve(explicit, System.getenv(), System.getProperty("user.home"));
    }

    static Path resolve(Path explicit, Map<String, String> env, String home) {
        if (explicit != null) {
            return explicit;
        }
        String fromEnv = env.get(ENVIRONMENT_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return cacheFolder(env, home);
    }

    /** The default download folder. */
    public static Path cacheFolder(Map<String, String> env, String home) {
        return appCacheFolder(env.get("XDG_CACHE_HOME"), home).resolve("mnist");
    }

    /**
     * The app's own cache folder, {@code $XDG_CACHE_HOME/digit-studio}, by default {@code ~/.cache/digit-studio}.
     * Plain java.nio: safe to call before any native library is loaded.
     */
    public static Path appCacheFolder(String xdgCacheHome, String home) {
        Path cache = xdgCacheHome != null && !xdgCacheHome.isBlank() ? Path.of(xdgCacheHome) : Path.of(home, ".cache");
        return cache.resolve("digit-studio");
    }

    /** Where the log goes: {@code $XDG_STATE_HOME/digit-studio}, by default {@code ~/.local/state/digit-studio}. */
    public static Path appStateFolder(String xdgStateHome, String home) {
        Path state = xdgStateHome != null && !xdgStateHome.isBlank() ? Path.of(xdgStateHome) : Path.of(home, ".local", "state");
        return state.resolve("digit-studio");
    }

    public static Path cacheFolder() {
        return cacheFolder(System.getenv(), System.getProperty("user.home"));
    }
}
