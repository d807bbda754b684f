package com.digitstudio.ink;

import com.digitstudio.Mutations;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Damaged stroke lines and damaged images: read, or refused with an IOException naming the file; nothing else. */
class ReaderFuzzTest {
    private static final String VALID_LINE =
            "{\"label\": 4, \"writer\": \"w1\", \"ppi\": [100, 120], \"strokes\": [[[10, 0, 5], [10, 40, 9]], [[0, 20], [20, 20]]]}";

    @Provide
    Arbitrary<String> damagedLine() {
        return Mutations.of(VALID_LINE.getBytes(StandardCharsets.UTF_8)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> pieces = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"label\"", "\"strokes\"", "1", "-3",
                "3.7", "1e400", "null", "true", "\"x\"", " ", "NaN", "[[", "]]");
        return pieces.list().ofMaxSize(40).map(list -> String.join("", list));
    }

    @Property(tries = 500)
    void aDamagedStrokeLineIsParsedOrRefusedInWords(@ForAll("damagedLine") String line) {
        checkLine(line);
    }

    @Property(tries = 500)
    void randomJsonIsParsedOrRefusedInWords(@ForAll("jsonish") String line) {
        checkLine(line);
    }

    private static void checkLine(String line) {
        try {
            LabelledInk ink = InkFiles.parse(line, "s.jsonl", 1, "writer");
            assertThat(ink.label()).isBetween(0, 9);
        } catch (IOException e) {
            assertThat(e.getMessage()).startsWith("s.jsonl, line 1: ").endsWith(".");
        }
    }

    @Provide
    Arbitrary<byte[]> damagedImage() {
        return Arbitraries.of("png", "jpg", "gif", "bmp").flatMap(format -> Mutations.of(image(format)));
    }

    private static byte[] image(String format) {
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 40, 40);
        g.setColor(Color.BLACK);
        g.drawOval(10, 5, 20, 30);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    @Property(tries = 300)
    void aDamagedImageIsReadOrRefusedInWords(@ForAll("damagedImage") byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz", ".img");
        try {
            Files.write(file, bytes);
            ImageDigits.fromFile(file);
        } catch (IOException e) {
            assertThat(e.getMessage()).startsWith(file.getFileName().toString()).endsWith(".");
        } finally {
            Files.delete(file);
        }
    }
}
