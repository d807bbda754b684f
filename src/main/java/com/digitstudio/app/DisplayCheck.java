package com.digitstudio.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the window needs on Linux, checked before JavaFX tries (and fails with a stack trace): a display to open it
 * on, and GTK 3, which JavaFX's windowing layer loads. Each problem is one sentence that says what is missing, how
 * to get it, and that the command line works without it.
 */
public final class DisplayCheck {
    /** Whether a library file exists, in the folders where Linux distributions install GTK. */
    public static final Predicate<String> SYSTEM_LIBRARIES = name -> List.of(
                    "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib64", "/lib")
            .stream().anyMatch(dir -> Files.exists(Path.of(dir, name)));

    static final String GTK = "libgtk-3.so.0";
    private static final String CLI = " The command line works without it: digit-studio --help.";

    private DisplayCheck() {
    }

    /** The problem that would stop the window from opening, if one can be seen beforehand. */
    public static Optional<String> problem(Map<String, String> env, Predicate<String> libraryExists) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        if (blank(env.get("DISPLAY")) && blank(env.get("WAYLAND_DISPLAY"))) {
            return Optional.of("There is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set,"
                    + " as over ssh without X forwarding or on a server)." + CLI);
        }
        if (!libraryExists.test(GTK)) {
            return Optional.of(noGtk());
        }
        return Optional.empty();
    }

    /** The sentence for a failure JavaFX reported while opening the window. */
    public static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("DISPLAY")) {
                return "The display " + System.getenv().getOrDefault("DISPLAY", "") + " cannot be opened (is the X server"
                        + " running, and may this user use it?)." + CLI;
            }
            if (m.contains("GTK") || m.contains("gtk")) {
                return noGtk();
            }
        }
        return "The window could not be opened; the log has the details." + CLI;
    }

    private static String noGtk() {
        return "The window needs GTK 3, which is not installed (Debian and Ubuntu: sudo apt install libgtk-3-0;"
                + " Fedora: sudo dnf install gtk3)." + CLI;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
