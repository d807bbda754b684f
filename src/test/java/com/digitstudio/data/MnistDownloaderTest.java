package com.digitstudio.data;

import com.digitstudio.Fixtures;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The downloader against a real HTTP server on loopback. Good content is the real MNIST test set (its
 * decompressed files match MnistFile's checksums); the training files cannot be served, so the tests use the
 * test-set files.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MnistDownloaderTest {
    private static final List<MnistFile> TEST_FILES = List.of(MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS);

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // the real files
        serve("good", exchange -> send(exchange, 200, fixture(exchange)));
        // an honest response whose body is only the first half of the file
        serve("short", exchange -> {
            byte[] whole = fixture(exchange);
            send(exchange, 200, whole == null ? null : Arrays.copyOf(whole, whole.length / 2));
        });
        // a response that promises the whole file, then drops the connection halfway
        serve("dropped", exchange -> {
            byte[] whole = fixture(exchange);
            exchange.sendResponseHeaders(200, whole.length);
            OutputStream body = exchange.getResponseBody();
            body.write(whole, 0, whole.length / 2);
            body.flush();
            throw new IOException("connection dropped on purpose");
        });
        // complete gzip data of the wrong content: the checksum cannot match
        serve("corrupt", exchange -> send(exchange, 200,
                IdxFiles.gzip(IdxFiles.labels(1, 2, 3))));
        serve("error", exchange -> send(exchange, 500, "Internal Server Error".getBytes(StandardCharsets.UTF_8)));
        serve("missing", exchange -> send(exchange, 404, "Not Found".getBytes(StandardCharsets.UTF_8)));
        // headers, a few bytes, then nothing for longer than the read timeout
        serve("stall", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[]{0x1f, (byte) 0x8b});
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // an endless body
        serve("endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[1 << 16];
            try {
                for (int i = 0; i < 100_000; i++) {
                    exchange.getResponseBody().write(chunk);
                }
            } catch (IOException e) {
                // the client hung up, as it should
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void serve(String mirror, Handler handler) {
        hits.put(mirror, new AtomicInteger());
        server.createContext("/" + mirror + "/", exchange -> {
            hits.get(mirror).incrementAndGet();
            try (exchange) {
                handler.handle(exchange);
            }
        });
    }

    /** The fixture file named by the request's last path segment, or null. */
    private static byte[] fixture(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Path file = Fixtures.fullTestSet().resolve(path.substring(path.lastIndexOf('/') + 1));
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private URI mirror(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/");
    }

    private MnistDownloader downloader(String... mirrors) {
        return new MnistDownloader(Stream.of(mirrors).map(this::mirror).toList());
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aMirrorThatStallsAfterItsHeadersFailsInSecondsAndTheNextIsTried() throws Exception {
        MnistDownloader downloader = new MnistDownloader(List.of(mirror("stall"), mirror("good")),
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1));
        long start = System.nanoTime();
        downloader.download(dir, List.of(MnistFile.TEST_LABELS), p -> { }, () -> false);

        assertThat((System.nanoTime() - start) / 1e9).isLessThan(8);
        assertThat(filesInDir()).containsExactly("t10k-labels-idx1-ubyte.gz");
        assertThat(hits.get("stall").get()).isEqualTo(1);
    }

    @Test
    void aStalledMirrorIsNamedWithTheReason() {
        MnistDownloader downloader = new MnistDownloader(List.of(mirror("stall")),
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1));
        assertThatThrownBy(() -> downloader.download(dir, List.of(MnistFile.TEST_LABELS), p -> { }, () -> false))
                .hasMessage("Could not download t10k-labels-idx1-ubyte.gz from any mirror (127.0.0.1: stalled: nothing received for 1 s).");
    }

    @Test
    void anEndlessResponseIsCutAtTheFilesSizeAndLeavesNothing() throws IOException {
        MnistDownloader downloader = downloader("endless");
        assertThatThrownBy(() -> downloader.download(dir, List.of(MnistFile.TEST_LABELS), p -> { }, () -> false))
                .hasMessageContaining("127.0.0.1: it sent more than ");
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void aDownloadedFileIsReadableByAllLikeAnyOtherFile() throws Exception {
        downloader("good").download(dir, List.of(MnistFile.TEST_LABELS), p -> { }, () -> false);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("t10k-labels-idx1-ubyte.gz")))).isEqualTo("rw-r--r--");
    }

    @Test
    void aPartFileLeftByAKilledDownloadIsRemoved() throws Exception {
        Path stale = Files.write(dir.resolve(".t10k-labels-idx1-ubyte.gz12345.part"), new byte[1000]);
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));
        Path fresh = Files.write(dir.resolve(".t10k-labels-idx1-ubyte.gz999.part"), new byte[10]);

        downloader("good").download(dir, List.of(MnistFile.TEST_LABELS), p -> { }, () -> false);

        assertThat(stale).doesNotExist();
        assertThat(fresh).as("young: may belong to another process's download").exists();
    }

    @Test
    void downloadsVerifiedFilesThatMnistDataCanLoad() throws Exception {
        downloader("good").download(dir, TEST_FILES, p -> { }, () -> false);

        assertThat(filesInDir()).containsExactly("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
        MnistSet set = MnistData.load(dir, MnistData.Split.TEST);
        assertThat(set.size()).isEqualTo(10_000);
    }

    @Test
    void triesTheNextMirrorAfterServerErrorsAndMissingFiles() throws Exception {
        downloader("error", "missing", "good").download(dir, List.of(MnistFile.TEST_LABELS), p -> { }, () -> false);

        assertThat(filesInDir()).containsExactly("t10k-labels-idx1-ubyte.gz");
        assertThat(hits.get("error").get()).isEqualTo(1);
        assertThat(hits.get("missing").get()).isEqualTo(1);
        assertThat(hits.get("good").get()).isEqualTo(1);
    }

    @Test
    void triesTheNextMirrorAfterATruncatedOrCorruptFile() throws Exception {
        downloader("short", "dropped", "corrupt", "good").download(dir, List.of(MnistFile.TEST_LABELS), p -> { }, () -> false);

        assertThat(filesInDir()).containsExactly("t10k-labels-idx1-ubyte.gz");
        assertThat(hits.get("short").get()).isEqualTo(1);
        assertThat(hits.get("dropped").get()).isEqualTo(1);
        assertThat(hits.get("corrupt").get()).isEqualTo(1);
        assertThat(IdxReader.read(dir.resolve("t10k-labels-idx1-ubyte.gz"), 1).count()).isEqualTo(10_000);
    }

    @Test
    void stopsAtTheFirstMirrorThatWorks() throws Exception {
        downloader("good", "error").download(dir, TEST_FILES, p -> { }, () -> false);

        assertThat(hits.get("good").get()).isEqualTo(2);
        assertThat(hits.get("error").get()).isZero();
    }

    @Test
    void aFileWithTheWrongChecksumNeverAppearsAndTheErrorSaysWhy() throws IOException {
        MnistDownloader downloader = downloader("corrupt");

        assertThatThrownBy(() -> downloader.download(dir, List.of(MnistFile.TEST_LABELS), p -> { }, () -> false))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Could not download t10k-labels-idx1-ubyte.gz from any mirror (127.0.0.1: checksum mismatch (got 11 bytes with SHA-256 ")
                .hasMessageContaining("bytes with ff7bcfd416de");
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void aTruncatedFileNeverAppearsAndTheErrorSaysWhy() throws IOException {
        MnistDownloader downloader = downloader("short");

        assertThatThrownBy(() -> downloader.download(dir, List.of(MnistFile.TEST_LABELS), p -> { }, () -> false))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Could not download t10k-labels-idx1-ubyte.gz from any mirror (127.0.0.1: the file is not complete gzip data");
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void whenEveryMirrorFailsTheErrorListsEachFailure() throws IOException {
        MnistDownloader downloader = downloader("error", "missing", "dropped");

        assertThatThrownBy(() -> downloader.download(dir, List.of(MnistFile.TEST_LABELS), p -> { }, () -> false))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Could not download t10k-labels-idx1-ubyte.gz from any mirror (127.0.0.1: HTTP 500; 127.0.0.1: HTTP 404; 127.0.0.1: ");
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void aFailedDownloadLeavesAnExistingFileAlone() throws Exception {
        Path existing = Files.writeString(dir.resolve("t10k-labels-idx1-ubyte.gz"), "the old file");

        assertThatThrownBy(() -> downloader("corrupt").download(dir, List.of(MnistFile.TEST_LABELS), p -> { }, () -> false))
                .isInstanceOf(IOException.class);

        assertThat(Files.readString(existing)).isEqualTo("the old file");
        assertThat(filesInDir()).containsExactly("t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void reportsProgressAndTheFileAppearsOnlyOnceVerified() throws Exception {
        List<MnistDownloader.Progress> events = new ArrayList<>();
        List<Boolean> targetExisted = new ArrayList<>();
        Path target = dir.resolve(MnistFile.TEST_IMAGES.gzipName());

        downloader("good").download(dir, TEST_FILES, p -> {
            events.add(p);
            targetExisted.add(Files.exists(target));
        }, () -> false);

        List<MnistDownloader.Progress> images = events.stream().filter(p -> p.file() == MnistFile.TEST_IMAGES).toList();
        assertThat(images).hasSizeGreaterThan(2);
        // while bytes arrive, the file is not there yet; after the last event of the file, it is
        int lastImageEvent = events.indexOf(images.get(images.size() - 1));
        assertThat(targetExisted.subList(0, lastImageEvent)).containsOnly(false);
        assertThat(targetExisted.get(lastImageEvent)).isTrue();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).fraction()).isGreaterThanOrEqualTo(events.get(i - 1).fraction());
        }
        for (int i = 1; i < images.size() - 1; i++) {
            assertThat(images.get(i).bytes()).isGreaterThan(images.get(i - 1).bytes());
        }
        assertThat(events.get(events.size() - 1).fraction()).isEqualTo(1.0);
        assertThat(events.get(events.size() - 1).file()).isEqualTo(MnistFile.TEST_LABELS);
        assertThat(images.get(0).totalBytes()).isEqualTo(MnistFile.TEST_IMAGES.gzipSize());
    }

    @Test
    void canBeCancelledAndLeavesNothingBehind() throws IOException {
        MnistDownloader downloader = downloader("good", "error");
        AtomicInteger progressEvents = new AtomicInteger();

        assertThatThrownBy(() -> downloader.download(dir, TEST_FILES,
                p -> progressEvents.incrementAndGet(), () -> progressEvents.get() > 0))
                .isInstanceOf(CancellationException.class);

        assertThat(filesInDir()).isEmpty();
        assertThat(hits.get("error").get()).as("a cancelled download tries no other mirror").isZero();
    }

    @Test
    void refusesAMirrorThatIsNotHttps() {
        assertThatThrownBy(() -> new MnistDownloader(List.of(URI.create("http://example.com/mnist/"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Mirror http://example.com/mnist/ is not HTTPS; only HTTPS mirrors are used.");
        assertThatThrownBy(() -> new MnistDownloader(List.of(URI.create("ftp://127.0.0.1/mnist/"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsHttpsMirrorsAndPlainHttpOnlyOnLoopback() {
        new MnistDownloader(List.of(URI.create("https://example.com/mnist/"),
                URI.create("http://127.0.0.1:8080/"), URI.create("http://localhost/mnist/")));
        assertThat(MnistDownloader.DEFAULT_MIRRORS).allSatisfy(uri -> assertThat(uri.getScheme()).isEqualTo("https"));
    }

    @Test
    void theDownloadSizeIsTheSumOfTheGzippedFiles() {
        assertThat(MnistDownloader.downloadSize(TEST_FILES)).isEqualTo(1_648_877L + 4_542L);
    }
}
