package com.digitstudio.ink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InkFilesTest {
    private static final String TWO_SAMPLES = """
            {"label": 1, "writer": "x", "strokes": [[[0, 0], [0, 10]]]}

            {"label": 7, "strokes": [[[0, 0, 5], [5, 0, 12]], [[2, 5], [3, 10]]]}
            """;

    @Test
    void readsPlainAndGzippedJsonLinesIgnoringExtraFieldsAndBlankLines(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("s.jsonl");
        Files.writeString(plain, TWO_SAMPLES);
        Path gzipped = dir.resolve("s.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write(TWO_SAMPLES.getBytes(StandardCharsets.UTF_8));
        }
        for (Path file : List.of(plain, gzipped)) {
            List<LabelledInk> samples = InkFiles.read(file, null);
            assertThat(samples).extracting(LabelledInk::label).containsExactly(1, 7);
            assertThat(samples.get(1).ink().strokes()).hasSize(2);
            assertThat(samples.get(1).ink().strokes().get(0).points().get(1)).isEqualTo(new InkPoint(5, 0, 12));
        }
    }

    @Test
    void badLinesAreReportedWithTheirLineNumber(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"label\": 3, \"strokes\": []}\n{\"label\": 12, \"strokes\": []}\n");
        assertThatThrownBy(() -> InkFiles.read(file, null)).hasMessage("bad.jsonl, line 2: \"label\" must be a digit 0-9.");
        Files.writeString(file, "{\"label\": 3, \"strokes\": [[[1, \"a\"]]]}\n");
        assertThatThrownBy(() -> InkFiles.read(file, null)).hasMessage("bad.jsonl, line 1: each point must be [x, y] with numbers.");
        Files.writeString(file, "{\"label\": 3,\n");
        assertThatThrownBy(() -> InkFiles.read(file, null)).hasMessageStartingWith("bad.jsonl, line 1: not valid JSON");
    }

    @Test
    void aTabletWithDifferentResolutionsPerAxisKeepsTheDigitsShape() throws Exception {
        LabelledInk squashed = InkFiles.parse("{\"label\": 0, \"ppi\": [200, 100], \"strokes\": [[[10, 10], [20, 30]]]}", "t", 1, null);
        assertThat(squashed.ink().strokes().get(0).points()).containsExactly(new InkPoint(10, 20), new InkPoint(20, 60));
        for (String ppi : List.of("[145, 145]", "null", "[0, 100]", "\"high\"", "[300]")) {
            LabelledInk same = InkFiles.parse("{\"label\": 0, \"ppi\": " + ppi + ", \"strokes\": [[[10, 10]]]}", "t", 1, null);
            assertThat(same.ink().strokes().get(0).points()).as("ppi %s", ppi).containsExactly(new InkPoint(10, 10));
        }
    }
}
