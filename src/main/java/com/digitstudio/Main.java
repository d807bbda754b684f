package com.digitstudio;

import com.digitstudio.app.DigitStudioApp;
import com.digitstudio.cli.Cli;

/** Entry point: with no command, the desktop app; otherwise a command-line tool (see {@code --help}). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        NativeLibraries.configure();
        if (args.length == 0) {
            DigitStudioApp.launchApp(args);
            return;
        }
        System.exit(Cli.run(args));
    }
}
