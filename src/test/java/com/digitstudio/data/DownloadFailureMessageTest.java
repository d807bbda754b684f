package com.digitstudio.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DownloadFailureMessageTest {

    @Test
    void exceptionsWithoutAMessageAreDescribedInWords() {
        MnistDownloader d = new MnistDownloader(List.of());
        assertThat(d.describe(new ConnectException())).isEqualTo("cannot connect (offline?)");
        assertThat(d.describe(new java.net.UnknownHostException())).isEqualTo("unknown host (offline?)");
        assertThat(d.describe(new IOException())).isEqualTo("the connection failed");
        assertThat(d.describe(new IOException("HTTP 500"))).isEqualTo("HTTP 500");
        assertThat(d.describe(new java.net.SocketTimeoutException("Read timed out"))).isEqualTo("stalled: nothing received for 20 s");
        assertThat(d.describe(new java.net.SocketTimeoutException("Connect timed out"))).isEqualTo("no answer within 10 s");
    }

    @Test
    void aMirrorNobodyListensOnGivesAReasonNotNull(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        MnistDownloader downloader = new MnistDownloader(List.of(URI.create("http://127.0.0.1:" + port + "/")));
        assertThatThrownBy(() -> downloader.download(dir, List.of(MnistFile.TEST_LABELS), p -> { }, () -> false))
                .hasMessageContaining("127.0.0.1: cannot connect")
                .hasMessageNotContaining("null");
    }
}
