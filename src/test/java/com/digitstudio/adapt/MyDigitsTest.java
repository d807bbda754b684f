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
    void aChangeIsAppliedToWhatTheFileHoldsWhenItIsWrittenSoTwoAppsKeepEachOthersDrawings() throws IOException {
        Path file = dir.resolve("my-digits.jsonl");
        MyDigits.Drawing mine = MyDigits.Drawing.of(7, ink(1, 1, 2, 2));
        MyDigits.Drawing theirs = MyDigits.Drawing.of(3, ink(5, 5, 6, 6));
        // both apps read the empty file at start, then each adds a drawing
        MyDigits.update(file, List.of(new MyDigits.Added(mine)));
        List<MyDigits.Drawing> seen = MyDigits.update(file, List.of(new MyDigits.Added(theirs)));
        assertThat(seen).containsExactly(mine, theirs);
        assertThat(MyDigits.load(file)).containsExactly(mine, theirs);

        seen = MyDigits.update(file, List.of(new MyDigits.Relabelled(theirs.id(), 8), new MyDigits.Deleted(mine.id())));
        assertThat(seen).containsExactly(theirs.relabelled(8));
        assertThat(MyDigits.load(file)).isEqualTo(seen);
    }

    @Test
    void changesAppliedTwiceChangeNothingMore() throws IOException {
        Path file = dir.resolve("my-digits.jsonl");
        MyDigits.Drawing d = MyDigits.Drawing.of(7, ink(1, 1, 2, 2));
        List<MyDigits.Change> changes = List.of(new MyDigits.Added(d), new MyDigits.Relabelled(d.id(), 2));
        MyDigits.update(file, changes);
        assertThat(MyDigits.update(file, changes)).containsExactly(d.relabelled(2));
        MyDigits.update(file, List.of(new MyDigits.Deleted(d.id())));
        assertThat(MyDigits.update(file, List.of(new MyDigits.Deleted(d.id())))).isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void aFileThatCannotBeReadIsNotWrittenOver() throws IOException {
        Path file = dir.resolve("my-digits.jsonl");
        Files.writeString(file, "{\"label\": 12, \"strokes\": []}\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MyDigits.update(file,
                        List.of(new MyDigits.Added(MyDigits.Drawing.of(1, ink(0, 0, 1, 1))))))
                .isInstanceOf(IOException.class).hasMessageContaining("line 1");
        assertThat(Files.readString(file)).isEqualTo("{\"label\": 12, \"strokes\": []}\n");
    }

    @Test
    void linesWithoutAnIdGetTheSameIdOnEveryReadSoTheyCanBeDeleted() throws IOException {
        Path file = dir.resolve("my-digits.jsonl");
        Files.writeString(file, "{\"label\": 4, \"strokes\": [[[0, 0, 0], [5, 5, 10]]]}\n"
                + "{\"label\": 4, \"strokes\": [[[0, 0, 0], [5, 5, 10]]]}\n");
        List<MyDigits.Drawing> read = MyDigits.load(file);
        assertThat(MyDigits.load(file)).isEqualTo(read);
        assertThat(read.get(0).id()).isNotEqualTo(read.get(1).id());
        assertThat(MyDigits.update(file, List.of(new MyDigits.Deleted(read.get(0).id())))).containsExactly(read.get(1));
    }

    @Test
    void anotherProcessAddingAtTheSameTimeLosesNothingAndNeitherDoesThisOne() throws Exception {
        Path file = dir.resolve("shared/my-digits.jsonl");
        int each = 150;
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MyDigitsWriter.class.getName(),
                file.toString(), "1", Integer.toString(each))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            other.getOutputStream().write('\n');
            other.getOutputStream().flush();
            for (int i = 0; i < each; i++) {
                MyDigits.update(file, List.of(new MyDigits.Added(MyDigits.Drawing.of(2, MyDigitsWriter.ink(i)))));
            }
            assertThat(other.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(other.exitValue()).isZero();
        } finally {
            other.destroyForcibly();
        }
        List<MyDigits.Drawing> all = MyDigits.load(file);
        assertThat(all.stream().filter(d -> d.label() == 1)).hasSize(each);
        assertThat(all.stream().filter(d -> d.label() == 2)).hasSize(each);
    }

    @Test
    void theDefaultPlaceIsTheXdgDataFolder() {
        assertThat(MyDigits.defaultFile("/data", "/home/u")).isEqualTo(Path.of("/data/digit-studio/my-digits.jsonl"));
        assertThat(MyDigits.defaultFile(null, "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/digit-studio/my-digits.jsonl"));
        assertThat(Files.exists(dir.resolve("never-written"))).isFalse();
    }
}
