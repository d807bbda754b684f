package com.digitstudio;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The logging configuration that replaced logback.xml: what reaches the terminal, and that logback finds it. */
class LogConfigTest {
    private final PrintStream originalErr = System.err;

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        System.clearProperty(LogConfig.CONSOLE_LEVEL);
        System.clearProperty(LogConfig.LOG_LEVEL);
    }

    /** Configures a fresh logger context, logs one line at each level, and returns what reached stderr. */
    private static String logEachLevel(String logger) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // what logback's own start sets
        LogConfig config = new LogConfig();
        config.setContext(context);
        assertThat(config.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        var log = context.getLogger(logger);
        log.debug("a debug line");
        log.info("an info line");
        log.warn("a warning", new IllegalStateException("its cause"));
        log.error("an error", new IllegalStateException("its cause"));
        context.stop();
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theTerminalGetsErrorsOnlyAndNoStackTraces() {
        String err = logEachLevel("com.digitstudio.cli.Cli");
        assertThat(err).contains("an error").doesNotContain("a warning").doesNotContain("an info line")
                .doesNotContain("its cause").doesNotContain("\tat ");
    }

    @Test
    void systemPropertiesShowMoreOfTheAppsOwnLoggersButNotOfOthers() {
        System.setProperty(LogConfig.CONSOLE_LEVEL, "DEBUG");
        System.setProperty(LogConfig.LOG_LEVEL, "DEBUG");
        assertThat(logEachLevel("com.digitstudio.app.DigitStudioApp")).contains("a debug line").contains("an info line")
                .contains("a warning");
        assertThat(logEachLevel("org.nd4j.linalg.factory.Nd4j")).contains("a warning").doesNotContain("an info line");
    }

    @Test
    void logbackFindsItThroughItsServiceFile() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(LogConfig.class);
    }
}
