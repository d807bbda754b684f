package com.digitstudio.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one place that turns a failure into the sentence a user reads, for the command line and the app's dialogs
 * alike. The readers throw {@link IOException}s whose message already is such a sentence (naming the file and what
 * is wrong); the JDK's own exceptions ({@code "Is a directory"}, {@code "No space left on device"}, {@code
 * "Unexpected end of ZLIB input stream"}) are put into words here, with the file they concern. Nothing returned
 * names an exception class or a library option; anything unexpected is logged with its stack.
 */
public final class UserMessages {
    private static final Logger LOG = LoggerFactory.getLogger(UserMessages.class);

    private UserMessages() {
    }

    /** Why a command or action failed, in one sentence. */
    public static String of(Throwable failure) {
        return sentence(failure, null, null);
    }

    /** Why the file {@code name} could not be opened as {@code what} ("a model", "an image"). */
    public static String cannotOpen(String name, String what, Throwable failure) {
        return sentence(failure, name, what);
    }

    /** Why {@code name} could not be saved. */
    public static String cannotSave(String name, Throwable failure) {
        Throwable f = unwrap(failure);
        if (f instanceof NoSuchFileException) {
            return "The folder for " + name + " does not exist.";
        }
        if (f instanceof AccessDeniedException) {
            return name + " cannot be written: permission denied.";
        }
        if (f instanceof IOException) {
            String reason = reason(f);
            return name + " could not be written" + (reason == null ? "." : ": " + reason + ".");
        }
        LOG.warn("Saving {} failed", name, failure);
        return name + " could not be saved.";
    }

    /** Whether {@code failure} is one a user can cause (a file, a value, the network), rather than a defect. */
    public static boolean isUserError(Throwable failure) {
        Throwable f = unwrap(failure);
        return f instanceof IOException || f instanceof IllegalArgumentException || f instanceof IllegalStateException
                || f instanceof java.util.concurrent.CancellationException || f instanceof OutOfMemoryError;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable f = failure;
        while ((f instanceof UncheckedIOException || f instanceof java.util.concurrent.ExecutionException
                || f instanceof java.util.concurrent.CompletionException) && f.getCause() != null) {
            f = f.getCause();
        }
        return f;
    }

    private static String sentence(Throwable failure, String name, String what) {
        Throwable f = unwrap(failure);
        String file = name;
        if (f instanceof FileSystemException fs && fs.getFile() != null) {
            file = file != null ? file : fileName(fs.getFile());
        }
        if (f instanceof NoSuchFileException missing) {
            return name != null ? "There is no file named " + name + "."
                    : "There is no file " + (missing.getFile() != null ? missing.getFile() : "of that name") + ".";
        }
        if (f instanceof AccessDeniedException) {
            return (file != null ? file : "The file") + " cannot be read: permission denied.";
        }
        if (f instanceof FileNotFoundException && f.getMessage() != null && f.getMessage().endsWith(".")) {
            return f.getMessage(); // ours: "MNIST file … is not in …"
        }
        if (f instanceof OutOfMemoryError) {
            return "There is not enough memory" + (file != null ? " to open " + file : " for this") + ".";
        }
        if (f instanceof IOException) {
            String reason = reason(f);
            if (reason == null && f.getMessage() != null && isSentence(f.getMessage())) {
                return f.getMessage();
            }
            String subject = file != null ? file : "A file";
            return subject + " could not be read" + (reason != null ? ": " + reason + "." : ".");
        }
        if (name == null && (f instanceof IllegalArgumentException || f instanceof IllegalStateException
                || f instanceof java.util.concurrent.CancellationException)) {
            if (f.getMessage() != null && !f.getMessage().isBlank()) {
                return asSentence(f.getMessage());
            }
        }
        LOG.warn("Unexpected failure{}", name == null ? "" : " with " + name, failure);
        if (name != null && what != null) {
            return name + " is not " + what + " this app can use.";
        }
        return "Something went wrong that should not have; the log has the details.";
    }

    /**
     * What a library's failure says, for quoting inside one of our sentences: the root cause's message (or its
     * class), its first line, without a final full stop, at most 200 characters.
     */
    public static String causeLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null || root.getMessage().isBlank() ? root.getClass().getSimpleName()
                : root.getMessage().strip();
        int newline = m.indexOf('\n');
        m = newline > 0 ? m.substring(0, newline).strip() : m;
        m = m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    /** The JDK's terse reasons, in words; null when the message is already ours (or there is none). */
    private static String reason(Throwable f) {
        String message = f instanceof FileSystemException fs ? fs.getReason() : f.getMessage();
        if (f instanceof EOFException || (message != null && message.contains("ZLIB input stream"))) {
            return "it is truncated (its data ends too early)";
        }
        if (message == null || message.isBlank()) {
            return null;
        }
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("no space left")) {
            return "there is no space left on the disk";
        }
        if (m.contains("is a directory")) {
            return "it is a folder, not a file";
        }
        if (m.contains("not a directory")) {
            return "part of its path is a file, not a folder";
        }
        if (m.contains("read-only file system")) {
            return "the disk is read-only";
        }
        if (m.contains("disk quota")) {
            return "the disk quota is used up";
        }
        if (m.contains("file name too long")) {
            return "the file name is too long";
        }
        if (m.contains("input/output error")) {
            return "the disk reported an error";
        }
        if (f instanceof FileSystemException) {
            return message.strip().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static boolean isSentence(String message) {
        String m = message.strip();
        return m.length() > 1 && Character.isLetterOrDigit(m.charAt(0)) && m.endsWith(".") && m.contains(" ");
    }

    private static String asSentence(String message) {
        String m = message.strip();
        if (!m.endsWith(".") && !m.endsWith("?")) {
            m += ".";
        }
        return Character.toUpperCase(m.charAt(0)) + m.substring(1);
    }

    private static String fileName(String path) {
        try {
            Path p = Path.of(path).getFileName();
            return p == null ? path : p.toString();
        } catch (RuntimeException e) {
            return path;
        }
    }
}
