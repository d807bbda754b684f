package com.digitstudio.data;

import com.digitstudio.support.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Downloads MNIST's gzipped IDX files from public mirrors, over HTTPS only (plain HTTP is allowed for loopback
 * addresses, which the tests use). Each file goes to a temporary file, is verified against the SHA-256 of its
 * decompressed content, and only then is moved into place; a failing mirror is followed by the next one.
 */
public final class MnistDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(MnistDownloader.class);

    /** The mirrors TensorFlow and torchvision use. */
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"));

    /** Progress of a download: bytes of the current file, and the fraction of all files done. */
    public record Progress(MnistFile file, long bytes, long totalBytes, double fraction) {
    }

    /** How long to wait for a mirror to accept the connection. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a mirror may send nothing (before its headers, or between two reads of the body). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final List<URI> mirrors;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    public MnistDownloader() {
        this(DEFAULT_MIRRORS);
    }

    public MnistDownloader(List<URI> mirrors) {
        this(mirrors, CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    MnistDownloader(List<URI> mirrors, Duration connectTimeout, Duration readTimeout) {
        for (URI mirror : mirrors) {
            if (!"https".equals(mirror.getScheme()) && !isLoopback(mirror)) {
                throw new IllegalArgumentException("Mirror " + mirror + " is not HTTPS; only HTTPS mirrors are used.");
            }
        }
        this.mirrors = List.copyOf(mirrors);
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return "http".equals(uri.getScheme()) && host != null
                && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    }

    /** Total bytes a download of {@code files} transfers. */
    public static long downloadSize(List<MnistFile> files) {
        return files.stream().mapToLong(MnistFile::gzipSize).sum();
    }

    /**
     * Downloads {@code files} into {@code dir}, as {@code <name>.gz}. Throws {@link CancellationException} when
     * {@code cancelled} turns true; nothing half-written is left behind.
     */
    public void download(Path dir, List<MnistFile> files, Consumer<Progress> progress, BooleanSupplier cancelled)
            throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Files.createDirectories(dir);
        long total = downloadSize(files);
        long[] done = {0};
        for (MnistFile file : files) {
            List<String> failures = new ArrayList<>();
            boolean ok = false;
            for (URI mirror : mirrors) {
                URI uri = mirror.resolve(file.gzipName());
                try {
                    fetch(uri, dir, file, bytes -> progress.accept(new Progress(file, bytes, file.gzipSize(),
                            Math.min(1.0, (done[0] + bytes) / (double) total))), cancelled);
                    ok = true;
                    break;
                } catch (IOException e) {
                    String reason = describe(e);
                    LOG.warn("Download of {} failed: {}", uri, reason);
                    failures.add(uri.getHost() + ": " + reason);
                }
            }
            if (!ok) {
                throw new IOException("Could not download " + file.gzipName() + " from any mirror ("
                        + String.join("; ", failures) + ").");
            }
            done[0] += file.gzipSize();
            progress.accept(new Progress(file, file.gzipSize(), file.gzipSize(), Math.min(1.0, done[0] / (double) total)));
        }
    }

    /** Why a transfer failed, in words (offline, the JDK's exceptions often carry no message at all). */
    String describe(IOException e) {
        if (e instanceof java.net.SocketTimeoutException) {
            String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
            return m.contains("connect") ? "no answer within " + connectTimeout.toSeconds() + " s"
                    : "stalled: nothing received for " + readTimeout.toSeconds() + " s";
        }
        if (e instanceof java.net.ConnectException || e instanceof java.net.NoRouteToHostException) {
            return "cannot connect (offline?)";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host (offline?)";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "the secure connection failed";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? "the connection failed" : message;
    }

    /** A mirror may send a little more than the file (nothing should), never an endless stream. */
    static long maxBytes(MnistFile file) {
        return file.gzipSize() + (1 << 20);
    }

    private void fetch(URI uri, Path dir, MnistFile file, java.util.function.LongConsumer bytesRead, BooleanSupplier cancelled)
            throws IOException {
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout((int) connectTimeout.toMillis());
        connection.setReadTimeout((int) readTimeout.toMillis());
        connection.setInstanceFollowRedirects(true); // same protocol only: an HTTPS mirror never leads to HTTP
        connection.setRequestProperty("User-Agent", "DigitStudio/1.0");
        AtomicFiles.removeStaleTemporaries(dir, file.gzipName());
        Path temp = Files.createTempFile(dir, "." + file.gzipName(), ".part");
        try {
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IOException("HTTP " + status);
            }
            long declared = connection.getContentLengthLong();
            long cap = maxBytes(file);
            if (declared > cap) {
                throw new IOException(String.format("it offered %,d bytes for a file of %,d", declared, file.gzipSize()));
            }
            try (InputStream body = connection.getInputStream(); OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[1 << 16];
                long count = 0;
                for (int n; (n = body.read(buffer)) > 0; ) {
                    if (cancelled.getAsBoolean()) {
                        throw new CancellationException("The download was cancelled.");
                    }
                    count += n;
                    if (count > cap) {
                        throw new IOException(String.format("it sent more than %,d bytes for a file of %,d", cap, file.gzipSize()));
                    }
                    out.write(buffer, 0, n);
                    bytesRead.accept(count);
                }
            }
            verify(temp, file);
            AtomicFiles.readableByAll(temp);
            AtomicFiles.moveIntoPlace(temp, dir.resolve(file.gzipName()));
        } finally {
            connection.disconnect();
            Files.deleteIfExists(temp);
        }
    }

    /** Checks the SHA-256 and size of the decompressed content of a downloaded file. */
    static void verify(Path gzipped, MnistFile file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size;
        try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(gzipped), 1 << 16), digest)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IOException("the file is not complete gzip data: it is cut short or corrupt");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (size != file.size() || !actual.equals(file.sha256())) {
            throw new IOException(String.format("checksum mismatch (got %,d bytes with SHA-256 %s…, expected %,d bytes with %s…)",
                    size, actual.substring(0, 12), file.size(), file.sha256().substring(0, 12)));
        }
    }
}
