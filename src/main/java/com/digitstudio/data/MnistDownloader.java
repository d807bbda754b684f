package com.digitstudio.data;

import com.digitstudio.support.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private final List<URI> mirrors;
    private final HttpClient client;

    public MnistDownloader() {
        this(DEFAULT_MIRRORS);
    }

    public MnistDownloader(List<URI> mirrors) {
        for (URI mirror : mirrors) {
            if (!"https".equals(mirror.getScheme()) && !isLoopback(mirror)) {
                throw new IllegalArgumentException("Mirror " + mirror + " is not HTTPS; only HTTPS mirrors are used.");
            }
        }
        this.mirrors = List.copyOf(mirrors);
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
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
    static String describe(IOException e) {
        if (e instanceof java.net.ConnectException || e instanceof java.net.http.HttpConnectTimeoutException) {
            return "cannot connect (offline?)";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host (offline?)";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private void fetch(URI uri, Path dir, MnistFile file, java.util.function.LongConsumer bytesRead, BooleanSupplier cancelled)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        Path temp = Files.createTempFile(dir, "." + file.gzipName(), ".part");
        try {
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                try (OutputStream out = Files.newOutputStream(temp)) {
                    byte[] buffer = new byte[1 << 16];
                    long count = 0;
                    for (int n; (n = body.read(buffer)) > 0; ) {
                        if (cancelled.getAsBoolean()) {
                            throw new CancellationException("The download was cancelled.");
                        }
                        out.write(buffer, 0, n);
                        count += n;
                        bytesRead.accept(count);
                    }
                }
            }
            verify(temp, file);
            AtomicFiles.moveIntoPlace(temp, dir.resolve(file.gzipName()));
        } finally {
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
            throw new IOException("the file is not complete gzip data (" + e.getMessage() + ")");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (size != file.size() || !actual.equals(file.sha256())) {
            throw new IOException(String.format("checksum mismatch (got %,d bytes with SHA-256 %s…, expected %,d bytes with %s…)",
                    size, actual.substring(0, 12), file.size(), file.sha256().substring(0, 12)));
        }
    }
}
