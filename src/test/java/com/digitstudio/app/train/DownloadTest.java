package com.digitstudio.app.train;

import com.sun.net.httpserver.HttpServer;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.digitstudio.app.train.TrainViewHarness.fx;
import static com.digitstudio.app.train.TrainViewHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** "Download" against a local mirror that fails or never ends. */
@ExtendWith(ApplicationExtension.class)
class DownloadTest {
    @TempDir
    Path temp;
    private Stage stage;
    private HttpServer server;
    private TrainViewHarness harness;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private TrainViewHarness mountWithMirror(FxRobot robot, boolean endless) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (!endless) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, 0);
            // a slow mirror: 16 KB every 20 ms, far from the download's size cap before the test cancels
            byte[] chunk = new byte[1 << 14];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 3_000; i++) {
                    out.write(chunk);
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (IOException closedByTheClient) {
                exchange.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        URI mirror = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        Path empty = Files.createDirectories(temp.resolve("mnist"));
        TrainOptions options = new TrainOptions(empty, temp.resolve("last.ckpt.dsm"), List.of(mirror));
        harness = new TrainViewHarness(robot, stage, options);
        waitUntil(30, () -> harness.vm.dataStateProperty().get() == TrainData.DataState.MISSING);
        return harness;
    }

    @Test
    void aFailedDownloadSaysWhyInOneSentenceAndCanBeTriedAgain(FxRobot robot) throws Exception {
        TrainViewHarness h = mountWithMirror(robot, false);

        h.click("#download");
        waitUntil(60, () -> h.vm.dataMessageProperty().get().startsWith("The download failed"));

        String message = fx(() -> ((Label) h.node("#data-message")).getText());
        assertThat(message).startsWith("The download failed: Could not download train-images-idx3-ubyte.gz from any mirror")
                .contains("HTTP 404").doesNotContain("\n").doesNotContain("Exception");
        assertThat(fx(() -> h.node("#download").isVisible())).as("Download can be pressed again").isTrue();
        assertThat(fx(() -> h.node("#cancel-download").getParent().isVisible())).as("no progress bar or Cancel").isFalse();
    }

    @Test
    void cancelStopsTheDownloadAndLeavesNothingHalfWritten(FxRobot robot) throws Exception {
        TrainViewHarness h = mountWithMirror(robot, true);

        h.click("#download");
        waitUntil(60, () -> h.vm.downloadProgressProperty().get() > 0);
        assertThat(fx(() -> h.node("#download-progress").getParent().isVisible())).isTrue();
        assertThat(fx(() -> h.vm.dataMessageProperty().get())).startsWith("Downloading train-images-idx3-ubyte.gz");
        h.click("#cancel-download");
        waitUntil(60, () -> h.vm.dataStateProperty().get() == TrainData.DataState.MISSING);

        assertThat(fx(() -> h.vm.dataMessageProperty().get())).isEqualTo("The download was cancelled; nothing half-written was kept.");
        try (var files = Files.list(temp.resolve("mnist"))) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
