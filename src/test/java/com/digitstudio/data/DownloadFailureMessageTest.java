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
        assertThat(MnistDownloader.describe(new ConnectException())).isEqualTo("cannot connect (offline?)");
        assertThat(MnistDownloader.describe(new java.net.UnknownHostException())).isEqualTo("unknown host (offline?)");
        assertThat(MnistDownloader.describe(new IOException())).isEqualTo("IOException");
        assertThat(MnistDownloader.describe(new IOException("HTTP 500"))).isEqualTo("HTTP 500");
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
