package com.digitstudio;

import com.digitstudio.app.DisplayCheck;
import com.digitstudio.cli.Cli;
import com.digitstudio.data.DataLocator;

import java.nio.file.Path;
import java.util.Optional;

/** Entry point: with no command, the desktop app; otherwise a command-line tool (see {@code --help}). */
public final class Main {
    static final String LOG_FILE_PROPERTY = "digitstudio.log.file";

    private Main() {
    }

    public static void main(String[] args) {
        NativeLibraries.configure();
        boolean app = args.length == 0;
        configureLogging(app || System.getenv("DIGIT_STUDIO_LOG") != null);
        if (app) {
            Optional<String> problem = DisplayCheck.problem(System.getenv(), DisplayCheck.SYSTEM_LIBRARIES);
            if (problem.isPresent()) {
                System.err.println("digit-studio: " + problem.get());
                System.exit(1);
            }
            try {
                com.digitstudio.app.DigitStudioApp.launchApp(args);
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                org.slf4j.LoggerFactory.getLogger(Main.class).warn("The window could not be opened", e);
                System.err.println("digit-studio: " + DisplayCheck.explain(e));
                System.exit(1);
            }
            return;
        }
        System.exit(Cli.run(args));
    }

    /**
     * Before the first logger: java.util.logging (JavaFX's "Unsupported JavaFX configuration") goes through SLF4J,
     * so it reaches the log, not the terminal; with {@code toFile}, warnings and their stacks go to
     * {@code $XDG_STATE_HOME/digit-studio/digit-studio.log} (by default under {@code ~/.local/state}).
     */
    private static void configureLogging(boolean toFile) {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        if (toFile) {
            Path file = Path.of(System.getProperty(LOG_FILE_PROPERTY, DataLocator.appStateFolder(
                    System.getenv("XDG_STATE_HOME"), System.getProperty("user.home")).resolve("digit-studio.log").toString()));
            LogFile.attach(file);
        }
    }
}
