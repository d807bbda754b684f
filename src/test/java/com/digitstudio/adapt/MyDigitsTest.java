package com.digitstudio.adapt;

import com.digitstudio.ink.Ink;
import com.digitstudio.ink.InkFiles;
import com.digitstudio.ink.InkPoint;
import com.digitstudio.ink.LabelledInk;
import com.digitstudio.ink.Stroke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** My digits on disk: strokes and labels kept exactly, in the format `strokes` reads, in the XDG data folder. */
class MyDigitsTest {
    @TempDir
    Path dir;

    private static Ink ink(double... xy) {
        Stroke s = new Stroke(List.of(new InkPoint(xy[0], xy[1], 5), new InkPoint(xy[2], xy[3], 17)));
        return new Ink(List.of(s));
    }

    @Test
    void drawingsRoundTripWithTheirStrokesLabelsAndIds() throws IOException {
        Path file = dir.resolve("sub/my-digits.jsonl");
        List<MyDigits.Drawing> drawings = List.of(MyDigits.Drawing.of(7, ink(1, 2, 30.5, 40.25)),
                MyDigits.Drawing.of(1, ink(10, 0, 10, 90)));
        MyDigits.save(file, drawings);
        assertThat(MyDigits.load(file)).isEqualTo(drawings);
    }

    @Test
    void theFileIsWhatTheStrokesCommandReads() throws IOException {
        Path file = dir.resolve("my-digits.jsonl");
        MyDigits.save(file, List.of(MyDigits.Drawing.of(4, ink(0, 0, 5, 5))));
        List<LabelledInk> read = InkFiles.read(file, null);
        assertThat(read).hasSize(1);
        assertThat(read.get(0).label()).isEqualTo(4);
        assertThat(read.get(0).ink().pointCount()).isEqualTo(2);
    }

    @Test
    void relabellingKeepsTheIdAndAnEmptyListIsNoFile() throws IOException {
        Path file = dir.resolve("my-digits.jsonl");
        MyDigits.Drawing d = MyDigits.Drawing.of(7, ink(1, 1, 2, 2));
        MyDigits.save(file, List.of(d.relabelled(1)));
        assertThat(MyDigits.load(file)).extracting(MyDigits.Drawing::id, MyDigits.Drawing::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(d.id(), 1));
        MyDigits.save(file, List.of());
        assertThat(file).doesNotExist();
        assertThat(MyDigits.load(file)).isEmpty();
    }

    @Test
    void aDamagedFileIsOneSentenceNamingItAndItsLine() throws IOException {
        Path file = dir.resolve("my-digits.jsonl");
        MyDigits.save(file, List.of(MyDigits.Drawing.of(7, ink(1, 2, 3, 4))));
        Files.writeString(file, "{\"label\": 12, \"strokes\": []}\n", java.nio.file.StandardOpenOption.APPEND);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MyDigits.load(file)).isInstanceOf(IOException.class)
                .hasMessage("my-digits.jsonl, line 2: \"label\" must be a digit 0-9.");
        Files.write(file, new byte[]{0x1f, (byte) 0x8b, 1, 2, 3});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MyDigits.load(file)).isInstanceOf(IOException.class)
                .hasMessage("my-digits.jsonl is not valid gzip data: it is corrupt or cut short.");
    }

    @Test
    void theDefaultPlaceIsTheXdgDataFolder() {
        assertThat(MyDigits.defaultFile("/data", "/home/u")).isEqualTo(Path.of("/data/digit-studio/my-digits.jsonl"));
        assertThat(MyDigits.defaultFile(null, "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/digit-studio/my-digits.jsonl"));
        assertThat(Files.exists(dir.resolve("never-written"))).isFalse();
    }
}
