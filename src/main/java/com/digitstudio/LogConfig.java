package com.digitstudio;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration, in code (found through {@code META-INF/services}): logback's start took 350-550 ms
 * here with a logback.xml to read, 140-200 ms with this (docs/decisions/0006-speed.md).
 * <p>Command-line output is the program's own. The user's terminal gets errors only, without stack traces (the
 * sentence the program prints says what went wrong); {@code -Ddigitstudio.console.level=WARN} shows more, and
 * {@code -Ddigitstudio.log.level=DEBUG} lets the app's own loggers say more. The desktop app (and a command run
 * with {@code DIGIT_STUDIO_LOG=1}) also logs warnings with their stacks to a file: {@link LogFile}. A file named
 * by {@code -Dlogback.configurationFile} is used instead of all this.
 */
public final class LogConfig extends ContextAwareBase implements Configurator {
    static final String CONSOLE_LEVEL = "digitstudio.console.level";
    static final String LOG_LEVEL = "digitstudio.log.level";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setLevel(System.getProperty(CONSOLE_LEVEL, "ERROR"));
        threshold.start();
        PatternLayoutEncoder encoder = encoder(context, "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n%nopex");
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDERR");
        console.setTarget("System.err");
        console.addFilter(threshold);
        console.setEncoder(encoder);
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        context.getLogger("com.digitstudio").setLevel(Level.toLevel(System.getProperty(LOG_LEVEL), Level.WARN));
        context.getLogger("org.nd4j").setLevel(Level.WARN);
        context.getLogger("org.deeplearning4j").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** A started encoder writing each event with {@code pattern}. */
    static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
